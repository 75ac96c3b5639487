from datetime import UTC, date, datetime, timedelta

import pytest

from domain.academic_years import AcademicYear, academic_year_containing
from domain.windows import (
    LONDON,
    ClaimWindow,
    Countdown,
    closed_messages,
    countdown,
    current_window,
    days_to_deadline,
    days_to_deadline_message,
    deadline_message,
    latest_window_moment,
    next_window,
    payment_message,
    previous_window,
    uk_date,
    window_at,
    window_problems,
)

SUMMER = ClaimWindow(date(2026, 5, 1), date(2026, 7, 17), AcademicYear(2025))  # ends in BST
WINTER = ClaimWindow(date(2025, 11, 1), date(2025, 12, 19), AcademicYear(2025))  # ends in GMT


def test_opens_and_closes_in_uk_time():
    assert SUMMER.opens_at == datetime(2026, 4, 30, 23, 0, tzinfo=UTC)
    assert SUMMER.closes_at == datetime(2026, 7, 17, 22, 59, 59, tzinfo=UTC)
    assert WINTER.opens_at == datetime(2025, 11, 1, 0, 0, tzinfo=UTC)
    assert WINTER.closes_at == datetime(2025, 12, 19, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("window", "now", "is_open"),
    [
        # British Summer Time: UK midnight is 23:00 UTC
        (SUMMER, datetime(2026, 4, 30, 22, 59, 59, tzinfo=UTC), False),
        (SUMMER, datetime(2026, 4, 30, 23, 0, 0, tzinfo=UTC), True),
        (SUMMER, datetime(2026, 7, 17, 22, 59, 59, tzinfo=UTC), True),
        (SUMMER, datetime(2026, 7, 17, 22, 59, 59, 999_999, tzinfo=UTC), True),
        (SUMMER, datetime(2026, 7, 17, 23, 0, 0, tzinfo=UTC), False),
        (SUMMER, datetime(2026, 7, 17, 23, 59, 59, tzinfo=LONDON), True),
        (SUMMER, datetime(2026, 7, 18, 0, 0, 0, tzinfo=LONDON), False),
        # Winter (GMT): UK midnight is midnight UTC
        (WINTER, datetime(2025, 10, 31, 23, 59, 59, tzinfo=UTC), False),
        (WINTER, datetime(2025, 11, 1, 0, 0, 0, tzinfo=UTC), True),
        (WINTER, datetime(2025, 12, 19, 23, 59, 59, tzinfo=UTC), True),
        (WINTER, datetime(2025, 12, 20, 0, 0, 0, tzinfo=UTC), False),
    ],
)
def test_open_at_an_instant(window, now, is_open):
    assert window.is_open_at(now) is is_open
    assert (current_window([window], now) == window) is is_open


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        SUMMER.is_open_at(datetime(2026, 6, 1, 12, 0))


WINDOWS = [SUMMER, WINTER, ClaimWindow(date(2026, 9, 1), date(2026, 9, 30), AcademicYear(2025))]


def test_current_previous_and_next_between_windows():
    now = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
    assert current_window(WINDOWS, now) is None
    assert previous_window(WINDOWS, now) == WINTER
    assert next_window(WINDOWS, now) == SUMMER


def test_current_previous_and_next_inside_a_window():
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert current_window(WINDOWS, now) == SUMMER
    assert previous_window(WINDOWS, now) == WINTER
    assert next_window(WINDOWS, now) == WINDOWS[2]


def test_no_windows_either_side():
    assert previous_window(WINDOWS, datetime(2025, 1, 1, tzinfo=UTC)) is None
    assert next_window(WINDOWS, datetime(2027, 1, 1, tzinfo=UTC)) is None
    assert current_window([], datetime(2027, 1, 1, tzinfo=UTC)) is None


def test_previous_window_starts_from_the_day_after_closing():
    just_after = SUMMER.closes_at + timedelta(seconds=1)
    assert previous_window(WINDOWS, just_after) == SUMMER
    assert previous_window(WINDOWS, SUMMER.closes_at) == WINTER


