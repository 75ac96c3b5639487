"""Each research session's own idea of "now", without touching the server clock."""

from __future__ import annotations

from datetime import timedelta

from web.clock import Clock, ShiftedClock
from web.research.recording import current_visit


def session_clock(offset_seconds: int | None, base: Clock) -> Clock:
    """The service clock moved to a session's date; the service clock itself when not moved."""
    if offset_seconds is None:
        return base
    return ShiftedClock(timedelta(seconds=offset_seconds), base)


def research_clock(base: Clock) -> Clock:
    """The clock for the request being handled: its research session's, or the service's."""
    visit = current_visit()
    return base if visit is None else session_clock(visit.offset_seconds, base)
