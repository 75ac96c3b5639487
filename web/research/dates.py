"""The dates a research session can put the service on, worked out from the claim windows."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import msgspec

from domain.dates import format_date
from domain.windows import LONDON, ClaimWindow, countdown, current_window, next_window

# Sessions start mid-morning UK time, when research sessions are held, so "today" never flips
# to tomorrow a few minutes into a session.
SESSION_TIME = time(10, 0)
CLOSING_IN_DAYS = 2


class SessionDate(enum.Enum):
    """A date a facilitator can choose for a session, named by what the participant will see."""

    SERVICE = "service"
    WINDOW_OPEN = "window-open"
    CLOSES_IN_2_DAYS = "closes-in-2-days"
    CLOSES_TOMORROW = "closes-tomorrow"
    CLOSES_TODAY = "closes-today"
    CLOSED_YESTERDAY = "closed-yesterday"
    BETWEEN_WINDOWS = "between-windows"


# A date the facilitator typed is kept as "on:YYYY-MM-DD", beside the named choices' values.
ON_DAY = "on:"


class DateChoice(msgspec.Struct, frozen=True):
    """A date choice as the facilitator sees it: what it shows, the moment it sets, its hint."""

    value: str
    text: str
    moment: datetime | None
    hint: str


class NoSuchDate(Exception):
    """The claim windows give no date that shows what was asked for."""


def uk_day(moment: datetime) -> date:
    """The UK date of an instant."""
    return moment.astimezone(LONDON).date()


def at_session_time(day: date) -> datetime:
    """Mid-morning UK time on a day."""
    return datetime.combine(day, SESSION_TIME, tzinfo=LONDON)


def reference_window(windows: Sequence[ClaimWindow], now: datetime) -> ClaimWindow:
    """The window a session's dates are about: the open one, else the next, else the latest."""
    window = current_window(windows, now) or next_window(windows, now)
    if window is None:
        if not windows:
            raise NoSuchDate("There are no claim windows.")
        window = max(windows, key=lambda each: each.ends_on)
    return window


def _between_windows(windows: Sequence[ClaimWindow], now: datetime) -> datetime:
    # The day after a window closed, with the next one already announced: the latest such gap
    # that is not after the window the session is about.
    reference = reference_window(windows, now)
    ordered = sorted(windows, key=lambda each: each.starts_on)
    gaps = [
        earlier.ends_on + timedelta(days=1)
        for earlier, later in pairwise(ordered)
        if earlier.ends_on + timedelta(days=1) < later.starts_on
        and later.starts_on <= reference.starts_on
    ]
    if not gaps:
        raise NoSuchDate("No claim window closes before another one opens.")
    return at_session_time(max(gaps))


def _window_open(windows: Sequence[ClaimWindow], now: datetime) -> datetime | None:
    # The service's own date already shows an open window without a countdown: keep it.
    window = current_window(windows, now)
    if window is not None and countdown(window, now) is None:
        return None
    return at_session_time(reference_window(windows, now).starts_on + timedelta(days=1))


def moment_for(
    choice: SessionDate, windows: Sequence[ClaimWindow], now: datetime
) -> datetime | None:
    """The moment a session should believe it is for a choice; None means the service's date."""
    if choice is SessionDate.SERVICE:
        return None
    if choice is SessionDate.WINDOW_OPEN:
        return _window_open(windows, now)
    if choice is SessionDate.BETWEEN_WINDOWS:
        return _between_windows(windows, now)
    ends_on = reference_window(windows, now).ends_on
    days_before_end = {
        SessionDate.CLOSES_IN_2_DAYS: CLOSING_IN_DAYS,
        SessionDate.CLOSES_TOMORROW: 1,
        SessionDate.CLOSES_TODAY: 0,
        SessionDate.CLOSED_YESTERDAY: -1,
    }[choice]
    return at_session_time(ends_on - timedelta(days=days_before_end))


CHOICE_TEXT = {
    SessionDate.SERVICE: "Today (the service's own date)",
    SessionDate.WINDOW_OPEN: "Claim window open, no countdown",
    SessionDate.CLOSES_IN_2_DAYS: f"Claim window closes in {CLOSING_IN_DAYS} days",
    SessionDate.CLOSES_TOMORROW: "Claim window closes tomorrow",
    SessionDate.CLOSES_TODAY: "Last day of the claim window",
    SessionDate.CLOSED_YESTERDAY: "Claim window closed yesterday",
    SessionDate.BETWEEN_WINDOWS: "No window open, next one announced",
}


def _hint(choice: SessionDate, moment: datetime | None, now: datetime) -> str:
    today = format_date(uk_day(now))
    if choice is SessionDate.SERVICE:
        return f"The date the service runs on for everyone else: {today}, whatever that shows."
    if moment is None:
        # "Window open" found the service's own date already shows what it asks for.
        return f"Today, {today}, is already in an open claim window with no countdown: kept."
    return f"The service will think it is {format_date(uk_day(moment))}."


def date_choices(windows: Sequence[ClaimWindow], now: datetime) -> list[DateChoice]:
    """Every date choice the windows allow, with the moment each would set."""
    choices = []
    for choice in SessionDate:
        try:
            moment = moment_for(choice, windows, now)
        except NoSuchDate:
            continue
        choices.append(
            DateChoice(
                value=choice.value,
                text=CHOICE_TEXT[choice],
                moment=moment,
                hint=_hint(choice, moment, now),
            )
        )
    return choices


def on_day(day: date) -> str:
    """How a typed date is kept as the session's chosen date."""
    return f"{ON_DAY}{day.isoformat()}"


def chosen_moment(
    chosen: str, default: SessionDate, windows: Sequence[ClaimWindow], now: datetime
) -> datetime | None:
    """The moment a session's kept date choice sets now; the scenario's date if there is none."""
    if chosen.startswith(ON_DAY):
        try:
            return at_session_time(date.fromisoformat(chosen.removeprefix(ON_DAY)))
        except ValueError:
            pass
    try:
        return moment_for(SessionDate(chosen), windows, now)
    except (ValueError, NoSuchDate):
        # No choice kept, or the windows no longer allow it: the scenario's own date.
        return moment_for(default, windows, now)


def chosen_text(chosen: str, default: SessionDate) -> str:
    """The kept date choice as the facilitator chose it."""
    if chosen.startswith(ON_DAY):
        try:
            return format_date(date.fromisoformat(chosen.removeprefix(ON_DAY)))
        except ValueError:
            pass
    try:
        return CHOICE_TEXT[SessionDate(chosen)]
    except ValueError:
        return f"{CHOICE_TEXT[default]} (the scenario's date)"