def test_deadline_wording_for_the_claims_page():
    assert SUMMER.deadline == "11:59pm on Friday 17 July 2026"
    assert deadline_message(SUMMER) == (
        "You have until 11:59pm on Friday 17 July 2026 to submit claims for the academic year "
        "September 2025 to July 2026"
    )
    assert SUMMER.dates == "1 May 2026 to 17 July 2026"


def test_closed_messages_say_when_claims_closed_and_next_open():
    between = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
    assert closed_messages(WINDOWS, between) == (
        (
            "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
            "Friday 19 December 2025."
        ),
        (
            "You can submit claims for the academic year September 2025 to July 2026 from "
            "Friday 1 May 2026."
        ),
    )


def test_closed_messages_without_a_next_window():
    after = datetime(2027, 1, 1, tzinfo=UTC)
    assert closed_messages(WINDOWS, after) == (
        (
            "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
            "Wednesday 30 September 2026."
        ),
    )


def test_closed_messages_before_any_window():
    before = datetime(2025, 1, 1, tzinfo=UTC)
    assert closed_messages([], before) == ("You cannot submit claims at the moment.",)
    assert closed_messages([WINTER], before) == (
        "You cannot submit claims at the moment.",
        (
            "You can submit claims for the academic year September 2025 to July 2026 from "
            "Saturday 1 November 2025."
        ),
    )


def london(*args):
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        # 30 days before the end date is outside the last 30 days (final day is day 1 of 30)
        (SUMMER, london(2026, 6, 17, 12, 0), None),
        (SUMMER, london(2026, 6, 18, 0, 0), Countdown(days=29)),
        (SUMMER, london(2026, 7, 16, 23, 59, 59), Countdown(days=1)),
        # final day: hours and minutes to 23:59:59 (the window shuts at midnight)
        (SUMMER, london(2026, 7, 17, 0, 0), Countdown(days=0, hours=24, minutes=0)),
        (SUMMER, london(2026, 7, 17, 9, 30), Countdown(days=0, hours=14, minutes=30)),
        (SUMMER, london(2026, 7, 17, 23, 0), Countdown(days=0, hours=1, minutes=0)),
        (SUMMER, london(2026, 7, 17, 23, 58, 30), Countdown(days=0, hours=0, minutes=1)),
        (SUMMER, london(2026, 7, 17, 23, 59, 59), Countdown(days=0, hours=0, minutes=0)),
        (SUMMER, london(2026, 7, 18, 0, 0), None),
        (SUMMER, london(2026, 4, 30, 12, 0), None),
        # winter: the same instants in UTC
        (WINTER, datetime(2025, 12, 19, 22, 0, tzinfo=UTC), Countdown(days=0, hours=2)),
        (WINTER, datetime(2025, 12, 20, 0, 0, tzinfo=UTC), None),
    ],
)
def test_countdown(window, now, expected):
    assert countdown(window, now) == expected


def test_countdown_counts_real_hours_on_a_clock_change_day():
    # Clocks go forward at 1am on 29 March 2026 (23-hour day) and back on 26 October 2025.
    spring = ClaimWindow(date(2026, 3, 1), date(2026, 3, 29), AcademicYear(2025))
    autumn = ClaimWindow(date(2025, 10, 1), date(2025, 10, 26), AcademicYear(2025))
    assert countdown(spring, london(2026, 3, 29, 0, 0)) == Countdown(days=0, hours=23)
    assert countdown(autumn, london(2025, 10, 26, 0, 0)) == Countdown(days=0, hours=25)


@pytest.mark.parametrize(
    ("countdown_", "message"),
    [
        (Countdown(days=29), "29 days remaining"),
        (Countdown(days=2), "2 days remaining"),
        (Countdown(days=1), "1 day remaining"),
        (Countdown(days=0, hours=24), "24 hours remaining"),
        (Countdown(days=0, hours=14, minutes=30), "14 hours and 30 minutes remaining"),
        (Countdown(days=0, hours=1, minutes=1), "1 hour and 1 minute remaining"),
        (Countdown(days=0, hours=1), "1 hour remaining"),
        (Countdown(days=0, minutes=59), "59 minutes remaining"),
        (Countdown(days=0, minutes=1), "1 minute remaining"),
        (Countdown(days=0), "Less than a minute remaining"),
    ],
)
def test_countdown_messages(countdown_, message):
    assert countdown_.message == message


