"""Onboarding schools: making them eligible for an academic year, one by one or from a file."""

from __future__ import annotations

from collections.abc import Collection

import msgspec

from db.sql import fetch
from db.tables import AcademicYear as AcademicYearRow
from db.tables import Eligibility, Membership, School
from domain.academic_years import AcademicYear
from domain.schools import SchoolResult

# Rows written or looked up per statement: well under every driver's parameter limit.
BATCH = 500


class SchoolUser(msgspec.Struct, frozen=True):
    """A user of a school just onboarded, to be told by email."""

    email: str
    first_name: str
    school_name: str


async def school(school_id: int) -> SchoolResult | None:
    """The school with this id."""
    row = (
        await School.select(School.id, School.name, School.urn, School.postcode)
        .where(School.id == school_id)
        .first()
    )
    return msgspec.convert(row, SchoolResult) if row else None


async def onboarded_years(school_id: int) -> set[AcademicYear]:
    """The academic years the school is eligible for."""
    rows = await Eligibility.select(Eligibility.academic_year.start_year.as_alias("y")).where(
        Eligibility.school == school_id
    )
    return {AcademicYear(row["y"]) for row in rows}


async def _year_id(year: AcademicYear) -> int:
    row = (
        await AcademicYearRow.select(AcademicYearRow.id)
        .where(AcademicYearRow.start_year == year.start_year)
        .first()
    )
    return row["id"]


async def make_eligible(school_id: int, year: AcademicYear) -> bool:
    """Make the school eligible for the year; False if it already was (nothing changes)."""
    # ON CONFLICT on the unique (school, academic_year) index: two support users onboarding the
    # same school at once make one row, and the second learns it was already done.
    rows = await fetch(
        "INSERT INTO eligibility (school, academic_year) VALUES ({}, {}) "
        "ON CONFLICT DO NOTHING RETURNING id",
        school_id,
        await _year_id(year),
    )
    return bool(rows)


async def school_users(school_ids: Collection[int]) -> list[SchoolUser]:
    """Every user of these schools, with the school's name, for the onboarding email."""
    found: list[SchoolUser] = []
    ids = list(school_ids)
    for start in range(0, len(ids), BATCH):
        rows = await Membership.select(
            Membership.user.email.as_alias("email"),
            Membership.user.first_name.as_alias("first_name"),
            Membership.school.name.as_alias("school_name"),
        ).where(Membership.school.is_in(ids[start : start + BATCH]))
        found.extend(msgspec.convert(row, SchoolUser) for row in rows)
    return found


async def schools_by_urn(urns: Collection[str]) -> dict[str, int]:
    """The id of each school with one of these URNs."""
    if not urns:
        return {}
    rows = await School.select(School.urn, School.id).where(School.urn.is_in(list(urns)))
    return {row["urn"]: row["id"] for row in rows}


async def eligible_among(school_ids: Collection[int], year: AcademicYear) -> set[int]:
    """Those of these schools already eligible for the year."""
    if not school_ids:
        return set()
    rows = await Eligibility.select(Eligibility.school).where(
        Eligibility.school.is_in(list(school_ids))
        & (Eligibility.academic_year.start_year == year.start_year)
    )
    return {row["school"] for row in rows}


async def schools_named(urns: Collection[str]) -> dict[str, SchoolResult]:
    """The schools with these URNs, by URN."""
    if not urns:
        return {}
    rows = await School.select(School.id, School.name, School.urn, School.postcode).where(
        School.urn.is_in(list(urns))
    )
    return {row["urn"]: msgspec.convert(row, SchoolResult) for row in rows}


async def make_all_eligible(school_ids: Collection[int], year: AcademicYear) -> list[int]:
    """Make these schools eligible for the year; the ids of those newly made so."""
    ids = list(school_ids)
    if not ids:
        return []
    year_id = await _year_id(year)
    # Plain VALUES rather than a Table object per row: 500 objects cost more memory than the
    # rows of the file they came from. ON CONFLICT: a school onboarded meanwhile is skipped.
    values = ", ".join("({}, {})" for _ in ids)
    rows = await fetch(
        f"INSERT INTO eligibility (school, academic_year) VALUES {values} "
        "ON CONFLICT DO NOTHING RETURNING school",
        *(value for school_id in ids for value in (school_id, year_id)),
    )
    return [row["school"] for row in rows]


async def user_count(school_id: int) -> int:
    """How many users the school has (each is emailed when it is onboarded)."""
    return await Membership.count().where(Membership.school == school_id)
