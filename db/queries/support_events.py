"""The support console's activity log: who did what, when."""

from __future__ import annotations

from datetime import datetime

import msgspec

from db.tables import SupportEvent

EVENTS_PER_PAGE = 25
_EVENT_BATCH = 500


class Event(msgspec.Struct, frozen=True):
    """One support action as the activity log lists it."""

    at: datetime
    action: str
    description: str
    first_name: str | None
    last_name: str | None

    @property
    def by(self) -> str:
        """Who did it, or that their account no longer exists."""
        if self.first_name is None:
            return "A removed account"
        return f"{self.first_name} {self.last_name}"


async def record_event(
    user_id: int,
    action: str,
    description: str,
    now: datetime,
    claim_id: int | None = None,
    file_id: int | None = None,
) -> None:
    """Record a support action, in the caller's transaction with the change it describes."""
    await SupportEvent.insert(
        SupportEvent(
            user=user_id,
            action=action,
            description=description,
            at=now,
            claim=claim_id,
            file=file_id,
        )
    )


async def record_claim_events(
    user_id: int, action: str, described: list[tuple[int, str]], now: datetime
) -> None:
    """Record one action on many claims, each (claim id, what happened to it), in the caller's
    transaction; a few inserts of many rows, not one per claim."""
    for start in range(0, len(described), _EVENT_BATCH):
        await SupportEvent.insert(
            *(
                SupportEvent(user=user_id, action=action, description=what, at=now, claim=claim)
                for claim, what in described[start : start + _EVENT_BATCH]
            )
        )


async def events(page: int) -> tuple[list[Event], int]:
    """One page of events, newest first, and how many there are in all."""
    total = await SupportEvent.count()
    rows = await (
        SupportEvent.select(
            SupportEvent.at,
            SupportEvent.action,
            SupportEvent.description,
            SupportEvent.user.first_name.as_alias("first_name"),
            SupportEvent.user.last_name.as_alias("last_name"),
        )
        .order_by(SupportEvent.at, ascending=False)
        .order_by(SupportEvent.id, ascending=False)
        .limit(EVENTS_PER_PAGE)
        .offset((page - 1) * EVENTS_PER_PAGE)
    )
    return [msgspec.convert(row, Event) for row in rows], total
