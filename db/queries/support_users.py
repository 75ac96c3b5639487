"""Support users: DfE staff who use the support console, as plain values."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.queries.claim_scope import RESEARCH_COLUMNS, RESEARCH_JOIN, ClaimScope, scope_of
from db.queries.users import UserValue
from db.sql import fetch
from db.tables import SupportUser, User

_COLUMNS = (
    SupportUser.user.id.as_alias("id"),
    SupportUser.user.email.as_alias("email"),
    SupportUser.user.first_name.as_alias("first_name"),
    SupportUser.user.last_name.as_alias("last_name"),
)


async def is_support_user(user_id: int) -> bool:
    """Whether the user is a support user who has not been removed."""
    return await SupportUser.exists().where(
        (SupportUser.user == user_id) & SupportUser.removed_at.is_null()
    )


async def support_users(only: int | None = None) -> list[UserValue]:
    """Every support user not removed (only the one, if given), by name."""
    present = SupportUser.removed_at.is_null()
    rows = await (
        SupportUser.select(*_COLUMNS)
        .where(present if only is None else present & (SupportUser.user == only))
        .order_by(SupportUser.user.first_name)
        .order_by(SupportUser.user.last_name)
    )
    return [msgspec.convert(row, UserValue) for row in rows]


async def support_user(user_id: int) -> UserValue | None:
    """The support user with this user id, unless removed."""
    row = (
        await SupportUser.select(*_COLUMNS)
        .where((SupportUser.user == user_id) & SupportUser.removed_at.is_null())
        .first()
    )
    return msgspec.convert(row, UserValue) if row else None


# Every console page starts with who is signed in and which claims they may see: one round trip.
_VIEWER = f"""
SELECT u.id, u.email, u.first_name, u.last_name, {RESEARCH_COLUMNS}
FROM support_user AS su
JOIN app_user AS u ON u.id = su."user"
{RESEARCH_JOIN}
WHERE su."user" = {{}} AND su.removed_at IS NULL
"""


async def support_viewer(user_id: int) -> tuple[UserValue, ClaimScope] | None:
    """The support user with this user id, unless removed, and the claims they may see: a
    research session's participant sees only their session's."""
    rows = await fetch(_VIEWER, user_id)
    if not rows:
        return None
    row = rows[0]
    user = UserValue(
        id=row["id"], email=row["email"], first_name=row["first_name"], last_name=row["last_name"]
    )
    return user, scope_of(row)


async def is_support_email(email: str) -> bool:
    """Whether the email address belongs to a support user not removed."""
    return await SupportUser.exists().where(
        (SupportUser.user.email == email) & SupportUser.removed_at.is_null()
    )


async def add_support_user(
    first_name: str, last_name: str, email: str, now: datetime
) -> UserValue | None:
    """Make the person a support user, restoring one removed; None if they already are one."""
    # An existing account (a school user, or a removed support user) keeps its names and id,
    # so DfE Sign-in finds the same person again.
    await User.insert(
        User(email=email, first_name=first_name, last_name=last_name, created_at=now)
    ).on_conflict(target=User.email, action="DO NOTHING")
    row = await User.select(User.id).where(User.email == email).first()
    user_id = row["id"]
    restored = (
        await SupportUser.update({SupportUser.removed_at: None})
        .where((SupportUser.user == user_id) & SupportUser.removed_at.is_not_null())
        .returning(SupportUser.id)
    )
    if not restored:
        inserted = (
            await SupportUser.insert(SupportUser(user=user_id, created_at=now))
            .on_conflict(target=SupportUser.user, action="DO NOTHING")
            .returning(SupportUser.id)
        )
        if not inserted:
            return None
    return await support_user(user_id)


async def remove_support_user(user_id: int, now: datetime) -> UserValue | None:
    """Remove the support user (kept, to restore); who was removed, or None if nobody was."""
    member = await support_user(user_id)
    if member is None:
        return None
    removed = (
        await SupportUser.update({SupportUser.removed_at: now})
        .where((SupportUser.user == user_id) & SupportUser.removed_at.is_null())
        .returning(SupportUser.id)
    )
    # Removed by someone else a moment ago: report it only once.
    return member if removed else None
