"""The hours each mentor still has, and the locks that keep every writer of hours in turn.

Shared by saving drafts and submitting claims: hours are only written under the lock that both
take, so the allowance can never be exceeded, however many schools answer at the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from piccolo.engine.sqlite import TransactionType

from db.sql import fetch
from db.tables import Claim
from domain.academic_years import AcademicYear
from domain.claim_again import ClaimSeen, History, Mentor
from domain.claim_status import ClaimStatus
from domain.hours import (
    ClaimedHours,
    MentorAllowance,
    MentorOption,
    lines_by_mentor,
    mentor_allowance,
)


def hours_transaction():
    """A transaction for writes that change the hours claimed, serialised against each other."""
    engine = Claim._meta.db
    if engine.engine_type == "sqlite":
        # BEGIN IMMEDIATE takes SQLite's single write lock before reading, so every writer of
        # hours reads what the previous one committed; others queue on the busy timeout.
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def is_postgres() -> bool:
    """Whether the database is PostgreSQL, whose locks differ from SQLite's."""
    return Claim._meta.db.engine_type == "postgres"


async def lock_claim(claim_id: int, school_id: int) -> dict | None:
    """The claim's row (id, status, provider, academic_year), locked until the transaction ends."""
    # FOR UPDATE makes two writers of one claim (a double-clicked submit) take turns.
    lock = " FOR UPDATE" if is_postgres() else ""
    rows = await fetch(
        "SELECT id, reference, status, provider, academic_year, school FROM claim"
        f" WHERE id = {{}} AND school = {{}}{lock}",
        claim_id,
        school_id,
    )
    return rows[0] if rows else None


async def lock_allowances(mentor_ids: Iterable[int], provider_id: int, year_id: int) -> None:
    """Hold each (mentor, provider, year) allowance until the transaction ends."""
    mentor_ids = sorted(set(mentor_ids))
    # Insert any missing rows, then lock them all, always in mentor order so that two
    # transactions never wait for each other in a circle.
    for mentor_id in mentor_ids:
        await fetch(
            "INSERT INTO mentor_allowance (mentor, provider, academic_year) VALUES ({}, {}, {})"
            " ON CONFLICT (mentor, provider, academic_year) DO NOTHING",
            mentor_id,
            provider_id,
            year_id,
        )
    if mentor_ids and is_postgres():
        placeholders = ", ".join("{}" for _ in mentor_ids)
        await fetch(
            "SELECT id FROM mentor_allowance WHERE provider = {} AND academic_year = {}"
            f" AND mentor IN ({placeholders}) ORDER BY mentor FOR UPDATE",
            provider_id,
            year_id,
            *mentor_ids,
        )


async def claimed_lines(
    mentor_ids: Iterable[int], provider_id: int, year: AcademicYear
) -> list[ClaimedHours]:
    """Every school's lines for these mentors with the provider, in `year` and earlier years."""
    mentor_ids = sorted(set(mentor_ids))
    if not mentor_ids:
        return []
    # Plain SQL: this runs on every step page, and building the joined query costs more than
    # running it.
    placeholders = ", ".join("{}" for _ in mentor_ids)
    rows = await fetch(
        "SELECT claim.id AS claim_id, claim_mentor.mentor AS mentor_id, claim_mentor.hours,"
        " claim.status, academic_year.start_year"
        " FROM claim_mentor"
        " JOIN claim ON claim.id = claim_mentor.claim"
        " JOIN academic_year ON academic_year.id = claim.academic_year"
        f" WHERE claim_mentor.mentor IN ({placeholders}) AND claim.provider = {{}}"
        " AND academic_year.start_year <= {}",
        *mentor_ids,
        provider_id,
        year.start_year,
    )
    return claimed_hours(rows, provider_id)


def claimed_line(
    row: Mapping[str, Any],
    *,
    claim: str = "claim_id",
    mentor: str = "mentor_id",
    provider_id: int | None = None,
) -> ClaimedHours:
    """A line of claimed hours from a row with its claim's status and academic year.

    The claim's and mentor's ids are read from the columns named; the provider from the row's
    `provider_id` unless the query was for one provider.
    """
    return ClaimedHours(
        claim_id=row[claim],
        mentor_id=row[mentor],
        provider_id=row["provider_id"] if provider_id is None else provider_id,
        academic_year=AcademicYear(row["start_year"]),
        status=ClaimStatus(row["status"]),
        # An unanswered question holds no hours yet.
        hours=row["hours"] or 0,
    )


