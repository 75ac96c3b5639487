"""A trust user's schools with their claims in one academic year, counted by the database."""

from __future__ import annotations

from db.sql import fetch
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus, counts_as_earlier_training, counts_towards_hours
from domain.funding import funding_confirmed
from domain.hours import TrainingType, allowance_hours
from domain.trust_view import SchoolSummary


def _statuses(keep) -> str:
    # Literals from the enum, never from input: the rules stay in domain/claim_status.py.
    return ", ".join(f"'{status.value}'" for status in ClaimStatus if keep(status))


_DRAFT = f"'{ClaimStatus.DRAFT.value}'"
# Submitted claims are the school's claims past draft that still count: the payer's rejection
# gives the hours (and so the money) back (rules.md "Remaining hours").
_SUBMITTED = _statuses(
    lambda status: status is not ClaimStatus.DRAFT and counts_towards_hours(status)
)
_COUNTED = _statuses(counts_towards_hours)
_EARLIER = _statuses(counts_as_earlier_training)

# Every school of the user with its claims, eligibility and mentors in the year, a row each,
# grouped by the database: 44 schools with 10,000 claims is one statement of a few rows.
# A mentor has hours left unless, with every provider they hold hours with this year (any
# school: the allowance is the mentor's), the hours reach the allowance for their training.
_SCHOOLS = f"""
WITH mine AS (SELECT school FROM membership WHERE "user" = {{}}),
window_year AS (SELECT id FROM academic_year WHERE start_year = {{}}),
claims AS (
  SELECT claim.school,
   SUM(CASE WHEN claim.status = {_DRAFT} THEN 1 ELSE 0 END) AS drafts,
   MIN(CASE WHEN claim.status = {_DRAFT} THEN claim.id END) AS draft_id,
   SUM(CASE WHEN claim.status IN ({_SUBMITTED}) THEN 1 ELSE 0 END) AS submitted,
   SUM(CASE WHEN claim.status IN ({_SUBMITTED}) THEN COALESCE(claim.amount_pence, 0) ELSE 0 END)
    AS amount_pence
  FROM claim
  WHERE claim.school IN (SELECT school FROM mine) AND claim.academic_year IN (SELECT id FROM window_year)
  GROUP BY claim.school
),
pairs AS (
  SELECT claim_mentor.mentor,
   SUM(CASE WHEN y.start_year = {{}} AND claim.status IN ({_COUNTED})
    THEN COALESCE(claim_mentor.hours, 0) ELSE 0 END) AS claimed,
   MAX(CASE WHEN y.start_year = {{}} AND claim.status IN ({_COUNTED}) THEN 1 ELSE 0 END)
    AS this_year,
   MAX(CASE WHEN y.start_year < {{}} AND claim.status IN ({_EARLIER}) THEN 1 ELSE 0 END)
    AS refresher
  FROM claim_mentor
  JOIN claim ON claim.id = claim_mentor.claim
  JOIN academic_year AS y ON y.id = claim.academic_year
  WHERE claim_mentor.mentor IN (
    SELECT mentor FROM school_mentor WHERE school IN (SELECT school FROM mine)
  ) AND y.start_year <= {{}}
  GROUP BY claim_mentor.mentor, claim.provider
),
used_up AS (
  SELECT mentor FROM pairs
  GROUP BY mentor
  HAVING MAX(this_year) = 1
   AND MAX(CASE WHEN this_year = 1 AND claimed < CASE WHEN refresher = 1
    THEN CAST({{}} AS INTEGER) ELSE CAST({{}} AS INTEGER) END THEN 1 ELSE 0 END) = 0
),
mentors AS (
  SELECT school_mentor.school, COUNT(*) AS mentors,
   SUM(CASE WHEN used_up.mentor IS NULL THEN 1 ELSE 0 END) AS with_hours_left
  FROM school_mentor
  LEFT JOIN used_up ON used_up.mentor = school_mentor.mentor
  WHERE school_mentor.school IN (SELECT school FROM mine)
  GROUP BY school_mentor.school
)
SELECT school.id, school.name, school.urn,
 CASE WHEN school.grant_conditions_accepted_at IS NULL THEN 0 ELSE 1 END AS accepted,
 CASE WHEN EXISTS (
  SELECT 1 FROM eligibility
  WHERE eligibility.school = school.id AND eligibility.academic_year IN (SELECT id FROM window_year)
 ) THEN 1 ELSE 0 END AS eligible,
 COALESCE(claims.drafts, 0) AS drafts, claims.draft_id,
 COALESCE(claims.submitted, 0) AS submitted, COALESCE(claims.amount_pence, 0) AS amount_pence,
 COALESCE(mentors.mentors, 0) AS mentors,
 COALESCE(mentors.with_hours_left, 0) AS with_hours_left
FROM school
JOIN mine ON mine.school = school.id
LEFT JOIN claims ON claims.school = school.id
LEFT JOIN mentors ON mentors.school = school.id
"""


def _allowances(year: AcademicYear) -> tuple[int, int]:
    """The refresher and initial allowances; none for a year without confirmed limits."""
    # No window opens for an unconfirmed year, so this only guards a window removed meanwhile.
    if not funding_confirmed(year):
        return 0, 0
    return allowance_hours(TrainingType.REFRESHER, year), allowance_hours(
        TrainingType.INITIAL, year
    )


async def school_summaries(user_id: int, year: AcademicYear) -> list[SchoolSummary]:
    """Each of the user's schools with its drafts, claims, money and mentors in the year."""
    start = year.start_year
    refresher, initial = _allowances(year)
    rows = await fetch(_SCHOOLS, user_id, start, start, start, start, start, refresher, initial)
    return [
        SchoolSummary(
            school_id=row["id"],
            name=row["name"],
            urn=row["urn"],
            eligible=bool(row["eligible"]),
            # PostgreSQL sums to numeric: whole numbers here.
            drafts=int(row["drafts"]),
            draft_id=row["draft_id"],
            conditions_accepted=bool(row["accepted"]),
            submitted=int(row["submitted"]),
            amount_pence=int(row["amount_pence"]),
            mentors_with_hours_left=int(row["with_hours_left"]),
            mentors=int(row["mentors"]),
        )
        for row in rows
    ]
