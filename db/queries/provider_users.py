"""Provider users: staff of accredited providers, and the providers each one belongs to."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.queries.claim_scope import (
    EVERY_CLAIM,
    RESEARCH_COLUMNS,
    RESEARCH_JOIN,
    ClaimScope,
    scope_of,
)
from db.queries.users import UserValue
from db.sql import fetch
from db.tables import Provider, ProviderMembership


class ProviderValue(msgspec.Struct, frozen=True):
    """An accredited provider as its users see it."""

    id: int
    code: str
    name: str


class ProviderViewerRow(msgspec.Struct, frozen=True):
    """A signed-in user, the provider asked for if they belong to it, and the claims they may
    see."""

    user: UserValue
    provider: ProviderValue | None
    claims: ClaimScope = EVERY_CLAIM


# Every provider page starts with who is signed in, whether the provider in its address is
# theirs and which of its claims they may see: one round trip for all three.
_VIEWER_WITH_PROVIDER = f"""
SELECT u.id, u.email, u.first_name, u.last_name,
    p.id AS provider_id, p.code AS provider_code, p.name AS provider_name, {RESEARCH_COLUMNS}
FROM app_user AS u
LEFT JOIN provider_membership AS own ON own."user" = u.id AND own.provider = {{}}
LEFT JOIN provider AS p ON p.id = own.provider
{RESEARCH_JOIN}
WHERE u.id = {{}}
"""


async def viewer_with_provider(user_id: int, provider_id: int) -> ProviderViewerRow | None:
    """The user, the provider if they are one of its users (else None), and the claims they may
    see (a research session's participant, only its session's); None if no user."""
    rows = await fetch(_VIEWER_WITH_PROVIDER, provider_id, user_id)
    if not rows:
        return None
    row = rows[0]
    provider = (
        ProviderValue(row["provider_id"], row["provider_code"], row["provider_name"])
        if row["provider_id"] is not None
        else None
    )
    user = UserValue(
        id=row["id"], email=row["email"], first_name=row["first_name"], last_name=row["last_name"]
    )
    return ProviderViewerRow(user=user, provider=provider, claims=scope_of(row))


async def providers_for_user(user_id: int) -> list[ProviderValue]:
    """The providers the user belongs to, by name."""
    rows = await (
        ProviderMembership.select(
            ProviderMembership.provider.id.as_alias("id"),
            ProviderMembership.provider.code.as_alias("code"),
            ProviderMembership.provider.name.as_alias("name"),
        )
        .where(ProviderMembership.user == user_id)
        .order_by(ProviderMembership.provider.name)
    )
    return [msgspec.convert(row, ProviderValue) for row in rows]


async def is_provider_user(user_id: int) -> bool:
    """Whether the user belongs to any provider."""
    return await ProviderMembership.exists().where(ProviderMembership.user == user_id)


async def add_provider_user(user_id: int, provider_id: int, now: datetime) -> None:
    """Make the user one of the provider's users (again is no change)."""
    await ProviderMembership.insert(
        ProviderMembership(user=user_id, provider=provider_id, created_at=now)
    ).on_conflict(
        target=(ProviderMembership.user, ProviderMembership.provider), action="DO NOTHING"
    )


async def provider_by_code(code: str) -> ProviderValue | None:
    """The provider with this code from the register."""
    row = (
        await Provider.select(Provider.id, Provider.code, Provider.name)
        .where(Provider.code == code)
        .first()
    )
    return msgspec.convert(row, ProviderValue) if row else None
