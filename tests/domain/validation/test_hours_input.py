import pytest

from domain.validation import FieldError
from domain.validation.hours_input import amount_label, parse_hours


@pytest.mark.parametrize(
    ("choice", "amount", "remaining", "expected"),
    [
        ("maximum", None, 16, 16),
        ("maximum", "3", 16, 16),  # a stale amount behind the closed reveal is ignored
        ("maximum", None, 6, 6),
        ("maximum", None, 1, 1),
        ("another", "1", 16, 1),
        ("another", "15", 16, 15),
        ("another", "16", 16, 16),
        ("another", " 7 ", 16, 7),
        ("another", "07", 16, 7),
        ("another", "6", 6, 6),
        ("another", "20", 20, 20),
    ],
)
def test_hours_within_the_remaining_allowance(choice, amount, remaining, expected):
    assert parse_hours(choice, amount, remaining) == expected


@pytest.mark.parametrize(
    ("choice", "amount", "remaining", "field", "message"),
    [
        (None, None, 16, "hours", "Select the number of hours"),
        ("", "5", 16, "hours", "Select the number of hours"),
        ("all of them", "5", 16, "hours", "Select the number of hours"),
        ("another", None, 16, "custom_hours", "Enter the number of hours"),
        ("another", "  ", 16, "custom_hours", "Enter the number of hours"),
        ("another", "ten", 16, "custom_hours", "Number of hours must be a whole number"),
        ("another", "1.5", 16, "custom_hours", "Number of hours must be a whole number"),
        ("another", "16.0", 16, "custom_hours", "Number of hours must be a whole number"),
        ("another", "5 hours", 6, "custom_hours", "Number of hours must be a whole number"),
        ("another", "0", 16, "custom_hours", "Number of hours must be between 1 and 16"),
        ("another", "-1", 16, "custom_hours", "Number of hours must be between 1 and 16"),
        ("another", "17", 16, "custom_hours", "Number of hours must be between 1 and 16"),
        ("another", "21", 20, "custom_hours", "Number of hours must be between 1 and 20"),
        ("another", "7", 6, "custom_hours", "Number of hours must be between 1 and 6"),
        ("another", "5", 4, "custom_hours", "Number of hours must be between 1 and 4"),
        ("another", "2", 1, "custom_hours", "Number of hours must be 1"),
        ("another", "0", 1, "custom_hours", "Number of hours must be 1"),
        ("another", "9" * 5000, 16, "custom_hours", "Number of hours must be between 1 and 16"),
        ("maximum", None, 0, "hours", "There are no hours left to claim for this mentor"),
        ("another", "1", 0, "hours", "There are no hours left to claim for this mentor"),
    ],
)
def test_hours_errors(choice, amount, remaining, field, message):
    assert parse_hours(choice, amount, remaining) == FieldError(field, message)


def test_amount_label_quotes_the_remaining_hours():
    assert amount_label(16) == "Enter a whole number up to 16"
    assert amount_label(6) == "Enter a whole number up to 6"
