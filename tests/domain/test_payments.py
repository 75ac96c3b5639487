"""Reading the payer's response row by row, and amounts as the payer's file writes them."""

from __future__ import annotations

import pytest

from domain.claim_lifecycle import allowed
from domain.claim_status import ClaimStatus
from domain.csv_upload import RowError
from domain.payments import (
    ACTIONS,
    PayerAnswer,
    PayerStatus,
    amount_text,
    parse_response_row,
    spreadsheet_safe,
)


def _row(reference: str, status: str, reason: str = "") -> dict[str, str]:
    return {"claim_reference": reference, "claim_status": status, "claim_unpaid_reason": reason}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (_row("abcd1234", "paid"), PayerAnswer(2, "ABCD1234", PayerStatus.PAID)),
        (_row(" ABCD1234 ", " Paid ", "ignored"), PayerAnswer(2, "ABCD1234", PayerStatus.PAID)),
        (
            _row("ABCD1234", "UNPAID", "No bank details"),
            PayerAnswer(2, "ABCD1234", PayerStatus.UNPAID, "No bank details"),
        ),
        (_row("ABCD1234", "submitted"), PayerAnswer(2, "ABCD1234", PayerStatus.SUBMITTED)),
    ],
)
def test_good_rows(values, expected):
    assert parse_response_row(2, values) == expected


@pytest.mark.parametrize(
    ("values", "columns"),
    [
        (_row("", "paid"), ["claim_reference"]),
        (_row("ABCD1234", ""), ["claim_status"]),
        (_row("ABCD1234", "pending"), ["claim_status"]),
        (_row("ABCD1234", "unpaid"), ["claim_unpaid_reason"]),
        (_row("ABCD1234", "unpaid", "   "), ["claim_unpaid_reason"]),
        (_row("", "nope"), ["claim_reference", "claim_status"]),
    ],
)
def test_every_error_in_a_row_is_named_by_its_column(values, columns):
    errors = parse_response_row(7, values)
    assert isinstance(errors, list)
    assert [error.column for error in errors] == columns
    assert all(isinstance(error, RowError) and error.row == 7 for error in errors)


def test_each_payer_answer_is_a_move_the_status_machine_allows_from_payment_in_progress():
    assert all(allowed(action, ClaimStatus.PAYMENT_IN_PROGRESS) for action in ACTIONS.values())
    assert PayerStatus.SUBMITTED not in ACTIONS


@pytest.mark.parametrize(
    ("pence", "text"), [(0, "0.00"), (5, "0.05"), (26850, "268.50"), (123456789, "1234567.89")]
)
def test_amounts_have_no_pound_sign_or_commas(pence, text):
    assert amount_text(pence) == text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("@SUM", "'@SUM"),
        ("-1", "'-1"),
        ("St Mary's", "St Mary's"),
    ],
)
def test_a_cell_is_never_a_formula(value, shown):
    assert spreadsheet_safe(value) == shown