def claimed_hours(rows: Iterable[Mapping[str, Any]], provider_id: int) -> list[ClaimedHours]:
    """Lines with the provider from rows of claim_id, mentor_id, hours, status and start_year."""
    return [claimed_line(row, provider_id=provider_id) for row in rows]


async def mentor_allowances(
    mentor_ids: Iterable[int],
    provider_id: int,
    year: AcademicYear,
    editing_claim_id: int | None = None,
) -> dict[int, MentorAllowance]:
    """Each mentor's allowance with the provider for the year, not counting the claim edited."""
    mentor_ids = sorted(set(mentor_ids))
    lines = lines_by_mentor(await claimed_lines(mentor_ids, provider_id, year))
    return {
        mentor_id: mentor_allowance(
            mentor_id, provider_id, year, lines.get(mentor_id, []), editing_claim_id
        )
        for mentor_id in mentor_ids
    }


# The school's mentors and every school's lines for them with the provider, up to the year, with
# each line's claim and whether the user is a member of its school: one statement, as the mentors
# question runs it on every page view.
_MENTOR_HISTORY = """
WITH line AS (
  SELECT claim.id AS claim_id, claim_mentor.mentor AS mentor_id, claim_mentor.hours,
   claim.status, academic_year.start_year, claim.reference, claim.school AS school_id,
   school.name AS school_name,
   EXISTS (
    SELECT 1 FROM membership
    WHERE membership.school = claim.school AND membership."user" = {}
   ) AS member
  FROM claim_mentor
  JOIN claim ON claim.id = claim_mentor.claim
  JOIN academic_year ON academic_year.id = claim.academic_year
  JOIN school ON school.id = claim.school
  WHERE claim_mentor.mentor IN (SELECT mentor FROM school_mentor WHERE school = {})
   AND claim.provider = {} AND academic_year.start_year <= {}
)
SELECT mentor.id AS mentor_id, mentor.first_name, mentor.last_name, mentor.trn,
 line.claim_id, line.hours, line.status, line.start_year, line.reference, line.school_id,
 line.school_name, line.member
FROM school_mentor
JOIN mentor ON mentor.id = school_mentor.mentor
LEFT JOIN line ON line.mentor_id = mentor.id
WHERE school_mentor.school = {}
ORDER BY mentor.last_name, mentor.first_name, mentor.id, line.claim_id
"""


async def school_mentor_history(
    school_id: int,
    provider_id: int,
    year: AcademicYear,
    user_id: int | None = None,
    sees_every_school: bool = False,
) -> History:
    """The school's mentors by name, every school's lines for them with the provider up to the
    year, and the claims named only if the user sees their school (a support user sees all)."""
    rows = await fetch(_MENTOR_HISTORY, user_id, school_id, provider_id, year.start_year, school_id)
    lines = [row for row in rows if row["claim_id"] is not None]
    mentors = {
        row["mentor_id"]: Mentor(row["mentor_id"], row["first_name"], row["last_name"], row["trn"])
        for row in rows
    }
    visible = {school_id} | {
        row["school_id"] for row in lines if sees_every_school or row["member"]
    }
    return History(
        mentors=tuple(mentors.values()),
        lines=tuple(claimed_hours(lines, provider_id)),
        claims={
            row["claim_id"]: ClaimSeen(row["reference"], row["school_id"], row["school_name"])
            for row in lines
        },
        visible_school_ids=frozenset(visible),
    )


async def school_mentor_options(
    school_id: int, provider_id: int, year: AcademicYear, editing_claim_id: int | None = None
) -> list[MentorOption]:
    """The school's mentors by name, each with their allowance with the provider this year."""
    history = await school_mentor_history(school_id, provider_id, year)
    lines = lines_by_mentor(history.lines)
    return [
        MentorOption(
            mentor_id=mentor.mentor_id,
            first_name=mentor.first_name,
            last_name=mentor.last_name,
            trn=mentor.trn,
            allowance=mentor_allowance(
                mentor.mentor_id,
                provider_id,
                year,
                lines.get(mentor.mentor_id, []),
                editing_claim_id,
            ),
        )
        for mentor in history.mentors
    ]
