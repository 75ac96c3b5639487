"""Every school, searched by the support console by name, URN or postcode."""

from __future__ import annotations

import msgspec
from piccolo.query import WhereRaw

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope
from db.tables import School
from domain.schools import SchoolResult

__all__ = ["SCHOOLS_PER_PAGE", "SchoolResult", "remove_grant_conditions", "search_schools"]

SCHOOLS_PER_PAGE = 25


def _matching(query: str):
    words = " ".join(query.split())
    if not words:
        return None
    # Postcodes are typed with or without their space and in any case.
    postcode = "".join(words.split()).upper()
    return (
        # LOWER on both sides: SQLite has no ILIKE (Piccolo warns and falls back to LIKE).
        WhereRaw("LOWER(name) LIKE {}", f"%{words.lower()}%")
        | (School.urn == words)
        | WhereRaw("REPLACE(postcode, ' ', '') LIKE {}", f"{postcode}%")
    )


def _in_scope(where, scope: ClaimScope):
    """The search's condition, narrowed to the scope's schools."""
    if scope.everything:
        return where
    condition, values = scope.condition("id")
    in_scope = WhereRaw(condition, *values)
    return in_scope if where is None else where & in_scope


async def search_schools(
    query: str, page: int, scope: ClaimScope = EVERY_CLAIM
) -> tuple[list[SchoolResult], int]:
    """One page of the schools in scope matching the search (all of them when blank), and the
    count."""
    where = _in_scope(_matching(query), scope)
    count = School.count()
    select = School.select(School.id, School.name, School.urn, School.postcode)
    if where is not None:
        count, select = count.where(where), select.where(where)
    rows = await (
        select.order_by(School.name)
        .order_by(School.id)
        .limit(SCHOOLS_PER_PAGE)
        .offset((page - 1) * SCHOOLS_PER_PAGE)
    )
    return [msgspec.convert(row, SchoolResult) for row in rows], await count


async def remove_grant_conditions(school_id: int) -> bool:
    """Take away the school's grant conditions agreement; whether there was one to remove."""
    # Only an agreement still in place is removed, so a double click records one removal.
    removed = (
        await School.update(
            {School.grant_conditions_accepted_at: None, School.grant_conditions_accepted_by: None}
        )
        .where((School.id == school_id) & School.grant_conditions_accepted_at.is_not_null())
        .returning(School.id)
    )
    return bool(removed)
