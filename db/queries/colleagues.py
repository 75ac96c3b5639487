"""A school's users (colleagues): who belongs, adding someone and removing them."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.sql import fetch
from db.tables import Membership, User


class Colleague(msgspec.Struct, frozen=True):
    """A member of a school, as the school's users page shows them."""

    id: int
    first_name: str
    last_name: str
    email: str
    last_signed_in_at: datetime | None = None

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class AlreadyMember(Exception):
    """The person being added already belongs to the school."""


_COLUMNS = (
    Membership.user.id.as_alias("id"),
    Membership.user.first_name.as_alias("first_name"),
    Membership.user.last_name.as_alias("last_name"),
    Membership.user.email.as_alias("email"),
    Membership.user.last_signed_in_at.as_alias("last_signed_in_at"),
)


async def colleagues(school_id: int) -> list[Colleague]:
    """The school's members, ordered by name."""
    # Plain SQL: the users page runs it on every visit, and building the joined query cost
    # more than running it.
    rows = await fetch(
        "SELECT app_user.id, app_user.first_name, app_user.last_name, app_user.email,"
        " app_user.last_signed_in_at FROM membership"
        ' JOIN app_user ON app_user.id = membership."user" WHERE membership.school = {}',
        school_id,
    )
    members = [msgspec.convert(row, Colleague) for row in rows]
    return sorted(
        members,
        key=lambda each: (each.last_name.casefold(), each.first_name.casefold(), each.email),
    )


async def colleague(school_id: int, user_id: int) -> Colleague | None:
    """One member of the school; None for anyone who does not belong to it."""
    row = (
        await Membership.select(*_COLUMNS)
        .where((Membership.school == school_id) & (Membership.user == user_id))
        .first()
    )
    return msgspec.convert(row, Colleague) if row else None


async def is_member_by_email(school_id: int, email: str) -> bool:
    """Whether the account with this (normalised) email already belongs to the school."""
    return await Membership.exists().where(
        (Membership.school == school_id) & (Membership.user.email == email)
    )


async def add_colleague(
    school_id: int, first_name: str, last_name: str, email: str, now: datetime
) -> Colleague:
    """Give the person with this email access to the school, reusing any account they have."""
    # Called inside the route's write transaction, with the email that tells them. An existing
    # account keeps its names: one school should not rename someone for all their schools.
    # ON CONFLICT DO NOTHING: two schools adding the same new person at once share one account
    # instead of one of them failing on the unique email.
    await User.insert(
        User(email=email, first_name=first_name, last_name=last_name, created_at=now)
    ).on_conflict(target=User.email, action="DO NOTHING")
    row = (
        await User.select(User.id, User.first_name, User.last_name, User.email)
        .where(User.email == email)
        .first()
    )
    account = msgspec.convert(row, Colleague)
    # The unique (user, school) index decides, so a double-submitted form adds them once.
    inserted = (
        await Membership.insert(Membership(user=account.id, school=school_id, created_at=now))
        .on_conflict(target=(Membership.user, Membership.school), action="DO NOTHING")
        .returning(Membership.id)
    )
    if not inserted:
        raise AlreadyMember(email)
    return account


async def remove_colleague(school_id: int, user_id: int) -> Colleague | None:
    """Take away the user's access to the school; who was removed, or None if not a member."""
    member = await colleague(school_id, user_id)
    if member is None:
        return None
    removed = (
        await Membership.delete()
        .where((Membership.school == school_id) & (Membership.user == user_id))
        .returning(Membership.id)
    )
    # Someone else removed them between the read and the delete: report it only once.
    return member if removed else None
