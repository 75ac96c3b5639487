"""A school's mentors: listing, adding (shared by TRN across schools) and removing."""

from __future__ import annotations

from datetime import datetime

import msgspec
from piccolo.engine.sqlite import TransactionType

from db.queries.claim_allowances import claimed_line
from db.sql import fetch
from db.tables import ClaimMentor, Mentor, SchoolMentor
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus, blocks_mentor_removal
from domain.hours import ClaimedHours


class MentorValue(msgspec.Struct, frozen=True):
    """A mentor as a school sees them."""

    id: int
    trn: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        """First and last name, as the Teaching Record System gives them."""
        return f"{self.first_name} {self.last_name}"


class BlockingClaim(msgspec.Struct, frozen=True):
    """A claim of the school that keeps a mentor from being removed."""

    id: int
    reference: str
    status: ClaimStatus


_BLOCKING_STATUSES = [status.value for status in ClaimStatus if blocks_mentor_removal(status)]

_COLUMNS = (
    SchoolMentor.mentor.id.as_alias("id"),
    SchoolMentor.mentor.trn.as_alias("trn"),
    SchoolMentor.mentor.first_name.as_alias("first_name"),
    SchoolMentor.mentor.last_name.as_alias("last_name"),
)


def _held(school_id: int):
    return SchoolMentor.school == school_id


def _write_transaction():
    engine = SchoolMentor._meta.db
    if engine.engine_type == "sqlite":
        # IMMEDIATE takes the write lock at BEGIN, so the check and the write cannot interleave
        # with another writer's (SQLite would otherwise fail one of them on lock upgrade).
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


class MentorsPage(msgspec.Struct, frozen=True):
    """One page of the school's mentors, every school's lines for them with any provider up to
    an academic year, the names of those providers, and how many mentors the school holds."""

    mentors: list[MentorValue]
    lines: list[ClaimedHours]
    provider_names: dict[int, str]
    total: int


# One page of the school's mentors, every school's lines for them up to the year and the
# school's number of mentors (for the pages), in one statement: the count starts the rows, so
# a page past the last still gives it.
_MENTORS_PAGE = """
WITH shown AS (
  SELECT mentor.id, mentor.trn, mentor.first_name, mentor.last_name
  FROM school_mentor
  JOIN mentor ON mentor.id = school_mentor.mentor
  WHERE school_mentor.school = {}
  ORDER BY mentor.first_name, mentor.last_name, mentor.trn
  LIMIT {} OFFSET {}
), line AS (
  SELECT claim_mentor.mentor AS mentor_id, claim.id AS claim_id, claim_mentor.hours,
   claim.status, academic_year.start_year, provider.id AS provider_id,
   provider.name AS provider_name
  FROM claim_mentor
  JOIN claim ON claim.id = claim_mentor.claim
  JOIN academic_year ON academic_year.id = claim.academic_year
  JOIN provider ON provider.id = claim.provider
  WHERE claim_mentor.mentor IN (SELECT id FROM shown) AND academic_year.start_year <= {}
)
SELECT held.total, shown.id, shown.trn, shown.first_name, shown.last_name, line.claim_id,
 line.hours, line.status, line.start_year, line.provider_id, line.provider_name
FROM (SELECT count(*) AS total FROM school_mentor WHERE school = {}) AS held
LEFT JOIN shown ON 1 = 1
LEFT JOIN line ON line.mentor_id = shown.id
ORDER BY shown.first_name, shown.last_name, shown.trn, line.claim_id
"""


async def school_mentors_page(
    school_id: int, year: AcademicYear, *, offset: int = 0, limit: int = 25
) -> MentorsPage:
    """One page of the school's mentors by first then last name, with every school's lines for
    them up to the year (earlier years decide whether their training is a refresher), and how
    many mentors the school holds."""
    rows = await fetch(_MENTORS_PAGE, school_id, limit, offset, year.start_year, school_id)
    mentors = {
        row["id"]: MentorValue(row["id"], row["trn"], row["first_name"], row["last_name"])
        for row in rows
        if row["id"] is not None
    }
    lines = [row for row in rows if row["claim_id"] is not None]
    return MentorsPage(
        mentors=list(mentors.values()),
        lines=[claimed_line(row, mentor="id") for row in lines],
        provider_names={row["provider_id"]: row["provider_name"] for row in lines},
        total=int(rows[0]["total"]),
    )


