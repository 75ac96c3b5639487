"""Claims in progress: starting a draft, reading it with the user's answers, saving answers.

A draft's hours hold the mentor's allowance (rules.md "Remaining hours": drafts count), so they
are written under the allowance lock (db/queries/claim_allowances.py) that submitting takes too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import msgspec

from db.queries import journey_state
from db.queries.access import MEMBER_SCHOOL, ViewerRow, viewer_from
from db.queries.claim_allowances import (
    hours_transaction,
    lock_allowances,
    lock_claim,
    mentor_allowances,
)
from db.queries.journey_state import JourneyAnswers
from db.sql import fetch
from db.tables import AcademicYear as AcademicYearRow
from db.tables import Claim, ClaimMentor
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.eligibility import provider_can_be_chosen
from domain.providers import ProviderValue
from domain.references import generate_reference

# A clash of random 8-digit references is rare; a few tries make failing all of them unheard of.
REFERENCE_ATTEMPTS = 10


class DraftMentor(msgspec.Struct, frozen=True):
    """A mentor on a claim and their hours (None until that question is answered)."""

    mentor_id: int
    first_name: str
    last_name: str
    trn: str
    hours: int | None

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class Draft(msgspec.Struct, frozen=True):
    """A school's claim with its answers so far; any status, so a replayed submit can tell."""

    id: int
    reference: str
    school_id: int
    status: ClaimStatus
    academic_year: AcademicYear
    provider: ProviderValue | None
    mentors: tuple[DraftMentor, ...]
    submitted_by: int | None = None
    # "Have you confirmed these hours with the provider?": None until answered.
    hours_confirmed_with_provider: bool | None = None

    @property
    def is_draft(self) -> bool:
        """Whether the claim is still being answered."""
        return self.status is ClaimStatus.DRAFT

    def mentor(self, mentor_id: int) -> DraftMentor | None:
        """The mentor on this claim with the id, if there is one."""
        return next((each for each in self.mentors if each.mentor_id == mentor_id), None)


class DraftLine(msgspec.Struct, frozen=True):
    """A mentor to keep on a draft and their hours, as the journey answered them."""

    mentor_id: int
    hours: int | None = None


class Saved(msgspec.Struct, frozen=True):
    """The draft's answers were written."""


class HoursTaken(msgspec.Struct, frozen=True):
    """Another claim took some of the mentor's hours first; nothing was written."""

    mentor_id: int
    remaining: int


class NotADraft(msgspec.Struct, frozen=True):
    """The claim was submitted (or removed) meanwhile; nothing was written."""


async def _year_id(year: AcademicYear) -> int:
    row = (
        await AcademicYearRow.select(AcademicYearRow.id)
        .where(AcademicYearRow.start_year == year.start_year)
        .first()
    )
    if row is None:
        raise LookupError(f"The academic year {year.name} is not in the database")
    return row["id"]


def _is_reference_clash(error: Exception) -> bool:
    # sqlite3.IntegrityError and asyncpg.UniqueViolationError both name the column or index.
    text = str(error).lower()
    return "unique" in text and "reference" in text


async def create_draft(
    school_id: int,
    user_id: int,
    provider_id: int,
    year: AcademicYear,
    now: datetime,
    new_reference: Callable[[], str] = generate_reference,
    mentor_ids: Sequence[int] = (),
) -> int:
    """Start a claim with its provider, the first answer, and any mentors chosen already (their
    hours not answered yet); a new reference if one clashes."""
    year_id = await _year_id(year)
    # Inside a transaction (claiming again), a failed insert must not end the transaction:
    # each try gets a savepoint to go back to.
    current = Claim._meta.db.current_transaction.get()
    for attempt in range(REFERENCE_ATTEMPTS):
        savepoint = await current.savepoint() if current is not None else None
        try:
            rows = await Claim.insert(
                Claim(
                    reference=new_reference(),
                    school=school_id,
                    provider=provider_id,
                    academic_year=year_id,
                    status=ClaimStatus.DRAFT.value,
                    created_by=user_id,
                    created_at=now,
                    updated_at=now,
                )
            )
        except Exception as error:
            if savepoint is not None:
                await savepoint.rollback_to()
            if not _is_reference_clash(error) or attempt == REFERENCE_ATTEMPTS - 1:
                raise
            continue
        claim_id = rows[0]["id"]
        if mentor_ids:
            # No hours yet, so no allowance is held and no allowance lock is needed.
            await ClaimMentor.insert(
                *(ClaimMentor(claim=claim_id, mentor=mentor_id) for mentor_id in mentor_ids)
            )
        return claim_id
    raise AssertionError("unreachable")


