"""Whom each reminder is for in an academic year, and when it was last sent."""

from __future__ import annotations

from db.queries.claim_allowances import is_postgres
from db.queries.support_events import Event, latest_event
from db.sql import fetch
from domain.academic_years import AcademicYear
from domain.reminders import Audience, Reminder, from_rows

# A school "has claimed" for a year once a claim of it for that year is past draft.
_CLAIMED = """EXISTS (
    SELECT 1 FROM claim AS c JOIN academic_year AS cy ON cy.id = c.academic_year
    WHERE c.school = s.id AND cy.start_year = {{}} AND c.status <> 'draft'{provider})"""

_ELIGIBLE = """
FROM school AS s
JOIN eligibility AS e ON e.school = s.id
JOIN academic_year AS y ON y.id = e.academic_year AND y.start_year = {}
"""

# Each school the reminder is for, with each of its users (none: one row of nulls).
_SCHOOL_USERS = f"""
SELECT s.id AS school, s.name AS school_name, u.email, u.first_name
{_ELIGIBLE}
LEFT JOIN membership AS m ON m.school = s.id
LEFT JOIN app_user AS u ON u.id = m.user
WHERE {{where}}
ORDER BY s.name, s.id, u.email
"""

_NO_CLAIMS = _SCHOOL_USERS.replace("{where}", "NOT " + _CLAIMED.format(provider=""))

# Schools with users, none of whom has ever signed in.
_NOT_SIGNED_IN = _SCHOOL_USERS.replace(
    "{where}",
    "EXISTS (SELECT 1 FROM membership AS m2 WHERE m2.school = s.id)"
    " AND NOT EXISTS (SELECT 1 FROM membership AS m3 JOIN app_user AS u3 ON u3.id = m3.user"
    " WHERE m3.school = s.id AND u3.last_signed_in_at IS NOT NULL)",
)

# A provider's schools: those whose claims named it in an earlier year. Each such school that
# can claim this year and has not claimed naming the provider, with the provider's address.
_PROVIDER_SCHOOLS = f"""
SELECT DISTINCT p.id AS provider, p.name AS provider_name, p.email, s.id AS school,
       s.name AS school_name
{_ELIGIBLE}
JOIN claim AS earlier ON earlier.school = s.id AND earlier.status <> 'draft'
JOIN academic_year AS ey ON ey.id = earlier.academic_year AND ey.start_year < {{}}
JOIN provider AS p ON p.id = earlier.provider
WHERE NOT {_CLAIMED.format(provider=" AND c.provider = p.id")}
ORDER BY p.name, s.name
"""


async def _schools_audience(sql: str, year: AcademicYear) -> Audience:
    rows = await fetch(sql, year.start_year, year.start_year)
    reachable = [row for row in rows if row["email"]]
    return Audience(
        recipients=from_rows(
            [(row["email"], row["first_name"], row["school_name"]) for row in reachable]
        ),
        schools=len({row["school"] for row in rows}),
        unreachable=len({row["school"] for row in rows} - {row["school"] for row in reachable}),
    )


async def audience(reminder: Reminder, year: AcademicYear) -> Audience:
    """Whom the reminder emails for the academic year, and whom it cannot reach."""
    if reminder is Reminder.NO_CLAIMS:
        return await _schools_audience(_NO_CLAIMS, year)
    if reminder is Reminder.NOT_SIGNED_IN:
        rows = await fetch(_NOT_SIGNED_IN, year.start_year)
        return Audience(
            recipients=from_rows(
                [(row["email"], row["first_name"], row["school_name"]) for row in rows]
            ),
            schools=len({row["school"] for row in rows}),
            unreachable=0,
        )
    rows = await fetch(_PROVIDER_SCHOOLS, year.start_year, year.start_year, year.start_year)
    reachable = [row for row in rows if row["email"]]
    return Audience(
        recipients=from_rows(
            [(row["email"], row["provider_name"], row["school_name"]) for row in reachable]
        ),
        schools=len({row["school"] for row in rows}),
        unreachable=len({row["provider"] for row in rows if not row["email"]}),
    )


async def last_sent(reminder: Reminder) -> Event | None:
    """When the reminder was last sent, and by whom, if ever."""
    return await latest_event(reminder.event)


async def lock_window(window_id: int) -> None:
    """Make sends in this window take turns until the transaction ends (PostgreSQL; SQLite's
    write transaction already holds its one write lock)."""
    if is_postgres():
        await fetch("SELECT id FROM claim_window WHERE id = {} FOR UPDATE", window_id)
