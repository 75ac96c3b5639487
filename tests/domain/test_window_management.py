"""What support may do with claim windows: status tags, locks, warnings, overlaps, onboarding."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.academic_years import AcademicYear
from domain.windows import (
    LONDON,
    ClaimWindow,
    WindowStatus,
    can_onboard_for,
    current_window_warning,
    locked_message,
    onboarding_window,
    window_problems,
    window_status,
)

FIRST = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025))
SECOND = ClaimWindow(date(2026, 9, 1), date(2026, 9, 30), AcademicYear(2025))


@pytest.mark.parametrize(
    ("now", "status"),
    [
        # BST: the window opens at 23:00 UTC the day before and closes at 22:59:59 UTC.
        (datetime(2026, 5, 4, 22, 59, 59, tzinfo=UTC), WindowStatus.UPCOMING),
        (datetime(2026, 5, 4, 23, 0, tzinfo=UTC), WindowStatus.CURRENT),
        (datetime(2026, 7, 17, 22, 59, 59, tzinfo=UTC), WindowStatus.CURRENT),
        (datetime(2026, 7, 17, 23, 0, tzinfo=UTC), WindowStatus.PAST),
        (datetime(2026, 7, 18, 0, 0, tzinfo=LONDON), WindowStatus.PAST),
    ],
)
def test_status_at_the_boundaries_in_uk_time(now, status):
    assert window_status(FIRST, now) is status


def test_each_status_has_its_tag():
    assert [(status.value, status.tag_class) for status in WindowStatus] == [
        ("Current", "govuk-tag--green"),
        ("Upcoming", "govuk-tag--blue"),
        ("Past", "govuk-tag--grey"),
    ]


def test_a_past_window_is_locked_and_others_are_not():
    after = datetime(2026, 7, 18, 9, 0, tzinfo=LONDON)
    assert locked_message(FIRST, after) == (
        "The claim window from 5 May 2026 to 17 July 2026 has closed, so it cannot be changed"
    )
    assert locked_message(SECOND, after) is None
    assert locked_message(FIRST, datetime(2026, 7, 17, 23, 59, tzinfo=LONDON)) is None


def test_only_the_current_window_warns_before_a_change_or_removal():
    during = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)
    assert "If you remove it" in current_window_warning(FIRST, during, removing=True)
    assert "If you change its dates" in current_window_warning(FIRST, during, removing=False)
    assert current_window_warning(SECOND, during, removing=True) is None


@pytest.mark.parametrize(
    ("now", "window"),
    [
        (datetime(2026, 6, 1, 9, 0, tzinfo=LONDON), FIRST),
        (datetime(2026, 8, 1, 9, 0, tzinfo=LONDON), SECOND),
        (datetime(2026, 1, 1, 9, 0, tzinfo=LONDON), FIRST),
        (datetime(2026, 10, 1, 9, 0, tzinfo=LONDON), None),
    ],
)
def test_onboarding_is_for_the_open_window_else_the_next(now, window):
    assert onboarding_window([SECOND, FIRST], now) == window


days = st.integers(min_value=0, max_value=400)


@given(days, days, days, days)
def test_two_windows_are_refused_exactly_when_they_share_a_day(a, a_length, b, b_length):
    origin = date(2026, 1, 1)
    existing = ClaimWindow(
        origin + timedelta(a), origin + timedelta(a + a_length), AcademicYear(2025)
    )
    starts_on, ends_on = origin + timedelta(b), origin + timedelta(b + b_length)
    problems = window_problems(starts_on, ends_on, [existing])
    days_existing = {existing.starts_on + timedelta(n) for n in range(a_length + 1)}
    days_new = {starts_on + timedelta(n) for n in range(b_length + 1)}
    # Enclosing either way is a special case of sharing a day, so it is refused too.
    assert bool(problems) is bool(days_existing & days_new)


@pytest.mark.parametrize(
    ("today", "start_year", "expected"),
    [
        (date(2026, 6, 10), 2025, True),  # open
        (date(2026, 5, 4), 2025, True),  # upcoming
        (date(2026, 7, 17), 2025, True),  # its last day
        (date(2026, 7, 18), 2025, False),  # closed
        (date(2026, 6, 10), 2026, False),  # a year without confirmed funding
    ],
)
def test_schools_can_be_onboarded_for_an_open_or_upcoming_confirmed_window(
    today, start_year, expected
):
    window = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(start_year))
    now = datetime.combine(today, time(12), tzinfo=UTC)
    assert can_onboard_for(window, now) is expected
