"""A provider's claims download: a CSV line per claim with its mentors, batch by batch."""

from __future__ import annotations

from collections.abc import AsyncIterator

from db.queries.provider_claims import ProviderClaim
from domain.hours import format_hours
from domain.payments import spreadsheet_safe
from web.csv_download import csv_chunks
from web.support_claims_csv import pounds

COLUMNS = (
    "claim_reference",
    "school_urn",
    "school_name",
    "academic_year",
    "mentors",
    "total_hours",
    "claim_amount",
    "claim_submission_date",
    "claim_status",
)


def _mentors(claim: ProviderClaim) -> str:
    """Each mentor with their hours, like "Ada Lovelace (10 hours); Alan Turing (6 hours)"."""
    return "; ".join(
        f"{line.name} ({format_hours(line.hours)})" if line.hours is not None else line.name
        for line in claim.lines
    )


def csv_row(claim: ProviderClaim) -> list[str]:
    """The claim's cells, in COLUMNS order."""
    return [
        claim.reference,
        claim.school_urn,
        spreadsheet_safe(claim.school_name),
        claim.academic_year.name,
        spreadsheet_safe(_mentors(claim)),
        str(claim.total_hours),
        pounds(claim.amount_pence),
        claim.submitted_at.isoformat() if claim.submitted_at else "",
        # The words the provider sees on the claims page: they have no use for the stored codes.
        claim.status.label,
    ]


def csv_lines(batches: AsyncIterator[list[ProviderClaim]]) -> AsyncIterator[str]:
    """The header, then one chunk of lines per batch of claims."""
    return csv_chunks(COLUMNS, batches, csv_row)
