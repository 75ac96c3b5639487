"""Claim windows as domain values."""

from __future__ import annotations

from db.tables import ClaimWindow as ClaimWindowRow
from domain.academic_years import AcademicYear
from domain.windows import ClaimWindow


async def all_windows() -> list[ClaimWindow]:
    """Every claim window, earliest first."""
    rows = await ClaimWindowRow.select(
        ClaimWindowRow.starts_on,
        ClaimWindowRow.ends_on,
        ClaimWindowRow.paid,
        ClaimWindowRow.academic_year.start_year.as_alias("start_year"),
    ).order_by(ClaimWindowRow.starts_on)
    return [
        ClaimWindow(
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            academic_year=AcademicYear(row["start_year"]),
            paid=row["paid"],
        )
        for row in rows
    ]
