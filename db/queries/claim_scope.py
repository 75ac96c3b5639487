"""Which claims a viewer may see: every claim, or only a research session's own."""

from __future__ import annotations

import msgspec

# A research session's participant is a user whose persona is the session's participant key.
# Joined onto `app_user AS u` in the one query that reads a signed-in support or provider user,
# so knowing their scope costs no extra round trip.
RESEARCH_JOIN = "LEFT JOIN research_session AS rs ON rs.participant_key = u.persona"
RESEARCH_COLUMNS = "rs.id AS research_session, rs.school_ids AS research_schools"


class ClaimScope(msgspec.Struct, frozen=True):
    """Every claim (`school_ids` None), or only the claims of these schools."""

    school_ids: tuple[int, ...] | None = None

    @property
    def everything(self) -> bool:
        """Whether nothing is left out."""
        return self.school_ids is None

    def allows(self, school_id: int) -> bool:
        """Whether the school's claims, and the school, are in the scope."""
        return self.school_ids is None or school_id in self.school_ids

    def condition(self, column: str = "c.school") -> tuple[str, list[int]]:
        """An SQL condition on the school column (`{}` placeholders) and its values."""
        if self.school_ids is None:
            return "1 = 1", []
        if not self.school_ids:
            # A session still being built has no schools yet: it sees no claims at all.
            return "1 = 0", []
        placeholders = ", ".join("{}" for _ in self.school_ids)
        return f"{column} IN ({placeholders})", list(self.school_ids)


EVERY_CLAIM = ClaimScope()
# Where a query's SQL takes the scope's condition.
SCOPE = "{scope}"


def scoped(sql: str, scope: ClaimScope, column: str = "c.school") -> tuple[str, list[int]]:
    """The SQL with its SCOPE marker replaced by the scope's condition, and the condition's
    values (the caller puts them where the marker was among its own)."""
    condition, values = scope.condition(column)
    return sql.replace(SCOPE, condition), values


def scope_of(row: dict) -> ClaimScope:
    """The scope of the user read with RESEARCH_COLUMNS: their session's schools, if they are
    a research session's participant; else every claim."""
    if row.get("research_session") is None:
        return EVERY_CLAIM
    schools = row["research_schools"]
    if isinstance(schools, str | bytes):
        # PostgreSQL's driver and SQLite both give JSON as text.
        schools = msgspec.json.decode(schools)
    return ClaimScope(tuple(int(each) for each in schools or ()))
