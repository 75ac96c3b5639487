"""Whether a school can start a claim now: an open window, eligibility and a mentor."""

from __future__ import annotations

from datetime import date, datetime

from db.sql import fetch
from db.tables import Eligibility
from domain.academic_years import AcademicYear
from domain.eligibility import ClaimStart, claim_start
from domain.windows import ClaimWindow


async def eligible_years(school_id: int) -> set[AcademicYear]:
    """The academic years the school hosted ITT placements in."""
    rows = await Eligibility.select(
        Eligibility.academic_year.start_year.as_alias("start_year")
    ).where(Eligibility.school == school_id)
    return {AcademicYear(row["start_year"]) for row in rows}


# Whether the school can start a claim (asked by the claims list and the add-claim journey)
# needs the windows, the school's eligible years and its number of mentors: one round trip.
_CLAIM_START_FACTS = """
SELECT 'window' AS kind, w.starts_on, w.ends_on, w.paid, y.start_year AS number
FROM claim_window AS w
JOIN academic_year AS y ON y.id = w.academic_year
WHERE w.removed_at IS NULL
UNION ALL
SELECT 'eligible', NULL, NULL, NULL, y.start_year
FROM eligibility AS e
JOIN academic_year AS y ON y.id = e.academic_year
WHERE e.school = {}
UNION ALL
SELECT 'mentors', NULL, NULL, NULL, count(*) FROM school_mentor AS sm WHERE sm.school = {}
"""


def _as_date(value: date | str) -> date:
    # SQLite names a UNION's column types from its first SELECT only on some versions.
    return value if isinstance(value, date) else date.fromisoformat(value)


async def claim_start_for(school_id: int, now: datetime) -> ClaimStart:
    """Whether the school can start a claim at `now`, and why not if it cannot."""
    windows: list[ClaimWindow] = []
    eligible: set[AcademicYear] = set()
    mentors = 0
    for row in await fetch(_CLAIM_START_FACTS, school_id, school_id):
        if row["kind"] == "window":
            windows.append(
                ClaimWindow(
                    starts_on=_as_date(row["starts_on"]),
                    ends_on=_as_date(row["ends_on"]),
                    academic_year=AcademicYear(int(row["number"])),
                    paid=row["paid"],
                )
            )
        elif row["kind"] == "eligible":
            eligible.add(AcademicYear(int(row["number"])))
        else:
            mentors = int(row["number"])
    windows.sort(key=lambda window: window.starts_on)
    return claim_start(now, windows, eligible, mentors)