EXISTING = [SUMMER, WINTER]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "replacing", "messages"),
    [
        (date(2026, 1, 5), date(2026, 1, 5), None, []),  # one day: end = start
        (date(2026, 1, 1), date(2026, 4, 30), None, []),  # ends the day before SUMMER opens
        (date(2025, 12, 20), date(2026, 1, 31), None, []),  # starts the day after WINTER shuts
        (
            date(2026, 1, 5),
            date(2026, 1, 4),
            None,
            [("ends_on", "End date must be the same as or after 5 January 2026")],
        ),
        (
            date(2026, 1, 1),
            date(2026, 5, 1),  # shares SUMMER's first day
            None,
            [
                (
                    "starts_on",
                    "Dates must not overlap the claim window from 1 May 2026 to 17 July 2026",
                )
            ],
        ),
        (
            date(2025, 12, 19),  # shares WINTER's last day
            date(2026, 1, 31),
            None,
            [
                (
                    "starts_on",
                    (
                        "Dates must not overlap the claim window from 1 November 2025 to "
                        "19 December 2025"
                    ),
                )
            ],
        ),
        (
            date(2025, 10, 1),
            date(2026, 8, 31),  # covers both
            None,
            [
                (
                    "starts_on",
                    (
                        "Dates must not overlap the claim window from 1 November 2025 to "
                        "19 December 2025"
                    ),
                ),
                (
                    "starts_on",
                    "Dates must not overlap the claim window from 1 May 2026 to 17 July 2026",
                ),
            ],
        ),
        # changing a window's own dates does not overlap itself
        (date(2026, 5, 1), date(2026, 7, 31), SUMMER, []),
    ],
)
def test_window_problems(starts_on, ends_on, replacing, messages):
    problems = window_problems(starts_on, ends_on, EXISTING, replacing=replacing)
    assert [(problem.field, problem.message) for problem in problems] == messages


# The 2025 to 2026 windows as the guidance announced them (rules.md, "Claim windows").
FIRST = ClaimWindow(
    date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025), "in September and October 2026"
)
SECOND = ClaimWindow(date(2026, 9, 1), date(2026, 9, 30), AcademicYear(2025), "from December 2026")
ANNOUNCED = [FIRST, SECOND]


@pytest.mark.parametrize(
    ("now", "open_window", "calendar_year"),
    [
        # 31 August is the last day of 2025 to 2026, between the two windows.
        (datetime(2026, 8, 31, 23, 59, 59, tzinfo=LONDON), None, AcademicYear(2025)),
        # 1 September starts 2026 to 2027, but the second window takes 2025 to 2026 claims.
        (datetime(2026, 9, 1, 0, 0, tzinfo=LONDON), SECOND, AcademicYear(2026)),
        # The last minute of the second window, in Europe/London (BST, so 22:59 UTC).
        (datetime(2026, 9, 30, 22, 59, tzinfo=UTC), SECOND, AcademicYear(2026)),
        (datetime(2026, 9, 30, 23, 59, 59, tzinfo=LONDON), SECOND, AcademicYear(2026)),
        (datetime(2026, 9, 30, 23, 0, tzinfo=UTC), None, AcademicYear(2026)),
        # A 2026 to 2027 date with no announced window.
        (datetime(2027, 5, 10, 12, 0, tzinfo=UTC), None, AcademicYear(2026)),
    ],
)
def test_announced_windows_at_their_boundaries(now, open_window, calendar_year):
    assert current_window(ANNOUNCED, now) == open_window
    assert academic_year_containing(uk_date(now)) == calendar_year
    if open_window is not None:
        assert open_window.academic_year == AcademicYear(2025)