async def school_mentor(school_id: int, mentor_id: int) -> MentorValue | None:
    """The mentor, only if this school holds them (anyone else's is None, shown as a 404)."""
    row = (
        await SchoolMentor.select(*_COLUMNS)
        .where(_held(school_id) & (SchoolMentor.mentor == mentor_id))
        .first()
    )
    return msgspec.convert(row, MentorValue) if row else None


async def school_mentor_by_trn(school_id: int, trn: str) -> MentorValue | None:
    """The school's mentor with this TRN, if it already holds them."""
    row = (
        await SchoolMentor.select(*_COLUMNS)
        .where(_held(school_id) & (SchoolMentor.mentor.trn == trn))
        .first()
    )
    return msgspec.convert(row, MentorValue) if row else None


async def add_school_mentor(
    school_id: int, trn: str, first_name: str, last_name: str, now: datetime
) -> MentorValue | None:
    """Add the teacher as the school's mentor; None if the school already holds them."""
    async with _write_transaction():
        # One Mentor per TRN system-wide: a teacher another school added is shared, and the
        # names are refreshed from the Teaching Record System (people change their names).
        await Mentor.insert(
            Mentor(trn=trn, first_name=first_name, last_name=last_name, created_at=now)
        ).on_conflict(
            target=Mentor.trn, action="DO UPDATE", values=[Mentor.first_name, Mentor.last_name]
        )
        mentor = await Mentor.select(Mentor.id).where(Mentor.trn == trn).first()
        # The unique index on (school, mentor) settles two people adding the same mentor at once.
        added = (
            await SchoolMentor.insert(
                SchoolMentor(school=school_id, mentor=mentor["id"], created_at=now)
            )
            .on_conflict(target=(SchoolMentor.school, SchoolMentor.mentor), action="DO NOTHING")
            .returning(SchoolMentor.id)
        )
    if not added:
        return None
    return MentorValue(id=mentor["id"], trn=trn, first_name=first_name, last_name=last_name)


async def claims_blocking_removal(school_id: int, mentor_id: int) -> list[BlockingClaim]:
    """The school's draft or submitted claims that include the mentor, by reference."""
    rows = (
        await ClaimMentor.select(
            ClaimMentor.claim.as_alias("id"),
            ClaimMentor.claim.reference.as_alias("reference"),
            ClaimMentor.claim.status.as_alias("status"),
        )
        .where(
            (ClaimMentor.mentor == mentor_id)
            & (ClaimMentor.claim.school == school_id)
            & ClaimMentor.claim.status.is_in(_BLOCKING_STATUSES)
        )
        .order_by(ClaimMentor.claim.reference)
    )
    return [msgspec.convert(row, BlockingClaim) for row in rows]


async def remove_school_mentor(school_id: int, mentor_id: int) -> list[BlockingClaim]:
    """Remove the mentor from the school unless a claim blocks it; the blocking claims."""
    async with _write_transaction():
        if SchoolMentor._meta.db.engine_type == "postgres":
            # Claims that add this mentor can take a share lock on the same row, so a mentor
            # is never removed from under a claim being written at the same moment.
            await (
                SchoolMentor.select(SchoolMentor.id)
                .where(_held(school_id) & (SchoolMentor.mentor == mentor_id))
                .lock_rows("UPDATE")
            )
        blocking = await claims_blocking_removal(school_id, mentor_id)
        if blocking:
            return blocking
        await SchoolMentor.delete().where(_held(school_id) & (SchoolMentor.mentor == mentor_id))
    return []
