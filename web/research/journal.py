"""Session records written in the background, in batches, so no page waits for the disk."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from db.engine import give_back_held_connection
from db.queries import research as rows
from db.queries.research import EventValue

logger = logging.getLogger(__name__)

# How long a process trusts what it read about a session: a date or reset made by a facilitator
# on another process reaches the participant within this time (at once on the same process).
SESSION_SECONDS = 2.0


class Journal:
    """Events waiting to be written, and the task writing them."""

    def __init__(self) -> None:
        self._pending: list[EventValue] = []
        self._task: asyncio.Task | None = None

    def add(self, events: Sequence[EventValue]) -> None:
        """Queue events; a background task writes them straight away, in one insert per batch."""
        self._pending.extend(events)
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._task.get_loop() is not loop:
            self._task = loop.create_task(self._drain())

    async def flush(self) -> None:
        """Wait until every queued event is written (before reading a record)."""
        task = self._task
        if task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop():
            await give_back_held_connection()  # the task takes a connection of its own
            await task
        # A task left behind by another event loop (tests start several) cannot be awaited here.
        await self._drain()

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                await rows.add_events(batch)
            except Exception:
                logger.warning(
                    "Writing %s research events failed; one by one", len(batch), exc_info=True
                )
                # One bad event (its session deleted a moment ago) must not lose the others.
                for event in batch:
                    try:
                        await rows.add_events([event])
                    except Exception:
                        logger.warning(
                            "Dropped a research event for session %s", event.session, exc_info=True
                        )


class ActiveSessions:
    """Which research session a code names, read from the database at most every few seconds."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[float, tuple[int, int, int | None] | None]] = {}

    async def get(self, code: str) -> tuple[int, int, int | None] | None:
        """The session's id, run and clock offset, if it exists."""
        hit = self._found.get(code)
        now = time.monotonic()
        if hit is not None and now - hit[0] < SESSION_SECONDS:
            return hit[1]
        found = await rows.clock_offset(code)
        self._found[code] = (now, found)
        return found

    def forget(self, code: str) -> None:
        """Read the session afresh next time (its date, run or existence changed)."""
        self._found.pop(code, None)


JOURNAL = Journal()
ACTIVE = ActiveSessions()
