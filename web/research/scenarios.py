"""Research scenarios: the situations a participant can be put in, and the rows each one needs."""

from __future__ import annotations

import random
from datetime import date

import msgspec

from db.personas import persona
from db.queries.research import Plan, PlannedClaim, PlannedSchool, Teacher
from db.service_data import REHEARSAL_CLAIMS
from db.teacher_records import EARLIEST_BIRTH, FIRST_NAMES, LAST_NAMES, LATEST_BIRTH
from domain.academic_years import AcademicYear
from domain.hours import TrainingType, allowance_hours
from web.provider_access import PROVIDERS_HOME
from web.research.dates import SessionDate

# Each session owns a block of TRNs below the fake teachers' range (db/teacher_records.py starts
# at 2000000), so its mentors are its own and a reset or another session never touches them.
FIRST_RESEARCH_TRN = 1_000_000
TRN_BLOCK_SIZE = 100
TRN_BLOCKS = 10_000
# The last TRN of a block is never given to a teacher: it is the one the TRS does not find.
MISSING_TRN_INDEX = TRN_BLOCK_SIZE - 1
# An accredited provider from the register data (Bath Spa University) for seeded claims.
PROVIDER_CODE = "B20"
# The largest trust in the register data.
TRUST_CODE = "3320"
# The console's and the provider view's personas, whose names and access sessions copy.
SUPPORT = persona("support")
PROVIDER_USER = persona("provider")
assert SUPPORT is not None and PROVIDER_USER is not None


class Scenario(msgspec.Struct, frozen=True, kw_only=True):
    """A situation to put a participant in, described for the facilitator."""

    key: str
    name: str
    description: str
    first_name: str
    last_name: str
    school_urns: tuple[str, ...] = ()
    trust_code: str | None = None
    conditions_accepted: bool = True
    # A trust's last few schools are left for the participant to accept, as in real trusts.
    unaccepted_schools: int = 0
    eligible: bool = True
    mentors_per_school: int = 3
    shared_mentor: bool = False
    used_up: bool = False
    refresher: bool = False
    spare_teachers: int = 0
    missing_teacher: bool = False
    date: SessionDate = SessionDate.WINDOW_OPEN
    # Only a trust's first schools (by name), when the scenario needs a few of them.
    school_limit: int | None = None
    # The participant is a support user, or a provider's user, instead of the schools' user.
    support: bool = False
    provider_codes: tuple[str, ...] = ()
    payments_rehearsal: bool = False
    # A submitted claim with the briefing's provider from every school, and one last year.
    provider_claims: bool = False
    # Where the participant lands after signing in.
    start_path: str = "/schools"


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="first-claim",
        name="A single school making its first claim",
        description="One school with three mentors and no claims. The participant accepts the "
        "grant conditions first.",
        first_name="Alex",
        last_name="Carter",
        school_urns=("123457",),
        conditions_accepted=False,
    ),
    Scenario(
        key="trust",
        name="A trust user with over 30 schools",
        description="A multi-academy trust's schools, two mentors each, one mentor shared by the "
        "first two schools. The last three schools have not accepted the grant conditions.",
        first_name="Jordan",
        last_name="Ellis",
        trust_code=TRUST_CODE,
        unaccepted_schools=3,
        mentors_per_school=2,
        shared_mentor=True,
    ),
    Scenario(
        key="no-mentors",
        name="A school with no mentors yet",
        description="One school that has not added any mentors. Give the participant a TRN and "
        "date of birth from the briefing to add one.",
        first_name="Sam",
        last_name="Patel",
        school_urns=("100165",),
        mentors_per_school=0,
        spare_teachers=2,
    ),
    Scenario(
        key="hours-used",
        name="A mentor who has used all their hours with a provider",
        description="One school with three mentors; the first has a submitted claim for their "
        "whole allowance with the provider in the briefing this academic year.",
        first_name="Morgan",
        last_name="Reid",
        school_urns=("126300",),
        used_up=True,
    ),
    Scenario(
        key="refresher",
        name="A refresher mentor",
        description="One school with three mentors; the first trained with the provider in the "
        "briefing last academic year, so is on refresher training with them this year.",
        first_name="Robin",
        last_name="Shah",
        school_urns=("107250",),
        refresher=True,
    ),
    Scenario(
        key="window-closing",
        name="A claim window closing in 2 days",
        description="One school with three mentors, on a date two days before the claim window "
        "closes, so the claims list shows a countdown.",
        first_name="Casey",
        last_name="Jones",
        school_urns=("102224",),
        date=SessionDate.CLOSES_IN_2_DAYS,
    ),
    Scenario(
        key="window-closed",
        name="No claim window open, the next one announced",
        description="One school with three mentors, on the day after a claim window closed, "
        "with the next window's dates already set.",
        first_name="Jamie",
        last_name="Walker",
        school_urns=("114187",),
        date=SessionDate.BETWEEN_WINDOWS,
    ),
    Scenario(
        key="trn-not-found",
        name="A TRN the Teaching Record System does not find",
        description="One school with one mentor. Ask the participant to add a mentor with the "
        "TRN and date of birth from the briefing: the Teaching Record System has no such teacher.",
        first_name="Taylor",
        last_name="Brooks",
        school_urns=("118266",),
        mentors_per_school=1,
        missing_teacher=True,
    ),
    Scenario(
        key="not-eligible",
        name="A school that cannot claim this academic year",
        description="One school with mentors that did not host ITT placements in the claim "
        "window's academic year.",
        first_name="Riley",
        last_name="Evans",
        school_urns=("108357",),
        eligible=False,
    ),
    Scenario(
        key="support-payments",
        name="A support agent rehearsing payments",
        description=f"A support agent in the support console's payments page. {REHEARSAL_CLAIMS} "
        "of a trust's schools each have a submitted claim in the open claim window, ready to "
        "send to the payer; the participant sends them, then uploads the payer's response.",
        first_name=SUPPORT.first_name,
        last_name=SUPPORT.last_name,
        trust_code=TRUST_CODE,
        school_limit=REHEARSAL_CLAIMS,
        mentors_per_school=1,
        support=True,
        payments_rehearsal=True,
        start_path="/support/claims/payments",
    ),
    Scenario(
        key="provider-claims",
        name="A provider downloading its claims",
        description="A user of the provider in the briefing, on their list of claims: four "
        "schools have each submitted a claim with the provider this academic year, and the "
        "first one last year too, to filter and download.",
        first_name=PROVIDER_USER.first_name,
        last_name=PROVIDER_USER.last_name,
        school_urns=("123457", "100165", "126300", "107250"),
        mentors_per_school=2,
        provider_codes=PROVIDER_USER.provider_codes,
        provider_claims=True,
        start_path=PROVIDERS_HOME,
    ),
)