async def claim_for_school(claim_id: int, school_id: int) -> Draft | None:
    """The school's claim with its answers, or None if it is not this school's."""
    rows = await fetch(_CLAIM, claim_id, school_id)
    return _draft_from(rows)[0] if rows else None


# The claim, its provider, its mentors (a row each) and the user's journey answers in one
# statement (`viewer_and_claim` adds the user and the school): it runs on every step page, and
# one statement sees the data as of one moment, so a double-clicked submit can never be read as
# a draft whose answers are already cleared.
_CLAIM_LINES = """
SELECT claim.id, claim.reference, claim.school, claim.status, claim.submitted_by,
 claim.hours_confirmed_with_provider, academic_year.start_year,
 provider.id AS provider_id, provider.name AS provider_name,
 provider.ukprn AS provider_ukprn, provider.urn AS provider_urn,
 provider.town AS provider_town, provider.postcode AS provider_postcode,
 provider.accredited AS provider_accredited,
 claim_mentor.mentor AS mentor_id, mentor.first_name, mentor.last_name, mentor.trn,
 claim_mentor.hours, claim_mentor.id AS line_id, {journey} AS journey
FROM claim
JOIN academic_year ON academic_year.id = claim.academic_year
LEFT JOIN provider ON provider.id = claim.provider
LEFT JOIN claim_mentor ON claim_mentor.claim = claim.id
LEFT JOIN mentor ON mentor.id = claim_mentor.mentor
WHERE claim.id = {{}} AND claim.school = {{}}
"""
# The claim alone, without anyone's answers.
_CLAIM = (
    _CLAIM_LINES.format(journey="NULL")
    + "ORDER BY mentor.last_name, mentor.first_name, claim_mentor.id"
)
_CLAIM_COLUMNS = (
    "id",
    "reference",
    "school",
    "status",
    "submitted_by",
    "hours_confirmed_with_provider",
    "start_year",
    "provider_id",
    "provider_name",
    "provider_ukprn",
    "provider_urn",
    "provider_town",
    "provider_postcode",
    "provider_accredited",
    "mentor_id",
    "first_name",
    "last_name",
    "trn",
    "hours",
    "journey",
)
# The journey key ends with the claim's reference (db/queries/journey_state.py).
_JOURNEY = "(SELECT data FROM journey_state WHERE key = CAST({} AS TEXT) || claim.reference)"
# Every question of a claim in progress starts with the signed-in user, the school and the
# claim: one statement rather than two. The claim's columns are named `claim_...`, and it is
# joined only where the user may act for the school (the school's columns are then not NULL).
_VIEWER_WITH_CLAIM = f"""
SELECT viewer.*, {", ".join(f"c.{name} AS claim_{name}" for name in _CLAIM_COLUMNS)}
FROM ({MEMBER_SCHOOL}) AS viewer
LEFT JOIN ({_CLAIM_LINES.format(journey=_JOURNEY)}) AS c ON viewer.school_id IS NOT NULL
ORDER BY c.last_name, c.first_name, c.line_id
"""


async def viewer_and_claim(
    user_id: int, school_id: int, claim_id: int
) -> tuple[ViewerRow, tuple[Draft, JourneyAnswers] | None] | None:
    """The user with the school (as `viewer_with_school` reads them) and, if they may act for
    the school, its claim with the user's answers; None if the user no longer exists."""
    key_start = journey_state.journey_key_start(user_id, school_id, claim_id)
    rows = await fetch(
        _VIEWER_WITH_CLAIM, school_id, school_id, user_id, key_start, claim_id, school_id
    )
    if not rows:
        return None
    viewer = viewer_from(rows[0])
    lines = [
        {name: row[f"claim_{name}"] for name in _CLAIM_COLUMNS}
        for row in rows
        if row["claim_id"] is not None
    ]
    return viewer, _draft_from(lines) if lines and viewer.school is not None else None


