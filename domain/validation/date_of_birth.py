"""A mentor's date of birth, used with the TRN to find them in the Teaching Record System."""

from datetime import date

from domain.validation.date_input import PARTS, parse_date_input
from domain.validation.field_error import FieldError

NAME = "date of birth"


def parse_date_of_birth(
    day: str | None, month: str | None, year: str | None, today: date
) -> date | FieldError:
    """A real date before `today` (the UK date now), or the error against the right part."""
    parsed = parse_date_input(day, month, year, NAME)
    if isinstance(parsed, FieldError):
        return parsed
    if parsed >= today:
        return FieldError("day", "Date of birth must be in the past", PARTS)
    return parsed
