"""Audit: the provider's deadline, the sample file's rows and the provider's answers."""

from datetime import date

import pytest

from domain.audit import (
    RESPONSE_DAYS,
    ProviderAnswer,
    SampleRow,
    parse_provider_row,
    parse_sample_row,
    provider_response_problems,
    response_deadline,
)
from domain.csv_upload import RowError


@pytest.mark.parametrize(
    ("sent_on", "deadline"),
    [
        # A Monday: 21 days on is a Monday.
        (date(2026, 12, 7), date(2026, 12, 28)),
        # A Friday: a Friday.
        (date(2026, 12, 11), date(2027, 1, 1)),
        # A Saturday: 21 days on is a Saturday, moved to the Monday.
        (date(2026, 12, 12), date(2027, 1, 4)),
        # A Sunday: moved to the Monday.
        (date(2026, 12, 13), date(2027, 1, 4)),
        # Across a leap day.
        (date(2028, 2, 15), date(2028, 3, 7)),
    ],
)
def test_the_providers_deadline(sent_on, deadline):
    assert response_deadline(sent_on) == deadline


def test_the_deadline_is_never_at_a_weekend_nor_sooner_than_21_days():
    for day in range(1, 366):
        sent_on = date.fromordinal(date(2026, 1, 1).toordinal() + day)
        deadline = response_deadline(sent_on)
        assert deadline.weekday() < 5
        assert RESPONSE_DAYS <= (deadline - sent_on).days <= RESPONSE_DAYS + 2


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"claim_reference": " ab12cd34 ", "sample_reason": "Random"},
            SampleRow(2, "AB12CD34", "Random"),
        ),
        (
            {"claim_reference": "", "sample_reason": ""},
            [
                RowError(2, "claim_reference", "Enter the claim reference"),
                RowError(2, "sample_reason", "Enter why the claim was sampled"),
            ],
        ),
        (
            {"claim_reference": "AB12CD34", "sample_reason": "x" * 501},
            [RowError(2, "sample_reason", "Reason must be 500 characters or fewer")],
        ),
    ],
)
def test_sample_rows(values, expected):
    assert parse_sample_row(2, values) == expected


def _row(accepted: str, reason: str = "", mentor: str = "Ada  Lovelace") -> dict[str, str]:
    return {
        "claim_reference": "ab12cd34",
        "mentor_full_name": mentor,
        "claim_accepted": accepted,
        "rejection_reason": reason,
    }


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (_row("yes"), ProviderAnswer(3, "AB12CD34", "Ada Lovelace", True)),
        (_row("TRUE", "ignored"), ProviderAnswer(3, "AB12CD34", "Ada Lovelace", True)),
        (
            _row("No", "Not trained"),
            ProviderAnswer(3, "AB12CD34", "Ada Lovelace", False, "Not trained"),
        ),
        (_row("false", "Absent"), ProviderAnswer(3, "AB12CD34", "Ada Lovelace", False, "Absent")),
        (
            _row("no"),
            [RowError(3, "rejection_reason", "Enter why the provider rejected the claim")],
        ),
        (_row(""), [RowError(3, "claim_accepted", "Enter yes or no")]),
        (_row("maybe"), [RowError(3, "claim_accepted", "‘maybe’ is not yes, no, true or false")]),
        (
            _row("yes", mentor=" "),
            [RowError(3, "mentor_full_name", "Enter the mentor’s full name")],
        ),
    ],
)
def test_provider_rows(values, expected):
    assert parse_provider_row(3, values) == expected


AUDITED = {"AB12CD34": ["Ada Lovelace", "Alan Turing"]}
OTHERS = {"PAID0001": "paid"}


def _answer(row: int, mentor: str, reference: str = "AB12CD34") -> ProviderAnswer:
    return ProviderAnswer(row, reference, mentor, True)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([_answer(2, "ada lovelace"), _answer(3, "ALAN  TURING")], []),
        (
            [_answer(2, "Ada Lovelace")],
            [
                RowError(
                    2,
                    "mentor_full_name",
                    "Claim AB12CD34 has no row for Alan Turing: every mentor on the claim needs a row",
                )
            ],
        ),
        (
            [_answer(2, "Ada Lovelace"), _answer(3, "Ada Lovelace"), _answer(4, "Alan Turing")],
            [
                RowError(
                    3,
                    "mentor_full_name",
                    "Ada Lovelace is in the file more than once for claim AB12CD34",
                )
            ],
        ),
        (
            [_answer(2, "Grace Hopper"), _answer(3, "Ada Lovelace"), _answer(4, "Alan Turing")],
            [RowError(2, "mentor_full_name", "Grace Hopper is not a mentor on claim AB12CD34")],
        ),
        (
            [_answer(2, "Ada Lovelace", "PAID0001")],
            [RowError(2, "claim_reference", "Claim PAID0001 is paid, not audit requested")],
        ),
        (
            [_answer(2, "Ada Lovelace", "NOSUCH")],
            [
                RowError(
                    2, "claim_reference", "There is no submitted claim with the reference NOSUCH"
                )
            ],
        ),
    ],
)
def test_provider_response_problems(answers, expected):
    assert provider_response_problems(answers, AUDITED, OTHERS) == expected
