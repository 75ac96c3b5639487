"""The service's idea of "now": injected, so research sessions can move it per session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Anything that can say what time it is."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The server's real clock, in UTC."""

    def now(self) -> datetime:
        """The real current moment."""
        return datetime.now(UTC)


class ShiftedClock:
    """The real clock moved by a fixed offset, so time still passes during a session."""

    def __init__(self, offset: timedelta, base: Clock | None = None) -> None:
        self.offset = offset
        self.base = base or SystemClock()

    def now(self) -> datetime:
        """The shifted current moment."""
        return self.base.now() + self.offset


def clock_from_settings(start_time: str) -> Clock:
    """The real clock, or one that started at `start_time` (ISO 8601) and runs on from there."""
    if not start_time:
        return SystemClock()
    start = datetime.fromisoformat(start_time)
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return ShiftedClock(start - SystemClock().now())
