"""Claiming again: a new draft with a submitted claim's provider and the mentors who still have
hours with it in the open window's academic year (domain/claim_again.py says who and why not).
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.queries.claim_allowances import claimed_hours, hours_transaction, is_postgres
from db.queries.claim_drafts import create_draft
from db.sql import fetch
from domain.academic_years import AcademicYear
from domain.claim_again import ClaimSeen, NotOffered, fresh_draft, no_longer_mentors, partition
from domain.claim_status import ClaimStatus
from domain.eligibility import provider_can_be_chosen


class Started(msgspec.Struct, frozen=True):
    """The draft to answer the hours of (new, or the one just started for the same mentors),
    and the claim's mentors left out with the reason."""

    claim_id: int
    left_out: tuple[NotOffered, ...]


class NothingLeft(msgspec.Struct, frozen=True):
    """No mentor of the claim can be claimed for again with its provider; nothing was written."""

    provider_name: str
    left_out: tuple[NotOffered, ...]


class ProviderClosed(msgspec.Struct, frozen=True):
    """The claim's provider can no longer be claimed for; nothing was written."""

    provider_name: str


# Everything claiming again reads, in one statement: the claim with its provider and mentors
# (and whether the school still holds each), every school's lines for those mentors with that
# provider up to the year, and the school's drafts with the provider in the year.
_FACTS = """
SELECT 'mentor' AS kind, c.id AS claim_id, c.reference, c.status, c.school AS school_id,
 s.name AS school_name, p.id AS provider_id, p.name AS provider_name, p.accredited,
 cm.mentor AS mentor_id, m.first_name, m.last_name,
 CASE WHEN sm.id IS NULL THEN 0 ELSE 1 END AS at_school, NULL AS hours, NULL AS start_year
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
LEFT JOIN claim_mentor AS cm ON cm.claim = c.id
LEFT JOIN mentor AS m ON m.id = cm.mentor
LEFT JOIN school_mentor AS sm ON sm.school = c.school AND sm.mentor = cm.mentor
WHERE c.id = {} AND c.school = {}
UNION ALL
SELECT 'line', c.id, c.reference, c.status, c.school, s.name, NULL, NULL, NULL,
 cm.mentor, NULL, NULL, NULL, cm.hours, y.start_year
FROM claim AS src
JOIN claim_mentor AS scm ON scm.claim = src.id
JOIN claim_mentor AS cm ON cm.mentor = scm.mentor
JOIN claim AS c ON c.id = cm.claim AND c.provider = src.provider
JOIN academic_year AS y ON y.id = c.academic_year
JOIN school AS s ON s.id = c.school
WHERE src.id = {} AND src.school = {} AND y.start_year <= {}
UNION ALL
SELECT 'draft', d.id, d.reference, d.status, d.school, NULL, NULL, NULL, NULL,
 dcm.mentor, NULL, NULL, NULL, dcm.hours, y.start_year
FROM claim AS src
JOIN claim AS d ON d.school = src.school AND d.provider = src.provider
JOIN academic_year AS y ON y.id = d.academic_year
LEFT JOIN claim_mentor AS dcm ON dcm.claim = d.id
WHERE src.id = {} AND src.school = {} AND d.status = {} AND y.start_year = {}
"""


async def claim_again(
    school_id: int, user_id: int, claim_id: int, year: AcademicYear, now: datetime
) -> Started | NothingLeft | ProviderClosed | None:
    """Start a draft in `year` from the school's submitted claim; None if there is no such claim."""
    async with hours_transaction():
        if is_postgres():
            # Two presses of the button take turns, so the second finds the first's draft.
            # (SQLite's BEGIN IMMEDIATE already made this transaction the only writer.)
            await fetch(
                "SELECT id FROM claim WHERE id = {} AND school = {} FOR UPDATE",
                claim_id,
                school_id,
            )
        rows = await fetch(
            _FACTS,
            *(claim_id, school_id),
            *(claim_id, school_id, year.start_year),
            *(claim_id, school_id, ClaimStatus.DRAFT.value, year.start_year),
        )
        source = next((row for row in rows if row["kind"] == "mentor"), None)
        if source is None or source["status"] == ClaimStatus.DRAFT.value:
            return None
        if source["provider_id"] is None or not provider_can_be_chosen(bool(source["accredited"])):
            return ProviderClosed(source["provider_name"] or "")
        provider_id, provider_name = source["provider_id"], source["provider_name"]
        mentors = [
            (row["mentor_id"], f"{row['first_name']} {row['last_name']}", bool(row["at_school"]))
            for row in sorted(
                (row for row in rows if row["kind"] == "mentor" and row["mentor_id"] is not None),
                key=lambda row: (row["last_name"], row["first_name"], row["mentor_id"]),
            )
        ]
        lines_rows = [row for row in rows if row["kind"] == "line"]
        seen = {
            row["claim_id"]: ClaimSeen(row["reference"], row["school_id"], row["school_name"])
            for row in lines_rows
        }
        offered, not_offered = partition(
            [(mentor_id, name) for mentor_id, name, held in mentors if held],
            provider_id,
            provider_name,
            year,
            claimed_hours(lines_rows, provider_id),
            seen,
            # Only the school's own claims are named; a trust's other schools are "another school".
            {school_id},
        )
        left_out = _in_claim_order(
            mentors, no_longer_mentors(mentors, source["school_name"]) + not_offered
        )
        if not offered:
            return NothingLeft(provider_name, left_out)
        drafts: dict[int, dict[int, int | None]] = {}
        for row in rows:
            if row["kind"] == "draft":
                lines = drafts.setdefault(row["claim_id"], {})
                if row["mentor_id"] is not None:
                    lines[row["mentor_id"]] = row["hours"]
        mentor_ids = [each.mentor_id for each in offered]
        existing = fresh_draft(drafts, mentor_ids)
        if existing is not None:
            return Started(existing, left_out)
        new_id = await create_draft(
            school_id, user_id, provider_id, year, now, mentor_ids=mentor_ids
        )
        return Started(new_id, left_out)


def _in_claim_order(
    mentors: list[tuple[int, str, bool]], left_out: tuple[NotOffered, ...]
) -> tuple[NotOffered, ...]:
    order = {mentor_id: index for index, (mentor_id, _, _) in enumerate(mentors)}
    return tuple(sorted(left_out, key=lambda each: order[each.mentor_id]))