def scenario(key: str) -> Scenario | None:
    """The scenario with this key, if there is one."""
    return next((each for each in SCENARIOS if each.key == key), None)


def teacher(trn: int) -> Teacher:
    """The fake teacher who has this research TRN."""
    rng = random.Random(f"research-{trn}")
    born = rng.randint(EARLIEST_BIRTH.toordinal(), LATEST_BIRTH.toordinal())
    return Teacher(
        trn=str(trn),
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=date.fromordinal(born),
    )


def first_trn(block: int) -> int:
    """The first TRN of a session's block."""
    if not 0 <= block < TRN_BLOCKS:
        raise ValueError(f"no TRN block {block}")
    return FIRST_RESEARCH_TRN + block * TRN_BLOCK_SIZE


def session_urn(register_urn: str, block: int) -> str:
    """A session's own URN for its copy of a register school (URNs are at most 10 characters)."""
    return f"{register_urn}{block:04d}"


def session_trust_code(block: int) -> str:
    """A session's own trust code, so its copies never join the register trust's persona."""
    return f"R{block:04d}"


def plan(chosen: Scenario, register_urns: list[str], block: int, year: AcademicYear) -> Plan:
    """The rows `chosen` needs for the session with TRN block `block`, claiming in `year`."""
    base = first_trn(block)
    register_urns = register_urns[: chosen.school_limit]
    needed = len(register_urns) * chosen.mentors_per_school + chosen.spare_teachers
    if needed > MISSING_TRN_INDEX:
        raise ValueError(f"{chosen.key} needs {needed} TRNs, more than a block holds")
    trns = iter(range(base, base + MISSING_TRN_INDEX))
    mentors: list[Teacher] = []
    schools = []
    for index, urn in enumerate(register_urns):
        held = []
        for _ in range(chosen.mentors_per_school):
            mentors.append(teacher(next(trns)))
            held.append(len(mentors) - 1)
        if chosen.shared_mentor and index == 1 and mentors:
            # A trust's schools can share a mentor, whose allowance they then share too.
            held.append(0)
        schools.append(
            PlannedSchool(
                register_urn=urn,
                urn=session_urn(urn, block),
                trust_code=session_trust_code(block) if chosen.trust_code else None,
                accepted=chosen.conditions_accepted
                and index < len(register_urns) - chosen.unaccepted_schools,
                eligible=chosen.eligible,
                mentors=tuple(held),
            )
        )
    spare = tuple(teacher(next(trns)) for _ in range(chosen.spare_teachers))
    claims = []
    if chosen.used_up:
        claims.append(_whole_allowance(year, mentor=0))
    if chosen.refresher:
        claims.append(_whole_allowance(year.previous, mentor=0))
    if chosen.provider_claims:
        claims += _provider_claims(len(schools), year)
    return Plan(
        year=year,
        schools=tuple(schools),
        mentors=tuple(mentors),
        spare_teachers=spare,
        missing_teacher=teacher(base + MISSING_TRN_INDEX) if chosen.missing_teacher else None,
        claims=tuple(claims),
        payments_rehearsal=chosen.payments_rehearsal,
    )


def _provider_claims(schools: int, year: AcademicYear) -> list[PlannedClaim]:
    # Different hours per school, so the list and the download tell the claims apart.
    claims = [
        PlannedClaim(
            school=index,
            year=year,
            mentors=(index * 2,),
            hours=min(allowance_hours(TrainingType.INITIAL, year), 8 + 2 * index),
            training_type=TrainingType.INITIAL,
        )
        for index in range(schools)
    ]
    claims.append(_whole_allowance(year.previous, mentor=1))
    return claims


def _whole_allowance(year: AcademicYear, *, mentor: int) -> PlannedClaim:
    """The first school's claim of a mentor's whole initial allowance in `year`."""
    return PlannedClaim(
        school=0,
        year=year,
        mentors=(mentor,),
        hours=allowance_hours(TrainingType.INITIAL, year),
        training_type=TrainingType.INITIAL,
    )
