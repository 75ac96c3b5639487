"""Funding regions, hourly rates and money, which is always integer pence."""

import csv
import enum
import io
from collections.abc import Mapping

from domain.academic_years import AcademicYear, NotConfirmed, confirmed
from domain.hours import ALLOWANCE_HOURS


class Region(enum.Enum):
    """A funding region, which sets a school's hourly rate."""

    INNER_LONDON = "Inner London"
    OUTER_LONDON = "Outer London"
    FRINGE = "Fringe"
    REST_OF_ENGLAND = "Rest of England"


# Hourly rates in pence per academic year: rules.md gives the same rates for 2023 to 2024 up to
# 2025 to 2026. A year missing here is not confirmed, so no rate or amount is shown for it.
_RATES_2023_TO_2026_PENCE = {
    Region.INNER_LONDON: 53_60,
    Region.OUTER_LONDON: 48_25,
    Region.FRINGE: 45_10,
    Region.REST_OF_ENGLAND: 43_80,
}
HOURLY_RATES_PENCE: Mapping[AcademicYear, Mapping[Region, int]] = {
    AcademicYear(2023): _RATES_2023_TO_2026_PENCE,
    AcademicYear(2024): _RATES_2023_TO_2026_PENCE,
    AcademicYear(2025): _RATES_2023_TO_2026_PENCE,
}


def region_for_district(code: str | None, areas: Mapping[str, Region]) -> Region:
    """The funding region of a local authority district code; unknown codes are Rest of England."""
    if code is None:
        return Region.REST_OF_ENGLAND
    return areas.get(code.strip().upper(), Region.REST_OF_ENGLAND)


def funding_areas_from_csv(text: str) -> dict[str, Region]:
    """District code to region, from the text of shared/data/funding-areas.csv."""
    rows = csv.DictReader(io.StringIO(text))
    return {
        row["district_admin_code"].strip().upper(): Region(row["funding_region"].strip())
        for row in rows
    }


def hourly_rate_pence(region: Region, year: AcademicYear) -> int:
    """The hourly rate in pence for a region in an academic year; NotConfirmed if there is none."""
    return confirmed(HOURLY_RATES_PENCE, year)[region]


def funding_confirmed(year: AcademicYear) -> bool:
    """Whether the year's hour limits and hourly rates are both confirmed."""
    return year in HOURLY_RATES_PENCE and year in ALLOWANCE_HOURS


def hourly_rate_or_none(region: Region, year: AcademicYear) -> int | None:
    """The hourly rate, or None for a year whose rates are not confirmed yet."""
    try:
        return hourly_rate_pence(region, year)
    except NotConfirmed:
        return None


def amount_pence(rate_pence: int, hours: int) -> int:
    """The grant for some hours at a rate: exact, no rounding."""
    return rate_pence * hours


def format_money(pence: int) -> str:
    """Pence as pounds, like "£1,234.56"."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"
