"""Deterministic, re-runnable seed: reference data from the registers, windows and personas."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from db.personas import (
    CLAIMS_PROVIDER_CODE,
    CONDITIONS_NOT_ACCEPTED_URN,
    HOURS_USED_URN,
    NO_MENTORS_URN,
    NOT_ELIGIBLE_URN,
    PERSONAS,
    REFRESHER_URN,
    SHARED_MENTOR_TRUST_CODE,
)
from db.tables import (
    AcademicYear,
    Claim,
    ClaimMentor,
    ClaimWindow,
    Eligibility,
    HourLimit,
    HourlyRate,
    Membership,
    Mentor,
    Provider,
    School,
    SchoolMentor,
    SupportUser,
    User,
)
from db.teacher_records import fake_teachers, upsert_teacher_records
from domain.academic_years import AcademicYear as Year
from domain.claim_status import ClaimStatus
from domain.funding import (
    Region,
    amount_pence,
    funding_areas_from_csv,
    funding_confirmed,
    hourly_rate_pence,
    region_for_district,
)
from domain.hours import TrainingType, allowance_hours
from domain.references import generate_reference
from domain.windows import window_problems

SEED_DATA = Path(__file__).parent / "seed_data"
# 2026 to 2027 has begun, so it exists (with eligibility), but has no limits, rates or window.
FIRST_YEAR, LAST_YEAR = 2023, 2026
# Claim windows as DfE announced them, with when each window's claims are paid (rules.md,
# "Claim windows"). For 2025 to 2026: a first window from spring to mid-July 2026 and a second,
# opening and closing in September 2026, for schools that missed the first deadline. No window
# for 2026 to 2027 has been announced, and none may be opened before its funding is confirmed.
WINDOWS = (
    (2023, date(2024, 5, 1), date(2024, 7, 19), ""),
    (2024, date(2025, 5, 1), date(2025, 7, 18), ""),
    (2025, date(2026, 5, 5), date(2026, 7, 17), "in September and October 2026"),
    (2025, date(2026, 9, 1), date(2026, 9, 30), "from December 2026"),
)
LATEST_WINDOW_YEAR = max(year for year, *_ in WINDOWS)
TEACHER_RECORDS = 300
MENTORS_PER_SCHOOL = 3
NOT_ELIGIBLE_YEAR = 2025


def _rows(name: str) -> list[dict[str, str]]:
    with (SEED_DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _now() -> datetime:
    return datetime.now(UTC)


async def _insert_missing(table, key: str, rows: list[dict]) -> None:
    """Insert rows whose natural key is not there yet, so the seed can run again."""
    column = getattr(table, key)
    existing = {row[key] for row in await table.select(column)}
    missing = [table(**row) for row in rows if row[key] not in existing]
    for start in range(0, len(missing), 200):
        await table.insert(*missing[start : start + 200])


async def _ids(table, key: str) -> dict:
    column = getattr(table, key)
    return {row[key]: row["id"] for row in await table.select(table.id, column)}


def _register_names() -> Callable[[dict[str, str]], dict[str, str]]:
    """A school row's local authority and establishment type, named from the register's codes."""
    authorities = {
        row["local_authority_code"]: row["local_authority_name"]
        for row in _rows("local-authorities.csv")
    }
    types = {row["establishment_type_code"]: row for row in _rows("establishment-types.csv")}

    def names(row: dict[str, str]) -> dict[str, str]:
        kind = types[row["establishment_type_code"]]
        return {
            "local_authority_code": row["local_authority_code"],
            "local_authority_name": authorities[row["local_authority_code"]],
            "establishment_type_code": row["establishment_type_code"],
            "establishment_type_name": kind["establishment_type_name"],
            "establishment_group": kind["establishment_group"],
        }

    return names


async def _fill_register_names(register: Callable[[dict[str, str]], dict[str, str]]) -> None:
    """Name the local authority and type of register schools seeded before the columns were."""
    unnamed = {
        row["urn"]
        for row in await School.select(School.urn).where(School.local_authority_code == "")
    }
    for row in _rows("schools.csv"):
        if row["urn"] in unnamed:
            await School.update(**register(row)).where(School.urn == row["urn"])


async def seed_reference_data() -> None:
    """Academic years, limits, rates, schools, providers, windows and eligibility."""
    await _insert_missing(
        AcademicYear,
        "start_year",
        [
            {"start_year": year, "name": Year(year).name}
            for year in range(FIRST_YEAR, LAST_YEAR + 1)
        ],
    )
    years = await _ids(AcademicYear, "start_year")
    await _insert_missing(
        HourLimit,
        "academic_year",
        [
            {
                "academic_year": years[year],
                "initial_hours": allowance_hours(TrainingType.INITIAL, Year(year)),
                "refresher_hours": allowance_hours(TrainingType.REFRESHER, Year(year)),
            }
            for year in years
            if funding_confirmed(Year(year))
        ],
    )
    existing_rates = {
        (row["academic_year"], row["region"])
        for row in await HourlyRate.select(HourlyRate.academic_year, HourlyRate.region)
    }
    rates = [
        HourlyRate(academic_year=years[year], region=region.value, rate_pence=rate)
        for year in years
        if funding_confirmed(Year(year))
        for region in Region
        if (years[year], region.value) not in existing_rates
        for rate in [hourly_rate_pence(region, Year(year))]
    ]
    if rates:
        await HourlyRate.insert(*rates)

    areas = funding_areas_from_csv((SEED_DATA / "funding-areas.csv").read_text(encoding="utf-8"))
    register = _register_names()
    await _insert_missing(
        School,
        "urn",
        [
            {
                **register(row),
                "urn": row["urn"],
                "ukprn": row["ukprn"] or None,
                "name": row["name"],
                "address1": row["address1"],
                "town": row["town"],
                "postcode": row["postcode"],
                "district_admin_code": row["district_admin_code"],
                "region": region_for_district(row["district_admin_code"], areas).value,
                "trust_code": row["trust_code"] or None,
                "telephone": row["telephone"],
                "website": row["website"],
            }
            for row in _rows("schools.csv")
        ],
    )
    await _fill_register_names(register)
    await _insert_missing(
        Provider,
        "code",
        [
            {
                "code": row["code"],
                "name": row["name"],
                "provider_type": row["provider_type"],
                "ukprn": row["ukprn"] or None,
                "accredited": row["accredited"] == "true",
                "address1": row["address1"],
                "town": row["town"],
                "postcode": row["postcode"],
                "email": row["email"],
            }
            for row in _rows("providers.csv")
        ],
    )
    existing_windows = {
        (row["academic_year"], row["starts_on"])
        for row in await ClaimWindow.select(ClaimWindow.academic_year, ClaimWindow.starts_on)
    }
    windows = [
        ClaimWindow(academic_year=years[year], starts_on=starts_on, ends_on=ends_on, paid=paid)
        for year, starts_on, ends_on, paid in WINDOWS
        if (years[year], starts_on) not in existing_windows
        and not window_problems(starts_on, ends_on, (), academic_year=Year(year))
    ]
    if windows:
        await ClaimWindow.insert(*windows)
    # Earlier seeds opened an invented 2026 to 2027 window: no window may stand for a year
    # whose funding is not confirmed, so a re-run seed takes it away.
    unconfirmed = [year_id for year, year_id in years.items() if not funding_confirmed(Year(year))]
    if unconfirmed:
        await ClaimWindow.delete().where(ClaimWindow.academic_year.is_in(unconfirmed))

    # Register schools only: research sessions make their own schools with their own eligibility.
    register_urns = [row["urn"] for row in _rows("schools.csv")]
    all_schools = await _ids(School, "urn")
    schools = {urn: all_schools[urn] for urn in register_urns if urn in all_schools}
    existing_eligibility = {
        (row["school"], row["academic_year"])
        for row in await Eligibility.select(Eligibility.school, Eligibility.academic_year)
    }
    eligibility = [
        Eligibility(school=school_id, academic_year=year_id)
        for urn, school_id in schools.items()
        for year, year_id in years.items()
        if not (urn == NOT_ELIGIBLE_URN and year == NOT_ELIGIBLE_YEAR)
        and (school_id, year_id) not in existing_eligibility
    ]
    for start in range(0, len(eligibility), 500):
        await Eligibility.insert(*eligibility[start : start + 500])


async def seed_personas() -> None:
    """Persona users, their memberships, accepted grant conditions and mentors."""
    teachers = fake_teachers(TEACHER_RECORDS)
    await upsert_teacher_records(teachers)
    schools = await School.select(School.id, School.urn, School.trust_code, School.name)
    by_urn = {row["urn"]: row["id"] for row in schools}
    now = _now()
    mentor_pool = iter(teachers)
    for each in PERSONAS:
        user = await User.objects().get(User.persona == each.key)
        if user is None:
            user = User(
                persona=each.key,
                email=each.email,
                first_name=each.first_name,
                last_name=each.last_name,
                created_at=now,
            )
            await user.save()
        if each.support:
            await SupportUser.insert(SupportUser(user=user.id, created_at=now)).on_conflict(
                target=SupportUser.user, action="DO NOTHING"
            )
        school_ids = [by_urn[urn] for urn in each.school_urns]
        if each.trust_code:
            school_ids += sorted(
                (row["id"] for row in schools if row["trust_code"] == each.trust_code),
            )
        members = {
            row["school"]
            for row in await Membership.select(Membership.school).where(Membership.user == user.id)
        }
        for school_id in school_ids:
            if school_id not in members:
                await Membership(user=user.id, school=school_id, created_at=now).save()
        for school_id in school_ids:
            await _prepare_school(school_id, user.id, mentor_pool, by_urn, now)


async def _prepare_school(school_id, user_id, mentor_pool, by_urn, now) -> None:
    """Accept conditions and add mentors, except where the persona shows their absence."""
    school = await School.objects().get(School.id == school_id)
    if school.urn != CONDITIONS_NOT_ACCEPTED_URN and school.grant_conditions_accepted_at is None:
        # A trust's schools are left unaccepted after the first few to show the first visit.
        trust_school_index = await _trust_index(school)
        if trust_school_index is None or trust_school_index < 3:
            school.grant_conditions_accepted_at = now
            school.grant_conditions_accepted_by = user_id
            await school.save()
    if school.urn == NO_MENTORS_URN:
        return
    held = await SchoolMentor.count().where(SchoolMentor.school == school_id)
    for _ in range(MENTORS_PER_SCHOOL - held):
        teacher = next(mentor_pool)
        mentor = await Mentor.objects().get(Mentor.trn == teacher.trn)
        if mentor is None:
            mentor = Mentor(
                trn=teacher.trn,
                first_name=teacher.first_name,
                last_name=teacher.last_name,
                created_at=now,
            )
            await mentor.save()
        if not await SchoolMentor.exists().where(
            (SchoolMentor.school == school_id) & (SchoolMentor.mentor == mentor.id)
        ):
            await SchoolMentor(school=school_id, mentor=mentor.id, created_at=now).save()


async def _trust_index(school: School) -> int | None:
    if not school.trust_code:
        return None
    ids = sorted(
        row["id"]
        for row in await School.select(School.id).where(School.trust_code == school.trust_code)
    )
    return ids.index(school.id)


async def seed() -> None:
    """Everything a fresh local service needs."""
    await seed_reference_data()
    await seed_personas()
    await seed_claim_situations()


# Claim situations for the personas that show them: when the earlier claims were submitted,
# each inside its year's first window.
LAST_YEAR_SUBMITTED_AT = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
THIS_YEAR_SUBMITTED_AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
SHARED_MENTOR_HOURS = 10


async def seed_claim_situations() -> None:
    """Earlier claims behind a refresher mentor, a mentor with no hours left, a shared mentor."""
    provider = await Provider.objects().get(Provider.code == CLAIMS_PROVIDER_CODE)
    years = await _ids(AcademicYear, "start_year")
    this_year = LATEST_WINDOW_YEAR

    async def claim(school_id: int, mentor_id: int, start_year: int, hours: int, status) -> None:
        # Idempotent: one seeded claim per school, provider and year.
        if await Claim.exists().where(
            (Claim.school == school_id)
            & (Claim.provider == provider.id)
            & (Claim.academic_year == years[start_year])
        ):
            return
        at = LAST_YEAR_SUBMITTED_AT if start_year < this_year else THIS_YEAR_SUBMITTED_AT
        await add_claim(school_id, mentor_id, provider.id, start_year, hours, status, at)

    schools = await _ids(School, "urn")
    refresher_school = schools[REFRESHER_URN]
    await claim(
        refresher_school,
        await first_mentor(refresher_school),
        this_year - 1,
        allowance_hours(TrainingType.INITIAL, Year(this_year - 1)),
        ClaimStatus.PAID,
    )
    used_school = schools[HOURS_USED_URN]
    await claim(
        used_school,
        await first_mentor(used_school),
        this_year,
        allowance_hours(TrainingType.INITIAL, Year(this_year)),
        ClaimStatus.SUBMITTED,
    )
    first, second = sorted(
        row["id"]
        for row in await School.select(School.id).where(
            School.trust_code == SHARED_MENTOR_TRUST_CODE
        )
    )[:2]
    shared = await first_mentor(first)
    if not await SchoolMentor.exists().where(
        (SchoolMentor.school == second) & (SchoolMentor.mentor == shared)
    ):
        await SchoolMentor(school=second, mentor=shared, created_at=THIS_YEAR_SUBMITTED_AT).save()
    await claim(first, shared, this_year, SHARED_MENTOR_HOURS, ClaimStatus.SUBMITTED)


async def first_mentor(school_id: int) -> int:
    """The mentor a school added first."""
    row = (
        await SchoolMentor.select(SchoolMentor.mentor)
        .where(SchoolMentor.school == school_id)
        .order_by(SchoolMentor.id)
        .first()
    )
    return row["mentor"]


async def add_claim(
    school_id: int,
    mentor_id: int,
    provider_id: int,
    start_year: int,
    hours: int,
    status: ClaimStatus,
    at: datetime,
) -> int:
    """A claim of one mentor's initial training, submitted at `at` by the school's first user,
    at the school's rate for the year; its id."""
    school = await School.objects().get(School.id == school_id)
    submitter = (
        await Membership.select(Membership.user)
        .where(Membership.school == school_id)
        .order_by(Membership.id)
        .first()
    )
    by = submitter["user"] if submitter else None
    rate = hourly_rate_pence(Region(school.region), Year(start_year))
    reference = generate_reference()
    while await Claim.exists().where(Claim.reference == reference):
        reference = generate_reference()
    year_id = (await _ids(AcademicYear, "start_year"))[start_year]
    row = Claim(
        reference=reference,
        school=school_id,
        provider=provider_id,
        academic_year=year_id,
        status=status.value,
        created_by=by,
        created_at=at,
        updated_at=at,
        submitted_by=by,
        submitted_at=at,
        hourly_rate_pence=rate,
        amount_pence=amount_pence(rate, hours),
    )
    await row.save()
    await ClaimMentor(
        claim=row.id, mentor=mentor_id, hours=hours, training_type=TrainingType.INITIAL.value
    ).save()
    return row.id
