"""The claim window dates step: the two date inputs and the academic year, parsed together."""

from __future__ import annotations

from datetime import date

import pytest

from domain.academic_years import AcademicYear
from domain.windows import ClaimWindow
from web.steps.window_dates import Form, View, WindowAnswers, form_for, parse

YEARS = [AcademicYear(2024), AcademicYear(2025), AcademicYear(2026)]
OTHER = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025))
VIEW = View(WindowAnswers(), YEARS, [OTHER])


def _form(starts=("1", "8", "2026"), ends=("10", "8", "2026"), year="2025") -> Form:
    return Form(*starts, *ends, academic_year=year)


def _fields(result) -> list[tuple[str, str]]:
    assert isinstance(result, list), result
    return [(error.field, error.message) for error in result]


def test_valid_answers_are_a_window():
    assert parse(_form(), VIEW) == WindowAnswers(date(2026, 8, 1), date(2026, 8, 10), 2025)


def test_months_may_be_typed_as_words():
    parsed = parse(_form(starts=("1", "Aug", "2026"), ends=("10", "august", "2026")), VIEW)
    assert parsed == WindowAnswers(date(2026, 8, 1), date(2026, 8, 10), 2025)


def test_every_blank_answer_is_an_error_in_page_order():
    assert _fields(parse(Form(), VIEW)) == [
        ("starts_on-day", "Enter the opening date"),
        ("ends_on-day", "Enter the closing date"),
        ("academic_year", "Select the academic year"),
    ]


@pytest.mark.parametrize(
    ("ends", "field", "message"),
    [
        (("", "8", "2026"), "ends_on-day", "The closing date must include a day"),
        (("10", "13", "2026"), "ends_on-month", "The closing date must be a real date"),
        (("x", "8", "2026"), "ends_on-day", "The closing date must be a real date"),
        (("10", "8", "20"), "ends_on-year", "Year must include 4 numbers"),
    ],
)
def test_a_wrong_date_links_to_the_box_in_error(ends, field, message):
    assert _fields(parse(_form(ends=ends), VIEW)) == [(field, message)]


def test_dates_are_checked_against_each_other_and_other_windows_only_once_both_are_real():
    assert _fields(parse(_form(ends=("31", "7", "2026")), VIEW)) == [
        ("ends_on-day", "End date must be the same as or after 1 August 2026")
    ]
    assert _fields(parse(_form(starts=("17", "7", "2026")), VIEW)) == [
        ("starts_on-day", "Dates must not overlap the claim window from 5 May 2026 to 17 July 2026")
    ]
    # The day after the other window closes is free, and a window may be a single day.
    assert isinstance(
        parse(_form(starts=("18", "7", "2026"), ends=("18", "7", "2026")), VIEW), WindowAnswers
    )


def test_a_year_without_confirmed_funding_or_unknown_is_refused():
    assert _fields(parse(_form(year="2026"), VIEW))[0][0] == "academic_year"
    assert "not confirmed" in _fields(parse(_form(year="2026"), VIEW))[0][1]
    assert _fields(parse(_form(year="2030"), VIEW)) == [
        ("academic_year", "Select the academic year")
    ]


def test_the_form_shows_the_answers_given():
    answers = WindowAnswers(date(2026, 8, 1), date(2026, 8, 10), 2025)
    form = form_for(View(answers, YEARS, []))
    assert form == _form()
