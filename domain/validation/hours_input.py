"""The hours of training a mentor completed, chosen as the maximum or typed as another amount."""

import enum
import re

from domain.validation.field_error import FieldError

CHOICE_FIELD = "hours"
AMOUNT_FIELD = "custom_hours"
MINIMUM_HOURS = 1
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
# Longer strings of digits are far beyond any allowance; int() refuses very long ones.
_MAX_DIGITS = 6


class HoursChoice(enum.Enum):
    """The radios: all the remaining hours, or another amount."""

    MAXIMUM = "maximum"
    ANOTHER = "another"


def amount_label(remaining: int) -> str:
    """The label of the "another amount" input."""
    return f"Enter a whole number up to {remaining}"


def hours_range(remaining: int) -> str:
    """The hours allowed, like "between 1 and 16", or "1" when only 1 is left."""
    if remaining == MINIMUM_HOURS:
        return str(MINIMUM_HOURS)
    return f"between {MINIMUM_HOURS} and {remaining}"


# Says what is wrong rather than repeating the label (GOV.UK error message pattern).
NOT_A_WHOLE_NUMBER = "Number of hours must be a whole number"


def range_message(remaining: int) -> str:
    """The message for an amount outside 1 to `remaining`."""
    return f"Number of hours must be {hours_range(remaining)}"


def parse_hours(choice: str | None, amount: str | None, remaining: int) -> int | FieldError:
    """The hours claimed for a mentor, from 1 to the hours they have left, or an error."""
    if remaining < MINIMUM_HOURS:
        return FieldError(CHOICE_FIELD, "There are no hours left to claim for this mentor")
    if choice == HoursChoice.MAXIMUM.value:
        return remaining
    if choice != HoursChoice.ANOTHER.value:
        return FieldError(CHOICE_FIELD, "Select the number of hours")
    text = (amount or "").strip()
    if not text:
        return FieldError(AMOUNT_FIELD, "Enter the number of hours")
    if not _WHOLE_NUMBER.fullmatch(text):
        return FieldError(AMOUNT_FIELD, NOT_A_WHOLE_NUMBER)
    if len(text.lstrip("+-")) > _MAX_DIGITS:
        return FieldError(AMOUNT_FIELD, range_message(remaining))
    hours = int(text)
    if not MINIMUM_HOURS <= hours <= remaining:
        return FieldError(AMOUNT_FIELD, range_message(remaining))
    return hours
