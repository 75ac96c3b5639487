"""The claims download: a CSV line per claim, written batch by batch as the rows arrive."""

from __future__ import annotations

from collections.abc import AsyncIterator

from db.queries.support_claims import CsvClaim
from domain.payments import amount_text, spreadsheet_safe
from web.csv_download import csv_chunks

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


def pounds(pence: int | None) -> str:
    """An amount in pounds as a plain decimal, like 1234.50; blank when there is none."""
    return "" if pence is None else amount_text(pence)


def csv_row(claim: CsvClaim) -> list[str]:
    """The claim's cells, in COLUMNS order."""
    return [
        claim.reference,
        claim.school_urn,
        spreadsheet_safe(claim.school_name),
        spreadsheet_safe(claim.local_authority),
        spreadsheet_safe(claim.establishment_type),
        spreadsheet_safe(claim.establishment_group),
        spreadsheet_safe(claim.provider_name or ""),
        claim.provider_code or "",
        pounds(claim.amount_pence),
        claim.submitted_at.isoformat() if claim.submitted_at else "",
        claim.status.value,
        spreadsheet_safe(claim.unpaid_reason),
    ]


def csv_lines(batches: AsyncIterator[list[CsvClaim]]) -> AsyncIterator[str]:
    """The header, then one chunk of lines per batch of claims."""
    return csv_chunks(COLUMNS, batches, csv_row)
