"""The support console's activity log: who did what, when."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import msgspec

from db.tables import StoredFile, SupportEvent

EVENTS_PER_PAGE = 25
_EVENT_BATCH = 500


class Event(msgspec.Struct, frozen=True):
    """One support action as the activity log lists it."""

    id: int
    at: datetime
    action: str
    description: str
    first_name: str | None
    last_name: str | None
    # The batch's file (a payment file, an uploaded CSV file); none for an action on one thing.
    file: int | None = None
    claim: int | None = None

    @property
    def is_batch(self) -> bool:
        """An action on many claims or schools at once, with a page of its own."""
        return self.file is not None and self.claim is None

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
    user_id: int,
    action: str,
    described: list[tuple[int, str]],
    now: datetime,
    file_id: int | None = None,
) -> None:
    """Record one action on many claims, each (claim id, what happened to it), in the caller's
    transaction; a few inserts of many rows, not one per claim. `file_id` names the batch's
    file, whose page lists these claims."""
    for start in range(0, len(described), _EVENT_BATCH):
        await SupportEvent.insert(
            *(
                SupportEvent(
                    user=user_id, action=action, description=what, at=now, claim=claim, file=file_id
                )
                for claim, what in described[start : start + _EVENT_BATCH]
            )
        )


_EVENT_COLUMNS = (
    SupportEvent.id,
    SupportEvent.at,
    SupportEvent.action,
    SupportEvent.description,
    SupportEvent.user.first_name.as_alias("first_name"),
    SupportEvent.user.last_name.as_alias("last_name"),
    SupportEvent.file,
    SupportEvent.claim,
)


async def latest_event(action: str) -> Event | None:
    """The latest event of one kind of action, if there has been one."""
    row = await (
        SupportEvent.select(*_EVENT_COLUMNS)
        .where(SupportEvent.action == action)
        .order_by(SupportEvent.id, ascending=False)
        .first()
    )
    return msgspec.convert(row, Event) if row else None


class BatchFile(msgspec.Struct, frozen=True):
    """The file of a batch action: made and sent (a payment file) or uploaded."""

    id: int
    kind: str
    filename: str
    row_count: int
    details: dict[str, Any]


class BatchClaim(msgspec.Struct, frozen=True):
    """A claim the batch changed, and what happened to it."""

    id: int
    reference: str
    description: str


def _done_by(query, by: int | None):
    """The query of everyone's events (`by` None), or of only those of the one user."""
    return query if by is None else query.where(SupportEvent.user == by)


async def batch_event(event_id: int, by: int | None = None) -> tuple[Event, BatchFile] | None:
    """A batch action (by `by`, if given) and its file, or None (no such event, or an action on
    one thing)."""
    row = await _done_by(
        SupportEvent.select(*_EVENT_COLUMNS).where(SupportEvent.id == event_id), by
    ).first()
    if row is None:
        return None
    event = msgspec.convert(row, Event)
    if not event.is_batch:
        return None
    file = (
        await StoredFile.select(
            StoredFile.id,
            StoredFile.kind,
            StoredFile.filename,
            StoredFile.row_count,
            StoredFile.details,
        )
        .where(StoredFile.id == event.file)
        .first()
    )
    if file is None:
        return None
    details = file["details"]
    # PostgreSQL's driver gives JSON as text; SQLite gives what was stored.
    file["details"] = json.loads(details) if isinstance(details, str) else dict(details or {})
    return event, msgspec.convert(file, BatchFile)


async def batch_claims(file_id: int, limit: int) -> tuple[list[BatchClaim], int]:
    """The first claims a batch changed, by reference, and how many it changed in all."""
    named = (SupportEvent.file == file_id) & SupportEvent.claim.is_not_null()
    total = await SupportEvent.count().where(named)
    rows = await (
        SupportEvent.select(
            SupportEvent.claim.id.as_alias("id"),
            SupportEvent.claim.reference.as_alias("reference"),
            SupportEvent.description,
        )
        .where(named)
        .order_by(SupportEvent.claim.reference)
        .limit(limit)
    )
    return [msgspec.convert(row, BatchClaim) for row in rows], total


async def events(page: int, by: int | None = None) -> tuple[list[Event], int]:
    """One page of events (only `by`'s, if given), newest first, and how many there are in
    all."""
    total = await _done_by(SupportEvent.count(), by)
    rows = await (
        _done_by(SupportEvent.select(*_EVENT_COLUMNS), by)
        .order_by(SupportEvent.at, ascending=False)
        .order_by(SupportEvent.id, ascending=False)
        .limit(EVENTS_PER_PAGE)
        .offset((page - 1) * EVENTS_PER_PAGE)
    )
    return [msgspec.convert(row, Event) for row in rows], total
