"""Claim windows: when claims can be started and submitted, in UK time."""

import enum
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import msgspec

from domain.academic_years import AcademicYear
from domain.dates import format_date, format_date_with_weekday, format_time
from domain.funding import funding_confirmed
from domain.validation.field_error import FieldError

# Windows open and close on UK dates whatever the server's clock (rules.md, "Claim windows").
LONDON = ZoneInfo("Europe/London")


class ClaimWindow(msgspec.Struct, frozen=True):
    """The inclusive dates during which claims for one academic year can be submitted."""

    starts_on: date
    ends_on: date
    academic_year: AcademicYear
    # When DfE pays the window's claims, like "in September and October 2026"; "" if not said.
    paid: str = ""

    @property
    def opens_at(self) -> datetime:
        """00:00 UK time on the start date."""
        return datetime.combine(self.starts_on, time(0, 0), tzinfo=LONDON)

    @property
    def closes_at(self) -> datetime:
        """23:59:59 UK time on the end date, the last second claims are taken."""
        return datetime.combine(self.ends_on, time(23, 59, 59), tzinfo=LONDON)

    @property
    def closes_before(self) -> datetime:
        """Midnight UK time after the end date, the first instant the window is closed."""
        return datetime.combine(self.ends_on + timedelta(days=1), time(0, 0), tzinfo=LONDON)

    @property
    def deadline(self) -> str:
        """When the window closes, like "11:59pm on Friday 17 July 2026"."""
        return f"{format_time(self.closes_at)} on {format_date_with_weekday(self.ends_on)}"

    @property
    def dates(self) -> str:
        """The window's dates, like "1 May 2026 to 17 July 2026"."""
        return f"{format_date(self.starts_on)} to {format_date(self.ends_on)}"

    def overlaps(self, starts_on: date, ends_on: date) -> bool:
        """Whether the window shares a day with the inclusive dates given."""
        return self.starts_on <= ends_on and starts_on <= self.ends_on

    def is_open_at(self, now: datetime) -> bool:
        """Whether claims can be submitted at the instant `now`."""
        return self.starts_on <= uk_date(now) <= self.ends_on

    def has_closed_at(self, now: datetime) -> bool:
        """Whether the window is over at the instant `now`."""
        return uk_date(now) > self.ends_on

    def is_upcoming_at(self, now: datetime) -> bool:
        """Whether the window is still to open at the instant `now`."""
        return uk_date(now) < self.starts_on


def uk_date(now: datetime) -> date:
    """The date in the UK at an instant; refuses a naive datetime, which has no instant."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(LONDON).date()


def current_window(windows: Iterable[ClaimWindow], now: datetime) -> ClaimWindow | None:
    """The window open at `now`, if any."""
    return next((window for window in windows if window.is_open_at(now)), None)


def window_at(windows: Iterable[ClaimWindow], moment: datetime) -> ClaimWindow | None:
    """The window a claim submitted at `moment` was submitted in, if any."""
    return current_window(windows, moment)


def payment_message(window: ClaimWindow | None) -> str | None:
    """When the window's claims are paid, like "Claims submitted from … will be paid in …"."""
    if window is None or not window.paid:
        return None
    return f"Claims submitted from {window.dates} will be paid {window.paid}."


# A local run set inside a closed window starts mid-morning UK time on its first day.
TRY_OUT_TIME = time(10, 0)


def latest_window_moment(windows: Iterable[ClaimWindow], now: datetime) -> datetime | None:
    """A moment inside the latest window to run a local service at; None if one is open now."""
    windows = tuple(windows)
    if current_window(windows, now) is not None or not windows:
        return None
    latest = max(windows, key=lambda window: window.ends_on)
    return datetime.combine(latest.starts_on, TRY_OUT_TIME, tzinfo=LONDON)


def previous_window(windows: Iterable[ClaimWindow], now: datetime) -> ClaimWindow | None:
    """The window that closed most recently before `now`, if any."""
    closed = [window for window in windows if window.has_closed_at(now)]
    return max(closed, key=lambda window: window.ends_on, default=None)


def next_window(windows: Iterable[ClaimWindow], now: datetime) -> ClaimWindow | None:
    """The soonest window still to open after `now`, if any."""
    upcoming = [window for window in windows if window.is_upcoming_at(now)]
    return min(upcoming, key=lambda window: window.starts_on, default=None)


def deadline_message(window: ClaimWindow) -> str:
    """The claims page sentence saying how long the open window has left."""
    return (
        f"You have until {window.deadline} to submit claims for the academic year "
        f"{window.academic_year.long_name}"
    )


def closed_messages(windows: Iterable[ClaimWindow], now: datetime) -> tuple[str, ...]:
    """What the claims page says when no window is open: when claims closed and next open."""
    windows = tuple(windows)
    last, upcoming = previous_window(windows, now), next_window(windows, now)
    messages = []
    if last is not None:
        messages.append(
            f"Claims for the academic year {last.academic_year.long_name} closed at "
            f"{last.deadline}."
        )
    else:
        messages.append("You cannot submit claims at the moment.")
    if upcoming is not None:
        messages.append(
            f"You can submit claims for the academic year {upcoming.academic_year.long_name} "
            f"from {format_date_with_weekday(upcoming.starts_on)}."
        )
    return tuple(messages)


# rules.md: the claims list shows a countdown in the last 30 days of a window; the final day
# is day 1 of 30, so the countdown starts when 29 days remain after today.
COUNTDOWN_DAYS = 30


