"""The claims download: a CSV line per claim, written batch by batch as the rows arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

from db.queries.support_claims import CsvClaim

COLUMNS = (
    "claim_reference",
    "school_urn",
    "school_name",
    "school_local_authority",
    "school_establishment_type",
    "school_group",
    "provider_name",
    "provider_code",
    "claim_amount",
    "claim_submission_date",
    "claim_status",
    "claim_unpaid_reason",
)
# Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def pounds(pence: int | None) -> str:
    """An amount in pounds as a plain decimal, like 1234.50; blank when there is none."""
    if pence is None:
        return ""
    return f"{pence // 100}.{pence % 100:02d}"


def csv_row(claim: CsvClaim) -> list[str]:
    """The claim's cells, in COLUMNS order."""
    return [
        claim.reference,
        claim.school_urn,
        _cell(claim.school_name),
        _cell(claim.local_authority),
        _cell(claim.establishment_type),
        _cell(claim.establishment_group),
        _cell(claim.provider_name or ""),
        claim.provider_code or "",
        pounds(claim.amount_pence),
        claim.submitted_at.isoformat() if claim.submitted_at else "",
        claim.status.value,
        _cell(claim.unpaid_reason),
    ]


def _line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


async def csv_lines(batches: AsyncIterator[list[CsvClaim]]) -> AsyncIterator[str]:
    """The header, then one chunk of lines per batch of claims."""
    yield _line(list(COLUMNS))
    async for batch in batches:
        yield "".join(_line(csv_row(claim)) for claim in batch)
