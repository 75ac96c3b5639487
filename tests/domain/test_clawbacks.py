"""Clawback amounts and the answers a support user gives for each rejected mentor."""

import pytest

from domain.clawbacks import (
    REASON_MAX_LENGTH,
    ClawbackAnswer,
    MentorClawback,
    clawback_pence,
    parse_reason,
    parse_response_row,
    parse_trained_hours,
)
from domain.csv_upload import RowError
from domain.validation.field_error import FieldError


@pytest.mark.parametrize(
    ("text", "claimed", "expected"),
    [
        ("0", 16, 0),
        ("16", 16, 16),
        (" 7 ", 16, 7),
        ("", 16, FieldError("hours", "Enter the number of hours the mentor trained")),
        ("  ", 16, FieldError("hours", "Enter the number of hours the mentor trained")),
        ("17", 16, FieldError("hours", "Number of hours must be between 0 and 16")),
        ("1.5", 16, FieldError("hours", "Number of hours must be a whole number")),
        ("-1", 16, FieldError("hours", "Number of hours must be a whole number")),
        ("ten", 16, FieldError("hours", "Number of hours must be a whole number")),
        ("9" * 50, 16, FieldError("hours", "Number of hours must be a whole number")),
    ],
)
def test_trained_hours(text, claimed, expected):
    assert parse_trained_hours(text, claimed, "hours") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mentor left in October", "Mentor left in October"),
        ("", FieldError("reason", "Enter why the hours are being clawed back")),
        (
            "x" * (REASON_MAX_LENGTH + 1),
            FieldError("reason", f"Reason must be {REASON_MAX_LENGTH} characters or fewer"),
        ),
    ],
)
def test_reason(text, expected):
    assert parse_reason(text, "reason") == expected


def test_the_amount_is_the_untrained_hours_at_the_claims_rate():
    mentors = [
        MentorClawback("Ada Lovelace", claimed_hours=16, trained_hours=10, reason="Left"),
        MentorClawback("Bob Brown", claimed_hours=6, trained_hours=0, reason="Never started"),
    ]
    assert clawback_pence(mentors, rate_pence=53_60) == (6 + 6) * 53_60


def test_nothing_untrained_is_nothing_to_take_back():
    assert clawback_pence([MentorClawback("Ada", 16, 16, "Trained after all")], 43_80) == 0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"claim_reference": " ab12cd34", "claim_status": "Clawback_Complete"},
            ClawbackAnswer(2, "AB12CD34"),
        ),
        (
            {"claim_reference": "", "claim_status": ""},
            [
                RowError(2, "claim_reference", "Enter the claim reference"),
                RowError(2, "claim_status", "Enter clawback_complete"),
            ],
        ),
        (
            {"claim_reference": "AB12CD34", "claim_status": "paid"},
            [RowError(2, "claim_status", "‘paid’ is not clawback_complete")],
        ),
    ],
)
def test_clawback_response_rows(values, expected):
    assert parse_response_row(2, values) == expected