def _draft_from(rows: list[dict]) -> tuple[Draft, JourneyAnswers]:
    """The claim and the user's answers from its rows, a row for each of its mentors."""
    row = rows[0]
    chosen = None
    if row["provider_id"] is not None:
        chosen = ProviderValue(
            id=row["provider_id"],
            name=row["provider_name"],
            ukprn=row["provider_ukprn"],
            urn=row["provider_urn"],
            town=row["provider_town"],
            postcode=row["provider_postcode"],
            accredited=bool(row["provider_accredited"]),
        )
    claim = Draft(
        id=row["id"],
        reference=row["reference"],
        school_id=row["school"],
        status=ClaimStatus(row["status"]),
        academic_year=AcademicYear(row["start_year"]),
        # Only an accredited provider can be claimed for; any other is asked for again.
        provider=chosen if chosen and provider_can_be_chosen(chosen.accredited) else None,
        mentors=tuple(
            DraftMentor(
                mentor_id=line["mentor_id"],
                first_name=line["first_name"],
                last_name=line["last_name"],
                trn=line["trn"],
                hours=line["hours"],
            )
            for line in rows
            if line["mentor_id"] is not None
        ),
        submitted_by=row["submitted_by"],
        hours_confirmed_with_provider=(
            None
            if row["hours_confirmed_with_provider"] is None
            else bool(row["hours_confirmed_with_provider"])
        ),
    )
    return claim, journey_state.answers_from(row["journey"])


async def save_draft(
    claim_id: int,
    school_id: int,
    provider_id: int,
    lines: Sequence[DraftLine],
    now: datetime,
) -> Saved | HoursTaken | NotADraft:
    """Write a draft's provider, mentors and hours at once, if the hours are still free."""
    wanted = {line.mentor_id: line.hours for line in lines}
    async with hours_transaction():
        claim = await lock_claim(claim_id, school_id)
        if claim is None or claim["status"] != ClaimStatus.DRAFT.value:
            return NotADraft()
        stored = {
            row["mentor"]: row["hours"]
            for row in await ClaimMentor.select(ClaimMentor.mentor, ClaimMentor.hours).where(
                ClaimMentor.claim == claim_id
            )
        }
        same_provider = claim["provider"] == provider_id
        # Only hours that grow (or move to another provider) take more of an allowance.
        growing = [
            mentor_id
            for mentor_id, hours in wanted.items()
            if hours is not None and (not same_provider or hours > (stored.get(mentor_id) or 0))
        ]
        if growing:
            await lock_allowances(growing, provider_id, claim["academic_year"])
            year = await _start_year(claim["academic_year"])
            allowances = await mentor_allowances(growing, provider_id, year, claim_id)
            for mentor_id in growing:
                if wanted[mentor_id] > allowances[mentor_id].remaining:
                    return HoursTaken(mentor_id, allowances[mentor_id].remaining)
        await Claim.update({Claim.provider: provider_id, Claim.updated_at: now}).where(
            Claim.id == claim_id
        )
        gone = [mentor_id for mentor_id in stored if mentor_id not in wanted]
        if gone:
            await ClaimMentor.delete().where(
                (ClaimMentor.claim == claim_id) & ClaimMentor.mentor.is_in(gone)
            )
        added = [
            ClaimMentor(claim=claim_id, mentor=mentor_id, hours=hours)
            for mentor_id, hours in wanted.items()
            if mentor_id not in stored
        ]
        if added:
            await ClaimMentor.insert(*added)
        for mentor_id, hours in wanted.items():
            if mentor_id in stored and stored[mentor_id] != hours:
                await ClaimMentor.update({ClaimMentor.hours: hours}).where(
                    (ClaimMentor.claim == claim_id) & (ClaimMentor.mentor == mentor_id)
                )
    return Saved()


async def save_hours_confirmation(
    claim_id: int, school_id: int, confirmed: bool | None, now: datetime
) -> Saved | NotADraft:
    """Keep the school's answer on whether the hours were confirmed with the provider."""
    updated = (
        await Claim.update({Claim.hours_confirmed_with_provider: confirmed, Claim.updated_at: now})
        .where(
            (Claim.id == claim_id)
            & (Claim.school == school_id)
            & (Claim.status == ClaimStatus.DRAFT.value)
        )
        .returning(Claim.id)
    )
    return Saved() if updated else NotADraft()


async def _start_year(year_id: int) -> AcademicYear:
    row = (
        await AcademicYearRow.select(AcademicYearRow.start_year)
        .where(AcademicYearRow.id == year_id)
        .first()
    )
    return AcademicYear(row["start_year"])