class Countdown(msgspec.Struct, frozen=True):
    """Time left in an open window: whole days before the final day, then hours and minutes."""

    days: int
    hours: int = 0
    minutes: int = 0

    @property
    def message(self) -> str:
        """Like "12 days remaining", or on the final day "3 hours and 5 minutes remaining"."""
        if self.days:
            return f"{_count(self.days, 'day')} remaining"
        if self.hours and self.minutes:
            return f"{_count(self.hours, 'hour')} and {_count(self.minutes, 'minute')} remaining"
        if self.hours:
            return f"{_count(self.hours, 'hour')} remaining"
        if self.minutes:
            return f"{_count(self.minutes, 'minute')} remaining"
        return "Less than a minute remaining"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def countdown(window: ClaimWindow, now: datetime) -> Countdown | None:
    """The countdown to show at `now`, or None outside the window's last 30 days."""
    if not window.is_open_at(now):
        return None
    days = (window.ends_on - uk_date(now)).days
    if days >= COUNTDOWN_DAYS:
        return None
    if days:
        return Countdown(days=days)
    # Real elapsed time, converted to UTC first so that a clock change on the final day counts.
    seconds = int((window.closes_before.astimezone(UTC) - now.astimezone(UTC)).total_seconds())
    return Countdown(days=0, hours=seconds // 3600, minutes=seconds % 3600 // 60)


def window_problems(
    starts_on: date,
    ends_on: date,
    existing: Iterable[ClaimWindow],
    replacing: ClaimWindow | None = None,
    academic_year: AcademicYear | None = None,
) -> tuple[FieldError, ...]:
    """Why a new or changed window cannot be saved: an unconfirmed year, end first, or overlaps."""
    problems = []
    if academic_year is not None and not funding_confirmed(academic_year):
        # rules.md: no window can be opened for a year whose limits and rates are not confirmed.
        problems.append(
            FieldError(
                "academic_year",
                f"Funding for the academic year {academic_year.name} is not confirmed yet, "
                "so no claim window can be opened for it",
            )
        )
        return tuple(problems)
    if ends_on < starts_on:
        problems.append(
            FieldError("ends_on", f"End date must be the same as or after {format_date(starts_on)}")
        )
        return tuple(problems)
    for window in sorted(existing, key=lambda window: window.starts_on):
        if window != replacing and window.overlaps(starts_on, ends_on):
            problems.append(
                FieldError(
                    "starts_on",
                    f"Dates must not overlap the claim window from {window.dates}",
                )
            )
    return tuple(problems)


class WindowStatus(enum.Enum):
    """Where a window stands today, as the support console's table tags it."""

    CURRENT = "Current"
    UPCOMING = "Upcoming"
    PAST = "Past"

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour modifier class for the status."""
        return {
            WindowStatus.CURRENT: "govuk-tag--green",
            WindowStatus.UPCOMING: "govuk-tag--blue",
            WindowStatus.PAST: "govuk-tag--grey",
        }[self]


def window_status(window: ClaimWindow, now: datetime) -> WindowStatus:
    """Whether the window is open, still to open or over at `now`, on UK dates."""
    if window.has_closed_at(now):
        return WindowStatus.PAST
    if window.is_upcoming_at(now):
        return WindowStatus.UPCOMING
    return WindowStatus.CURRENT


def locked_message(window: ClaimWindow, now: datetime) -> str | None:
    """Why a window cannot be changed or removed (it is over), or None if it can be."""
    # support.md: past windows are kept as they were, for the claims submitted in them.
    if window_status(window, now) is WindowStatus.PAST:
        return f"The claim window from {window.dates} has closed, so it cannot be changed"
    return None


def current_window_warning(window: ClaimWindow, now: datetime, removing: bool) -> str | None:
    """The warning before changing or removing the open window, or None for any other."""
    if window_status(window, now) is not WindowStatus.CURRENT:
        return None
    if removing:
        return (
            "This claim window is open. If you remove it, schools will not be able to "
            "submit claims until another window opens."
        )
    return (
        "This claim window is open. If you change its dates so that today is outside them, "
        "schools will not be able to submit claims."
    )


def onboarding_window(windows: Iterable[ClaimWindow], now: datetime) -> ClaimWindow | None:
    """The window a school onboarded now becomes eligible for: the open one, else the next."""
    # support.md: onboarding needs a current or upcoming window.
    return current_window(windows, now) or next_window(windows, now)


def can_onboard_for(window: ClaimWindow, now: datetime) -> bool:
    """Whether schools can be onboarded for this window: open or upcoming, funding confirmed."""
    # support.md: onboarding needs a current or upcoming window; rules.md: only for a year whose
    # limits and rates are confirmed.
    return not window.has_closed_at(now) and funding_confirmed(window.academic_year)


def days_to_deadline(window: ClaimWindow, now: datetime) -> int:
    """Whole UK days from today to the window's last day: 0 on the last day itself."""
    return max(0, (window.ends_on - uk_date(now)).days)


def days_to_deadline_message(window: ClaimWindow, now: datetime) -> str:
    """How long a trust has to submit the open window's claims, like "12 days left ..."."""
    days = days_to_deadline(window, now)
    left = "Today is the last day" if days == 0 else f"{_count(days, 'day')} left"
    return (
        f"{left} to submit claims for the academic year {window.academic_year.long_name}: "
        f"the deadline is {window.deadline}."
    )
