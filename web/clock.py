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
    return ShiftedClock(_start(start_time) - SystemClock().now())


def _start(start_time: str) -> datetime:
    start = datetime.fromisoformat(start_time)
    return start.replace(tzinfo=UTC) if start.tzinfo is None else start


def start_time_banner(start_time: str) -> str | None:
    """What every page says when the clock was set (outside production): the date it started."""
    from domain.dates import format_date_with_weekday, format_time
    from domain.windows import LONDON

    if not start_time:
        return None
    moment = _start(start_time).astimezone(LONDON)
    return (
        f"The service’s date was set to {format_date_with_weekday(moment.date())}, "
        f"{format_time(moment)} (SERVICE_START_TIME), so that you can try a claim window."
    )
