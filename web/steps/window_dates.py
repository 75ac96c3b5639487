"""Claim window: its opening and closing dates and its academic year, on one page."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.academic_years import AcademicYear
from domain.funding import funding_confirmed
from domain.validation.date_input import parse_date_input
from domain.validation.field_error import FieldError
from domain.windows import ClaimWindow, window_problems
from web.wizard import Ask

ID = "dates"
TEMPLATE = "support/claim_windows/dates.html"
CHOOSE_YEAR = "Select the academic year"


class Form(msgspec.Struct, frozen=True):
    """The two GOV.UK date inputs and the academic year, as typed."""

    starts_on_day: str = msgspec.field(default="", name="starts_on-day")
    starts_on_month: str = msgspec.field(default="", name="starts_on-month")
    starts_on_year: str = msgspec.field(default="", name="starts_on-year")
    ends_on_day: str = msgspec.field(default="", name="ends_on-day")
    ends_on_month: str = msgspec.field(default="", name="ends_on-month")
    ends_on_year: str = msgspec.field(default="", name="ends_on-year")
    academic_year: str = ""


class WindowAnswers(msgspec.Struct, frozen=True):
    """The window being added or changed, as answered so far, and whether it was confirmed."""

    starts_on: date | None = None
    ends_on: date | None = None
    start_year: int = 0
    confirmed: bool = False

    @property
    def window(self) -> ClaimWindow | None:
        """The answers as a window, once given."""
        if self.starts_on is None or self.ends_on is None or not self.start_year:
            return None
        return ClaimWindow(self.starts_on, self.ends_on, AcademicYear(self.start_year))


class View(msgspec.Struct, frozen=True):
    """The answers, the years to choose from, the other windows and any warning."""

    answers: WindowAnswers
    years: list[AcademicYear]
    others: list[ClaimWindow]
    warning: str | None = None


def applies(state: WindowAnswers) -> bool:
    """Every window has dates and a year."""
    return True


def is_answered(state: WindowAnswers, key: str) -> bool:
    """Whether valid dates and a year were given."""
    return state.window is not None


async def load(ask: Ask) -> View:
    """The answers, the academic years, the other windows and the open-window warning."""
    lookups = ask.lookups
    return View(
        ask.state, await lookups.academic_years(), await lookups.other_windows(), lookups.warning()
    )


def form_for(view: View) -> Form:
    """The boxes filled with the answers so far."""
    answers = view.answers

    def parts(value: date | None) -> tuple[str, str, str]:
        return (str(value.day), str(value.month), str(value.year)) if value else ("", "", "")

    year = str(answers.start_year) if answers.start_year else ""
    return Form(*parts(answers.starts_on), *parts(answers.ends_on), academic_year=year)


def _date(day: str, month: str, year: str, field: str, name: str) -> date | FieldError:
    parsed = parse_date_input(day, month, year, name)
    if isinstance(parsed, FieldError):
        # The summary links to the first box in error (GOV.UK date input pattern).
        return FieldError(
            f"{field}-{parsed.field}", parsed.message, tuple(f"{field}-{p}" for p in parsed.parts)
        )
    return parsed


def _year(text: str, years: list[AcademicYear]) -> AcademicYear | FieldError:
    chosen = next((year for year in years if str(year.start_year) == text), None)
    return chosen if chosen is not None else FieldError("academic_year", CHOOSE_YEAR)


def parse(form: Form, view: View) -> WindowAnswers | list[FieldError]:
    """The window's dates and year, or every error in page order."""
    starts = _date(
        form.starts_on_day,
        form.starts_on_month,
        form.starts_on_year,
        "starts_on",
        "the opening date",
    )
    ends = _date(
        form.ends_on_day, form.ends_on_month, form.ends_on_year, "ends_on", "the closing date"
    )
    year = _year(form.academic_year, view.years)
    errors = [each for each in (starts, ends, year) if isinstance(each, FieldError)]
    if errors:
        return errors
    assert isinstance(starts, date) and isinstance(ends, date) and isinstance(year, AcademicYear)
    problems = window_problems(starts, ends, view.others, academic_year=year)
    if problems:
        return [placed(problem) for problem in problems]
    return WindowAnswers(starts, ends, year.start_year)


def placed(problem: FieldError) -> FieldError:
    """A domain error about a date, linked to its first box."""
    # domain names the date, the page links to its first box.
    if problem.field in ("starts_on", "ends_on"):
        return FieldError(
            f"{problem.field}-day",
            problem.message,
            tuple(f"{problem.field}-{p}" for p in ("day", "month", "year")),
        )
    return problem


def apply(state: WindowAnswers, answer: WindowAnswers, key: str) -> WindowAnswers:
    """The new dates and year, to be checked."""
    return answer


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the dates page shows."""
    return {
        "answers": msgspec.structs.asdict(form),
        "field_errors": errors,
        "years": [
            {"value": str(year.start_year), "text": year.name, "confirmed": funding_confirmed(year)}
            for year in view.years
        ],
        "warning": view.warning,
    }
