"""The dates a facilitator can put a session on, checked against the window rules themselves."""

from datetime import UTC, date, datetime

import pytest

from domain.academic_years import AcademicYear
from domain.windows import ClaimWindow, countdown, current_window, next_window, previous_window
from web.research.dates import (
    NoSuchDate,
    SessionDate,
    at_session_time,
    chosen_moment,
    chosen_text,
    date_choices,
    moment_for,
    reference_window,
    uk_day,
)

# The seeded windows (db/seed.py).
WINDOWS = [
    ClaimWindow(date(2024, 5, 1), date(2024, 7, 19), AcademicYear(2023)),
    ClaimWindow(date(2025, 5, 1), date(2025, 7, 18), AcademicYear(2024)),
    ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025)),
    ClaimWindow(date(2026, 10, 5), date(2027, 7, 16), AcademicYear(2026)),
]
IN_WINDOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
BETWEEN = datetime(2026, 8, 20, 12, tzinfo=UTC)
AFTER_ALL = datetime(2027, 9, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "start_year"),
    [
        (IN_WINDOW, 2026),
        (BETWEEN, 2026),
        (AFTER_ALL, 2026),
        (datetime(2024, 6, 1, tzinfo=UTC), 2023),
    ],
)
def test_the_reference_window_is_the_open_one_else_the_next_else_the_latest(now, start_year):
    assert reference_window(WINDOWS, now).academic_year == AcademicYear(start_year)


def test_closing_in_2_days_shows_a_2_day_countdown():
    moment = moment_for(SessionDate.CLOSES_IN_2_DAYS, WINDOWS, IN_WINDOW)
    assert uk_day(moment) == date(2027, 7, 14)
    assert countdown(current_window(WINDOWS, moment), moment).message == "2 days remaining"


def test_closes_tomorrow_shows_1_day_remaining():
    moment = moment_for(SessionDate.CLOSES_TOMORROW, WINDOWS, IN_WINDOW)
    assert countdown(current_window(WINDOWS, moment), moment).message == "1 day remaining"


def test_the_last_day_shows_hours_and_minutes():
    moment = moment_for(SessionDate.CLOSES_TODAY, WINDOWS, IN_WINDOW)
    left = countdown(current_window(WINDOWS, moment), moment)
    assert left.days == 0
    assert left.message == "14 hours remaining"


def test_closed_yesterday_has_no_window_open_and_the_one_that_closed_is_the_previous():
    moment = moment_for(SessionDate.CLOSED_YESTERDAY, WINDOWS, IN_WINDOW)
    assert current_window(WINDOWS, moment) is None
    assert previous_window(WINDOWS, moment).ends_on == date(2027, 7, 16)
    assert uk_day(moment) == date(2027, 7, 17)


def test_between_windows_is_the_day_after_one_closed_with_the_next_announced():
    moment = moment_for(SessionDate.BETWEEN_WINDOWS, WINDOWS, IN_WINDOW)
    assert uk_day(moment) == date(2026, 7, 18)
    assert current_window(WINDOWS, moment) is None
    assert next_window(WINDOWS, moment).starts_on == date(2026, 10, 5)


def test_window_open_keeps_the_service_date_when_it_already_shows_an_open_window():
    assert moment_for(SessionDate.WINDOW_OPEN, WINDOWS, IN_WINDOW) is None


@pytest.mark.parametrize("now", [BETWEEN, datetime(2027, 7, 1, 12, tzinfo=UTC)])
def test_window_open_moves_into_a_window_without_a_countdown(now):
    moment = moment_for(SessionDate.WINDOW_OPEN, WINDOWS, now)
    window = current_window(WINDOWS, moment)
    assert window is not None
    assert countdown(window, moment) is None


def test_the_service_date_is_no_moment():
    assert moment_for(SessionDate.SERVICE, WINDOWS, IN_WINDOW) is None


def test_sessions_start_mid_morning_uk_time_even_in_summer_time():
    moment = moment_for(SessionDate.CLOSES_TOMORROW, WINDOWS, IN_WINDOW)
    assert moment.astimezone(UTC).hour == 9  # 10am BST


def test_between_windows_needs_a_gap_before_the_reference_window():
    one_window = WINDOWS[-1:]
    with pytest.raises(NoSuchDate):
        moment_for(SessionDate.BETWEEN_WINDOWS, one_window, IN_WINDOW)
    assert SessionDate.BETWEEN_WINDOWS.value not in {
        choice.value for choice in date_choices(one_window, IN_WINDOW)
    }


def test_no_windows_means_no_window_dates():
    assert [choice.value for choice in date_choices([], IN_WINDOW)] == ["service"]


def test_each_choice_says_the_date_it_sets():
    choices = {choice.value: choice for choice in date_choices(WINDOWS, IN_WINDOW)}
    assert choices["closes-in-2-days"].hint == "The service will think it is 14 July 2027."
    assert choices["service"].hint == (
        "The date the service runs on for everyone else: 23 November 2026, whatever that shows."
    )


@pytest.mark.parametrize("now", [IN_WINDOW, BETWEEN, AFTER_ALL, datetime(2026, 10, 6, tzinfo=UTC)])
def test_no_two_choices_share_a_hint(now):
    hints = [choice.hint for choice in date_choices(WINDOWS, now)]
    assert len(hints) == len(set(hints))


def test_window_open_says_when_it_keeps_the_service_date():
    choices = {choice.value: choice for choice in date_choices(WINDOWS, IN_WINDOW)}
    assert choices["window-open"].moment is None
    assert choices["window-open"].hint == (
        "Today, 23 November 2026, is already in an open claim window with no countdown: kept."
    )


@pytest.mark.parametrize(
    ("chosen", "moment", "text"),
    [
        (
            "",
            at_session_time(date(2027, 7, 14)),
            "Claim window closes in 2 days (the scenario's date)",
        ),
        ("closes-today", at_session_time(date(2027, 7, 16)), "Last day of the claim window"),
        ("service", None, "Today (the service's own date)"),
        ("on:2027-01-15", at_session_time(date(2027, 1, 15)), "15 January 2027"),
        (
            "on:2027-02-31",
            at_session_time(date(2027, 7, 14)),
            "Claim window closes in 2 days (the scenario's date)",
        ),
        (
            "no-such-choice",
            at_session_time(date(2027, 7, 14)),
            "Claim window closes in 2 days (the scenario's date)",
        ),
    ],
)
def test_a_kept_choice_sets_its_moment_again_else_the_scenarios_date(chosen, moment, text):
    default = SessionDate.CLOSES_IN_2_DAYS
    assert chosen_moment(chosen, default, WINDOWS, IN_WINDOW) == moment
    assert chosen_text(chosen, default) == text
