from datetime import date, time

import pytest

from domain.dates import format_date, format_date_with_weekday, format_time


def test_dates_have_no_leading_zero_and_a_full_month():
    assert format_date(date(2026, 7, 1)) == "1 July 2026"
    assert format_date(date(2024, 2, 29)) == "29 February 2024"
    assert format_date_with_weekday(date(2026, 7, 17)) == "Friday 17 July 2026"
    assert format_date_with_weekday(date(2025, 9, 1)) == "Monday 1 September 2025"


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (time(23, 59, 59), "11:59pm"),
        (time(0, 0), "midnight"),
        (time(12, 0), "midday"),
        (time(9, 0), "9am"),
        (time(9, 5), "9:05am"),
        (time(12, 30), "12:30pm"),
        (time(0, 30), "12:30am"),
        (time(13, 0), "1pm"),
    ],
)
def test_times(moment, text):
    assert format_time(moment) == text
