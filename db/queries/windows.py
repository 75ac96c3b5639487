"""Claim windows as domain values; removed windows are kept for history and ignored here."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from db.tables import AcademicYear as AcademicYearRow
from db.tables import ClaimWindow as ClaimWindowRow
from domain.academic_years import AcademicYear
from domain.windows import ClaimWindow

_COLUMNS = (
    ClaimWindowRow.id,
    ClaimWindowRow.starts_on,
    ClaimWindowRow.ends_on,
    ClaimWindowRow.paid,
    ClaimWindowRow.academic_year.start_year.as_alias("start_year"),
)


class ManagedWindow(msgspec.Struct, frozen=True):
    """A claim window with the id the support console changes it by."""

    id: int
    window: ClaimWindow


def _window(row: dict) -> ClaimWindow:
    return ClaimWindow(
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        academic_year=AcademicYear(row["start_year"]),
        paid=row["paid"],
    )


async def managed_windows() -> list[ManagedWindow]:
    """Every claim window not removed, earliest first, with its id."""
    rows = (
        await ClaimWindowRow.select(*_COLUMNS)
        .where(ClaimWindowRow.removed_at.is_null())
        .order_by(ClaimWindowRow.starts_on)
    )
    return [ManagedWindow(row["id"], _window(row)) for row in rows]


async def all_windows() -> list[ClaimWindow]:
    """Every claim window not removed, earliest first."""
    return [each.window for each in await managed_windows()]


async def managed_window(window_id: int) -> ManagedWindow | None:
    """The claim window with this id, unless removed."""
    row = (
        await ClaimWindowRow.select(*_COLUMNS)
        .where((ClaimWindowRow.id == window_id) & ClaimWindowRow.removed_at.is_null())
        .first()
    )
    return ManagedWindow(row["id"], _window(row)) if row else None


async def academic_years() -> list[AcademicYear]:
    """Every academic year the service knows, earliest first."""
    rows = await AcademicYearRow.select(AcademicYearRow.start_year).order_by(
        AcademicYearRow.start_year
    )
    return [AcademicYear(row["start_year"]) for row in rows]


async def _year_id(year: AcademicYear) -> int:
    row = (
        await AcademicYearRow.select(AcademicYearRow.id)
        .where(AcademicYearRow.start_year == year.start_year)
        .first()
    )
    return row["id"]


async def add_window(starts_on: date, ends_on: date, year: AcademicYear) -> int:
    """Open a new claim window; its id."""
    rows = await ClaimWindowRow.insert(
        ClaimWindowRow(
            starts_on=starts_on, ends_on=ends_on, academic_year=await _year_id(year), paid=""
        )
    ).returning(ClaimWindowRow.id)
    return rows[0]["id"]


async def change_window(window_id: int, starts_on: date, ends_on: date, year: AcademicYear) -> bool:
    """Change a window's dates and year; False if it was removed meanwhile."""
    changed = (
        await ClaimWindowRow.update(
            {
                ClaimWindowRow.starts_on: starts_on,
                ClaimWindowRow.ends_on: ends_on,
                ClaimWindowRow.academic_year: await _year_id(year),
            }
        )
        .where((ClaimWindowRow.id == window_id) & ClaimWindowRow.removed_at.is_null())
        .returning(ClaimWindowRow.id)
    )
    return bool(changed)


async def remove_window(window_id: int, now: datetime) -> bool:
    """Remove a window (kept for history); False if it was already removed."""
    removed = (
        await ClaimWindowRow.update({ClaimWindowRow.removed_at: now})
        .where((ClaimWindowRow.id == window_id) & ClaimWindowRow.removed_at.is_null())
        .returning(ClaimWindowRow.id)
    )
    return bool(removed)
