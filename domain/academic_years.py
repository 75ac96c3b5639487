"""Academic years, which run from 1 September to 31 August."""

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

import msgspec

# Policy: the academic year starts on 1 September (rules.md, "Academic years").
FIRST_MONTH = 9

T = TypeVar("T")


class AcademicYear(msgspec.Struct, frozen=True, order=True):
    """An academic year, named by the calendar year it starts in."""

    start_year: int

    @property
    def name(self) -> str:
        """The name used across the service, like "2025 to 2026"."""
        return f"{self.start_year} to {self.start_year + 1}"

    @property
    def long_name(self) -> str:
        """The wording of the claims page, like "September 2025 to July 2026"."""
        return f"September {self.start_year} to July {self.start_year + 1}"

    @property
    def starts_on(self) -> date:
        """The first day of the year, 1 September."""
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def ends_on(self) -> date:
        """The last day of the year, 31 August."""
        return date(self.start_year + 1, FIRST_MONTH - 1, 31)

    @property
    def next(self) -> "AcademicYear":
        """The academic year after this one."""
        return AcademicYear(self.start_year + 1)

    @property
    def previous(self) -> "AcademicYear":
        """The academic year before this one."""
        return AcademicYear(self.start_year - 1)

    def contains(self, day: date) -> bool:
        """Whether the day falls in this academic year."""
        return self.starts_on <= day <= self.ends_on

    def __str__(self) -> str:
        return self.name


def academic_year_containing(day: date) -> AcademicYear:
    """The academic year a day falls in."""
    if day.month >= FIRST_MONTH:
        return AcademicYear(day.year)
    return AcademicYear(day.year - 1)


def academic_year_named(name: str) -> AcademicYear | None:
    """The academic year called `name` ("2025 to 2026"), or None if it is not such a name."""
    parts = name.strip().split(" to ")
    if len(parts) != 2 or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    start, end = (int(part) for part in parts)
    if end != start + 1 or not 1 <= start <= 9998:
        return None
    return AcademicYear(start)


class NotConfirmed(LookupError):
    """The rules for an academic year have not been confirmed, so nothing may be assumed."""

    def __init__(self, year: AcademicYear) -> None:
        super().__init__(f"The rules for the academic year {year.name} are not confirmed yet")
        self.year = year


def confirmed(table: Mapping[AcademicYear, T], year: AcademicYear) -> T:
    """The entry of a per-year rule table for `year`; a year without one is not confirmed.

    Never carried forward from an earlier year: the guidance says funding beyond 2025 to 2026
    "will be confirmed in due course" (rules.md, "Hour limits").
    """
    if year not in table:
        raise NotConfirmed(year)
    return table[year]