def test_the_last_minute_of_the_second_window_counts_down_in_minutes():
    last_minute = datetime(2026, 9, 30, 23, 59, tzinfo=LONDON)
    assert countdown(SECOND, last_minute) == Countdown(days=0, hours=0, minutes=1)
    assert countdown(SECOND, last_minute + timedelta(minutes=1)) is None


def test_after_the_second_window_nothing_is_announced():
    after = datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)
    assert previous_window(ANNOUNCED, after) == SECOND
    assert next_window(ANNOUNCED, after) is None
    assert closed_messages(ANNOUNCED, after) == (
        (
            "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
            "Wednesday 30 September 2026."
        ),
    )


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (
            FIRST,
            (
                "Claims submitted from 5 May 2026 to 17 July 2026 will be paid in September "
                "and October 2026."
            ),
        ),
        (
            SECOND,
            (
                "Claims submitted from 1 September 2026 to 30 September 2026 will be paid "
                "from December 2026."
            ),
        ),
        (ClaimWindow(date(2025, 5, 1), date(2025, 7, 18), AcademicYear(2024)), None),
        (None, None),
    ],
)
def test_payment_message_comes_from_the_window(window, message):
    assert payment_message(window) == message


def test_a_window_of_a_claim_is_the_one_open_when_it_was_submitted():
    assert window_at(ANNOUNCED, datetime(2026, 9, 15, 10, 0, tzinfo=UTC)) == SECOND
    assert window_at(ANNOUNCED, datetime(2026, 6, 15, 10, 0, tzinfo=UTC)) == FIRST


@pytest.mark.parametrize("start_year", [2026, 2027])
def test_no_window_can_be_opened_for_a_year_without_confirmed_funding(start_year):
    year = AcademicYear(start_year)
    problems = window_problems(
        date(start_year + 1, 5, 3), date(start_year + 1, 7, 16), ANNOUNCED, academic_year=year
    )
    assert [(problem.field, problem.message) for problem in problems] == [
        (
            "academic_year",
            (
                f"Funding for the academic year {year.name} is not confirmed yet, so no claim "
                "window can be opened for it"
            ),
        )
    ]


def test_a_window_can_be_opened_for_a_confirmed_year():
    assert (
        window_problems(date(2026, 5, 5), date(2026, 7, 17), [], academic_year=FIRST.academic_year)
        == ()
    )


def test_a_local_run_starts_inside_the_latest_window_when_none_is_open():
    after = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert latest_window_moment(ANNOUNCED, after) == datetime(2026, 9, 1, 10, 0, tzinfo=LONDON)
    assert SECOND.is_open_at(latest_window_moment(ANNOUNCED, after))
    # Between the two windows the latest is still the second one.
    between = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
    assert latest_window_moment(ANNOUNCED, between) == datetime(2026, 9, 1, 10, 0, tzinfo=LONDON)


def test_a_local_run_keeps_todays_date_while_a_window_is_open_or_none_is_set():
    assert latest_window_moment(ANNOUNCED, datetime(2026, 6, 1, 9, 0, tzinfo=UTC)) is None
    assert latest_window_moment([], datetime(2026, 6, 1, 9, 0, tzinfo=UTC)) is None


@pytest.mark.parametrize(
    ("now", "days", "message"),
    [
        (
            datetime(2026, 6, 10, 12, 0, tzinfo=UTC),
            37,
            (
                "37 days left to submit claims for the academic year September 2025 to July "
                "2026: the deadline is 11:59pm on Friday 17 July 2026."
            ),
        ),
        # 23:30 UTC on 15 July is already 16 July in the UK: one day left, not two.
        (datetime(2026, 7, 15, 23, 30, tzinfo=UTC), 1, "1 day left to submit claims"),
        (datetime(2026, 7, 17, 22, 59, tzinfo=UTC), 0, "Today is the last day to submit claims"),
    ],
)
def test_days_to_the_deadline_count_uk_days(now, days, message):
    assert days_to_deadline(SUMMER, now) == days
    assert days_to_deadline_message(SUMMER, now).startswith(message)
