"""The claims download's cells: amounts as plain decimals, ISO dates, no spreadsheet formulas."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from db.queries.support_claims import CsvClaim
from domain.claim_status import ClaimStatus
from web.support_claims_csv import COLUMNS, csv_lines, csv_row, pounds


def _claim(**changes) -> CsvClaim:
    values = {
        "id": 1,
        "reference": "12345678",
        "school_urn": "100000",
        "school_name": "Hill School",
        "local_authority": "Shropshire",
        "establishment_type": "Voluntary controlled school",
        "establishment_group": "Local authority maintained schools",
        "provider_name": "Best Training",
        "provider_code": "1BT",
        "amount_pence": 123405,
        "submitted_at": datetime(2026, 6, 2, 10, 30, tzinfo=UTC),
        "status": ClaimStatus.PAID,
    }
    return CsvClaim(**{**values, **changes})


@pytest.mark.parametrize(
    ("pence", "text"), [(0, "0.00"), (5, "0.05"), (123405, "1234.05"), (None, "")]
)
def test_amounts_are_pounds_as_plain_decimals(pence, text):
    assert pounds(pence) == text


def test_a_row_has_a_cell_per_column():
    row = csv_row(_claim())
    assert dict(zip(COLUMNS, row, strict=True)) == {
        "claim_reference": "12345678",
        "school_urn": "100000",
        "school_name": "Hill School",
        "school_local_authority": "Shropshire",
        "school_establishment_type": "Voluntary controlled school",
        "school_group": "Local authority maintained schools",
        "provider_name": "Best Training",
        "provider_code": "1BT",
        "claim_amount": "1234.05",
        "claim_submission_date": "2026-06-02T10:30:00+00:00",
        "claim_status": "paid",
        "claim_unpaid_reason": "",
    }


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_kept_as_text():
    row = csv_row(_claim(school_name="=HYPERLINK(1)", provider_name="+1", local_authority="-1"))
    assert row[2] == "'=HYPERLINK(1)" and row[6] == "'+1" and row[3] == "'-1"


def test_lines_are_the_header_then_a_chunk_per_batch():
    async def batches():
        yield [_claim(), _claim(reference="87654321")]
        yield [_claim(school_name='Quote "and", comma')]

    async def collect():
        return [chunk async for chunk in csv_lines(batches())]

    chunks = asyncio.run(collect())
    assert chunks[0] == ",".join(COLUMNS) + "\r\n"
    assert chunks[1].count("\r\n") == 2
    assert '"Quote ""and"", comma"' in chunks[2]
