"""Onboarding schools: making them eligible for an academic year, one by one or from a file."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import msgspec

from db.tables import AcademicYear as AcademicYearRow
from db.tables import (
    Eligibility,
    Membership,
    OnboardingUpload,
    OnboardingUploadSchool,
    School,
)
from domain.academic_years import AcademicYear
from domain.schools import SchoolResult

# Rows written or looked up per statement: well under every driver's parameter limit.
BATCH = 500


class SchoolUser(msgspec.Struct, frozen=True):
    """A user of a school just onboarded, to be told by email."""

    email: str
    first_name: str
    school_name: str


class Upload(msgspec.Struct, frozen=True):
    """An onboarding file as checked: its window, its schools' count and whether it was applied."""

    id: int
    claim_window: int
    file_name: str
    school_count: int
    created_at: datetime
    applied_at: datetime | None


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
    rows = await Eligibility.raw(
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


async def start_upload(user_id: int, window_id: int, file_name: str, now: datetime) -> int:
    """Keep a checked file, its schools to follow; the upload's id."""
    rows = await OnboardingUpload.insert(
        OnboardingUpload(
            user=user_id, claim_window=window_id, file_name=file_name[:255], created_at=now
        )
    ).returning(OnboardingUpload.id)
    return rows[0]["id"]


async def add_upload_schools(upload_id: int, schools: Sequence[tuple[int, int]]) -> None:
    """Keep some of a checked file's schools: (row number, school id) each."""
    if not schools:
        return
    # Plain VALUES rather than a Table object per row: 500 objects cost more memory than the
    # rows of the file they came from.
    values = ", ".join("({}, {}, {})" for _ in schools)
    await OnboardingUploadSchool.raw(
        f"INSERT INTO onboarding_upload_school (upload, school, row_number) VALUES {values}",
        *(value for number, school_id in schools for value in (upload_id, school_id, number)),
    )


async def finish_upload(upload_id: int, school_count: int) -> None:
    """Record how many schools the checked file names."""
    await OnboardingUpload.update({OnboardingUpload.school_count: school_count}).where(
        OnboardingUpload.id == upload_id
    )


async def upload(upload_id: int) -> Upload | None:
    """The upload with this id."""
    row = (
        await OnboardingUpload.select(
            OnboardingUpload.id,
            OnboardingUpload.claim_window,
            OnboardingUpload.file_name,
            OnboardingUpload.school_count,
            OnboardingUpload.created_at,
            OnboardingUpload.applied_at,
        )
        .where(OnboardingUpload.id == upload_id)
        .first()
    )
    return msgspec.convert(row, Upload) if row else None


async def upload_preview(upload_id: int, limit: int) -> list[SchoolResult]:
    """The upload's first schools, in the file's order."""
    rows = await (
        OnboardingUploadSchool.select(
            OnboardingUploadSchool.school.id.as_alias("id"),
            OnboardingUploadSchool.school.name.as_alias("name"),
            OnboardingUploadSchool.school.urn.as_alias("urn"),
            OnboardingUploadSchool.school.postcode.as_alias("postcode"),
        )
        .where(OnboardingUploadSchool.upload == upload_id)
        .order_by(OnboardingUploadSchool.row_number)
        .limit(limit)
    )
    return [msgspec.convert(row, SchoolResult) for row in rows]


async def mark_applied(upload_id: int, now: datetime) -> bool:
    """Mark the upload applied; False if it already was (a second click: apply nothing)."""
    rows = (
        await OnboardingUpload.update({OnboardingUpload.applied_at: now})
        .where((OnboardingUpload.id == upload_id) & OnboardingUpload.applied_at.is_null())
        .returning(OnboardingUpload.id)
    )
    return bool(rows)


async def onboard_upload(upload_id: int, year: AcademicYear) -> list[int]:
    """Make every school of the upload eligible for the year; the ids of those newly made so."""
    rows = await Eligibility.raw(
        "INSERT INTO eligibility (school, academic_year) "
        "SELECT school, {} FROM onboarding_upload_school WHERE upload = {} "
        "ON CONFLICT DO NOTHING RETURNING school",
        await _year_id(year),
        upload_id,
    )
    return [row["school"] for row in rows]


async def user_count(school_id: int) -> int:
    """How many users the school has (each is emailed when it is onboarded)."""
    return await Membership.count().where(Membership.school == school_id)
