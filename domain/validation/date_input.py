"""A date typed into the GOV.UK date input: day, month and year boxes."""

import re
from datetime import date

from domain.dates import MONTHS
from domain.validation.field_error import FieldError

PARTS = ("day", "month", "year")

# People copy months off documents ("Mar", "March"), so both are accepted (GOV.UK date input).
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)
}
_ONE_OR_TWO_DIGITS = re.compile(r"[0-9]{1,2}")
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def _month_number(text: str) -> int | None:
    if _ONE_OR_TWO_DIGITS.fullmatch(text):
        return int(text)
    return MONTH_NUMBERS.get(text.lower())


def _and(words: list[str]) -> str:
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def parse_date_input(
    day: str | None, month: str | None, year: str | None, name: str
) -> date | FieldError:
    """A real date from the three boxes, or the GOV.UK date input error for `name`."""
    # Messages follow the GOV.UK Design System date input pattern, with `name` (like
    # "date of birth") as the [whatever]; the highlighted parts follow its guidance too.
    texts = dict(zip(PARTS, ((part or "").strip() for part in (day, month, year)), strict=True))
    subject = name[:1].upper() + name[1:]
    missing = [part for part in PARTS if not texts[part]]
    if len(missing) == len(PARTS):
        return FieldError("day", f"Enter {name}", PARTS)
    if missing:
        return FieldError(missing[0], f"{subject} must include a {_and(missing)}", tuple(missing))

    day_number = int(texts["day"]) if _ONE_OR_TWO_DIGITS.fullmatch(texts["day"]) else None
    month_number = _month_number(texts["month"])
    wrong = []
    if day_number is None or not 1 <= day_number <= 31:
        wrong.append("day")
    if month_number is None or not 1 <= month_number <= 12:
        wrong.append("month")
    if wrong:
        return FieldError(wrong[0], f"{subject} must be a real date", tuple(wrong))
    if not _FOUR_DIGITS.fullmatch(texts["year"]):
        return FieldError("year", "Year must include 4 numbers", ("year",))
    if int(texts["year"]) == 0:
        return FieldError("year", f"{subject} must be a real date", ("year",))
    try:
        return date(int(texts["year"]), month_number, day_number)
    except ValueError:
        # Each part is possible on its own (like 30 and February), so the date as a whole is wrong.
        return FieldError("day", f"{subject} must be a real date", PARTS)
