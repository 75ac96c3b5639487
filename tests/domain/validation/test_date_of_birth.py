from datetime import date

import pytest

from domain.validation import FieldError
from domain.validation.date_input import parse_date_input
from domain.validation.date_of_birth import parse_date_of_birth

TODAY = date(2026, 3, 15)
ALL = ("day", "month", "year")


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("1", "3", "1980", date(1980, 3, 1)),
        ("01", "03", "1980", date(1980, 3, 1)),
        (" 31 ", " 12 ", " 1999 ", date(1999, 12, 31)),
        ("15", "Mar", "1980", date(1980, 3, 15)),
        ("15", "mar", "1980", date(1980, 3, 15)),
        ("15", "MARCH", "1980", date(1980, 3, 15)),
        ("15", "September", "1980", date(1980, 9, 15)),
        ("15", "sep", "1980", date(1980, 9, 15)),
        ("29", "2", "2024", date(2024, 2, 29)),  # leap year
        ("29", "Feb", "2000", date(2000, 2, 29)),  # divisible by 400
        ("14", "3", "2026", date(2026, 3, 14)),  # yesterday
    ],
)
def test_real_dates_in_the_past(day, month, year, expected):
    assert parse_date_of_birth(day, month, year, TODAY) == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "field", "message", "parts"),
    [
        ("", "", "", "day", "Enter date of birth", ALL),
        (None, None, None, "day", "Enter date of birth", ALL),
        ("", "3", "1980", "day", "Date of birth must include a day", ("day",)),
        ("1", " ", "1980", "month", "Date of birth must include a month", ("month",)),
        ("1", "3", "", "year", "Date of birth must include a year", ("year",)),
        ("", "", "1980", "day", "Date of birth must include a day and month", ("day", "month")),
        ("", "3", "", "day", "Date of birth must include a day and year", ("day", "year")),
        ("1", "", "", "month", "Date of birth must include a month and year", ("month", "year")),
        ("0", "3", "1980", "day", "Date of birth must be a real date", ("day",)),
        ("32", "3", "1980", "day", "Date of birth must be a real date", ("day",)),
        ("first", "3", "1980", "day", "Date of birth must be a real date", ("day",)),
        ("1.5", "3", "1980", "day", "Date of birth must be a real date", ("day",)),
        ("1", "0", "1980", "month", "Date of birth must be a real date", ("month",)),
        ("1", "13", "1980", "month", "Date of birth must be a real date", ("month",)),
        ("1", "Marc", "1980", "month", "Date of birth must be a real date", ("month",)),
        ("1", "Mrz", "1980", "month", "Date of birth must be a real date", ("month",)),
        ("32", "13", "1980", "day", "Date of birth must be a real date", ("day", "month")),
        ("1", "3", "80", "year", "Year must include 4 numbers", ("year",)),
        ("1", "3", "19800", "year", "Year must include 4 numbers", ("year",)),
        ("1", "3", "nine", "year", "Year must include 4 numbers", ("year",)),
        ("1", "3", "0000", "year", "Date of birth must be a real date", ("year",)),
        # each part is possible, the date is not
        ("29", "2", "2023", "day", "Date of birth must be a real date", ALL),
        ("29", "2", "1900", "day", "Date of birth must be a real date", ALL),
        ("31", "4", "1980", "day", "Date of birth must be a real date", ALL),
        ("30", "Feb", "1980", "day", "Date of birth must be a real date", ALL),
        # in the past: today is not, and neither is tomorrow
        ("15", "3", "2026", "day", "Date of birth must be in the past", ALL),
        ("16", "3", "2026", "day", "Date of birth must be in the past", ALL),
        ("1", "1", "2100", "day", "Date of birth must be in the past", ALL),
    ],
)
def test_errors_follow_the_govuk_date_input_pattern(day, month, year, field, message, parts):
    assert parse_date_of_birth(day, month, year, TODAY) == FieldError(field, message, parts)


def test_another_date_uses_its_own_name():
    assert parse_date_input("", "", "", "start date") == FieldError("day", "Enter start date", ALL)
    assert parse_date_input("1", "", "2026", "start date") == FieldError(
        "month", "Start date must include a month", ("month",)
    )


def test_highlighted_fields():
    assert FieldError("trn", "x").highlighted == ("trn",)
    assert FieldError("day", "x", ("day", "year")).highlighted == ("day", "year")
