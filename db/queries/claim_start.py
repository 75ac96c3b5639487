"""Whether a school can start a claim now: an open window, eligibility and a mentor."""

from __future__ import annotations

from datetime import datetime

from db.queries.windows import all_windows
from db.tables import Eligibility, SchoolMentor
from domain.academic_years import AcademicYear
from domain.eligibility import ClaimStart, claim_start


async def eligible_years(school_id: int) -> set[AcademicYear]:
    """The academic years the school hosted ITT placements in."""
    rows = await Eligibility.select(
        Eligibility.academic_year.start_year.as_alias("start_year")
    ).where(Eligibility.school == school_id)
    return {AcademicYear(row["start_year"]) for row in rows}


async def claim_start_for(school_id: int, now: datetime) -> ClaimStart:
    """Whether the school can start a claim at `now`, and why not if it cannot."""
    mentors = await SchoolMentor.count().where(SchoolMentor.school == school_id)
    return claim_start(now, await all_windows(), await eligible_years(school_id), mentors)
