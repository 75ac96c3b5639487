"""Inviting users to schools from a file: who already belongs, and adding the rest."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import msgspec

from db.sql import fetch


class Invited(msgspec.Struct, frozen=True):
    """Someone just given access to a school, to be told by email."""

    email: str
    first_name: str
    school_name: str


_PAIR = "(CAST({} AS INTEGER), CAST({} AS INTEGER))"


def _placeholders(count: int, width: int = 1) -> str:
    one = "(" + ", ".join("{}" for _ in range(width)) + ")" if width > 1 else "{}"
    return ", ".join(one for _ in range(count))


async def members_among(places: Collection[tuple[str, int]]) -> set[tuple[str, int]]:
    """Of these (email, school id) pairs, those where the person already belongs."""
    if not places:
        return set()
    emails = sorted({email for email, _ in places})
    schools = sorted({school_id for _, school_id in places})
    # Emails are matched whatever their case: an account made elsewhere may have capitals.
    rows = await fetch(
        "SELECT LOWER(u.email) AS email, m.school FROM membership AS m"
        ' JOIN app_user AS u ON u.id = m."user"'
        f" WHERE LOWER(u.email) IN ({_placeholders(len(emails))})"
        f" AND m.school IN ({_placeholders(len(schools))})",
        *emails,
        *schools,
    )
    found = {(row["email"], row["school"]) for row in rows}
    return found & set(places)


async def invite(people: Sequence[tuple[str, str, str, int]], now: datetime) -> list[Invited]:
    """Give each (email, first name, last name, school id) access to the school, making an
    account for those without one; those newly given access. In the caller's transaction."""
    if not people:
        return []
    accounts = {email: (first, last) for email, first, last, _ in people}
    ids = await _account_ids(accounts.keys())
    new = [(email, *names) for email, names in accounts.items() if email not in ids]
    if new:
        # ON CONFLICT: someone signing up meanwhile keeps their account. An existing account
        # keeps its names, as when a school adds someone who already has one.
        await fetch(
            "INSERT INTO app_user (email, first_name, last_name, created_at)"
            f" VALUES {_placeholders(len(new), 4)} ON CONFLICT DO NOTHING",
            *(value for email, first, last in new for value in (email, first, last, now)),
        )
        ids = await _account_ids(accounts.keys())
    places = [(ids[email], school_id) for email, _, _, school_id in people]
    rows = await fetch(
        'INSERT INTO membership ("user", school, created_at)'
        f" VALUES {_placeholders(len(places), 3)} ON CONFLICT DO NOTHING"
        ' RETURNING "user", school',
        *(value for user_id, school_id in places for value in (user_id, school_id, now)),
    )
    return await _invited([(row["user"], row["school"]) for row in rows])


async def _account_ids(emails: Collection[str]) -> dict[str, int]:
    rows = await fetch(
        "SELECT id, LOWER(email) AS email FROM app_user"
        f" WHERE LOWER(email) IN ({_placeholders(len(emails))})",
        *emails,
    )
    return {row["email"]: row["id"] for row in rows}


async def _invited(places: Sequence[tuple[int, int]]) -> list[Invited]:
    if not places:
        return []
    rows = await fetch(
        "SELECT u.email, u.first_name, s.name AS school_name FROM membership AS m"
        ' JOIN app_user AS u ON u.id = m."user" JOIN school AS s ON s.id = m.school'
        # Typed: PostgreSQL cannot tell a bare VALUES list's parameters are ids.
        f' WHERE (m."user", m.school) IN (VALUES {", ".join([_PAIR] * len(places))})'
        " ORDER BY m.id",
        *(value for place in places for value in place),
    )
    return [msgspec.convert(row, Invited) for row in rows]
