"""Users and their memberships, as plain values."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.tables import Membership, User


class UserValue(msgspec.Struct, frozen=True):
    """A signed-in person."""

    id: int
    email: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


_COLUMNS = (User.id, User.email, User.first_name, User.last_name)


async def user_by_id(user_id: int) -> UserValue | None:
    """The user with this id, if they still exist."""
    row = await User.select(*_COLUMNS).where(User.id == user_id).first()
    return msgspec.convert(row, UserValue) if row else None


async def user_by_persona(key: str) -> UserValue | None:
    """The seeded user behind a persona."""
    row = await User.select(*_COLUMNS).where(User.persona == key).first()
    return msgspec.convert(row, UserValue) if row else None


async def record_sign_in(user_id: int, now: datetime) -> None:
    """Remember when the user last signed in."""
    await User.update({User.last_signed_in_at: now}).where(User.id == user_id)


async def membership_count(user_id: int) -> int:
    """How many schools the user belongs to."""
    return await Membership.count().where(Membership.user == user_id)


async def user_for_dfe_sign_in(uid: str, email: str | None) -> UserValue | None:
    """The user behind a DfE Sign-in account: by its id, else by email once (keeping the id)."""
    row = await User.select(*_COLUMNS).where(User.dfe_sign_in_uid == uid).first()
    if row or not email:
        return msgspec.convert(row, UserValue) if row else None
    # Only an account not yet linked to another DfE Sign-in account can be claimed by email.
    await User.update({User.dfe_sign_in_uid: uid}).where(
        (User.email == email) & User.dfe_sign_in_uid.is_null()
    )
    row = await User.select(*_COLUMNS).where(User.dfe_sign_in_uid == uid).first()
    return msgspec.convert(row, UserValue) if row else None
