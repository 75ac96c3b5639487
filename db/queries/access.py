"""Who is signed in and the school they act for, each read in one query for every page."""

from __future__ import annotations

import msgspec

from db.queries.claim_scope import RESEARCH_COLUMNS, RESEARCH_JOIN, scope_of
from db.queries.schools import SchoolValue
from db.queries.users import UserValue
from db.sql import fetch

# Every signed-in page needs the user and how many schools they belong to; a school's pages
# also need the school, only if the user is one of its members or a support user (who acts for
# any school). One round trip instead of four.
_VIEWER = """
SELECT u.id, u.email, u.first_name, u.last_name,
    (SELECT count(*) FROM membership AS m WHERE m."user" = u.id) AS school_count
FROM app_user AS u
WHERE u.id = {}
"""

# The user, their number of schools and the school if they may act for it, with the school's id
# and the user's id as its places (school, school, user); db/queries/claim_drafts.py reads a
# claim in the same statement.
MEMBER_SCHOOL = f"""
SELECT u.id, u.email, u.first_name, u.last_name,
    (SELECT count(*) FROM membership AS m WHERE m."user" = u.id) AS school_count,
    s.id AS school_id, s.urn, s.ukprn, s.name, s.address1, s.town, s.postcode, s.region,
    s.trust_code, s.telephone, s.website, s.grant_conditions_accepted_at,
    a.first_name AS accepted_first, a.last_name AS accepted_last,
    own.id AS membership_id, {RESEARCH_COLUMNS}
FROM app_user AS u
LEFT JOIN membership AS own ON own."user" = u.id AND own.school = {{}}
LEFT JOIN support_user AS su ON su."user" = u.id AND su.removed_at IS NULL
LEFT JOIN school AS s ON s.id = {{}} AND (own.id IS NOT NULL OR su.id IS NOT NULL)
LEFT JOIN app_user AS a ON a.id = s.grant_conditions_accepted_by
{RESEARCH_JOIN}
WHERE u.id = {{}}
"""

_USER_FIELDS = ("id", "email", "first_name", "last_name")
_SCHOOL_FIELDS = (
    "urn",
    "ukprn",
    "name",
    "address1",
    "town",
    "postcode",
    "region",
    "trust_code",
    "telephone",
    "website",
    "grant_conditions_accepted_at",
)


class ViewerRow(msgspec.Struct, frozen=True):
    """A signed-in user, the number of schools they belong to, and maybe one of them."""

    user: UserValue
    school_count: int
    school: SchoolValue | None = None
    # The school is shown because the user is a support user, not one of its members.
    as_support: bool = False


def _user(row: dict) -> UserValue:
    return UserValue(**{field: row[field] for field in _USER_FIELDS})


async def viewer_by_id(user_id: int) -> ViewerRow | None:
    """The user with this id and their number of schools, if they still exist."""
    rows = await fetch(_VIEWER, user_id)
    if not rows:
        return None
    return ViewerRow(user=_user(rows[0]), school_count=int(rows[0]["school_count"]))


async def viewer_with_school(user_id: int, school_id: int) -> ViewerRow | None:
    """The user, their number of schools and the school if they are its member or a support
    user (else None); a research session's support participant, only its session's schools."""
    rows = await fetch(MEMBER_SCHOOL, school_id, school_id, user_id)
    return viewer_from(rows[0]) if rows else None


def viewer_from(row: dict) -> ViewerRow:
    """The viewer and the school from a row of `MEMBER_SCHOOL` (the school None if not theirs)."""
    school = None
    # A research session's support participant acts only for their session's schools.
    supported = row["membership_id"] is not None or scope_of(row).allows(row["school_id"])
    if row["school_id"] is not None and supported:
        first, last = row["accepted_first"], row["accepted_last"]
        school = msgspec.convert(
            {
                "id": row["school_id"],
                **{field: row[field] for field in _SCHOOL_FIELDS},
                "grant_conditions_accepted_by_name": f"{first} {last}" if first else None,
            },
            SchoolValue,
        )
    return ViewerRow(
        user=_user(row),
        school_count=int(row["school_count"]),
        school=school,
        as_support=school is not None and row["membership_id"] is None,
    )
