"""Many submitted claims of made-up schools, to show pages stay fast as claims pile up.

For benchmarks only: `python -m db bulk-claims 100000` adds that many claims, ten to a school,
each with two mentors, on top of the seed. Made-up rows carry a "Z" before their number in the
URN, TRN and reference, which no register value or generated reference has.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from db.tables import AcademicYear, Provider, School

CLAIMS_PER_SCHOOL = 10

# Rows are made by the database from number series (a recursive CTE works on SQLite and
# PostgreSQL alike): 100,000 claims in seconds rather than Python building each one.
_NUMBERS = "WITH RECURSIVE n(i) AS (SELECT CAST({} AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
_SCHOOLS = _NUMBERS + (
    "INSERT INTO school (urn, name, region) "
    "SELECT 'Z' || i, 'Made-up school ' || i, 'Rest of England' FROM n"
)
_MENTORS = _NUMBERS + (
    "INSERT INTO mentor (trn, first_name, last_name, created_at) "
    "SELECT 'Z' || i, 'Made-up', 'Mentor ' || i, {} FROM n"
)
_CLAIMS = _NUMBERS + (
    "INSERT INTO claim (reference, school, provider, academic_year, status, created_at,"
    " updated_at, submitted_at, hourly_rate_pence, amount_pence) "
    "SELECT 'Z' || (CAST(substr(s.urn, 2) AS INTEGER) * 10 + n.i), s.id, {}, {}, 'submitted',"
    " {}, {}, {}, 4000, 48000 "
    "FROM school AS s CROSS JOIN n "
    "WHERE s.urn LIKE 'Z%' AND CAST(substr(s.urn, 2) AS INTEGER) BETWEEN {} AND {}"
)
_LINES = _NUMBERS + (
    "INSERT INTO claim_mentor (claim, mentor, hours, training_type) "
    "SELECT c.id, m.id, 6, 'initial' FROM claim AS c CROSS JOIN n "
    "JOIN mentor AS m ON m.trn = 'Z' || ((CAST(substr(c.reference, 2) AS INTEGER) / 10) * 2 + n.i) "
    "WHERE c.reference LIKE 'Z%' AND CAST(substr(c.reference, 2) AS INTEGER) BETWEEN {} AND {}"
)


async def add_claims(total: int) -> int:
    """Add `total` submitted claims, rounded up to whole schools of ten; how many were added."""
    year = await AcademicYear.select(AcademicYear.id).order_by(AcademicYear.start_year).first()
    provider = await Provider.select(Provider.id).where(Provider.accredited.eq(True)).first()
    if year is None or provider is None:
        raise SystemExit("Seed the database first: python -m db setup")
    now = datetime.now(UTC)
    # Numbers carry on from an earlier run, so the command can be repeated.
    first = await School.count().where(School.urn.like("Z%")) + 1
    last = first + math.ceil(total / CLAIMS_PER_SCHOOL) - 1
    async with School._meta.db.transaction():
        await School.raw(_SCHOOLS, first, last)
        await School.raw(_MENTORS, first * 2, last * 2 + 1, now)
        await School.raw(
            _CLAIMS,
            0,
            CLAIMS_PER_SCHOOL - 1,
            provider["id"],
            year["id"],
            now,
            now,
            now,
            first,
            last,
        )
        await School.raw(_LINES, 0, 1, first * 10, last * 10 + CLAIMS_PER_SCHOOL - 1)
    # Fresh table statistics, so the planner knows the tables grew (autovacuum would, later).
    await School.raw("ANALYZE")
    return (last - first + 1) * CLAIMS_PER_SCHOOL
