"""Find a mentor's parse: every error at once, else the teacher found or the page saying why not."""

from datetime import date

import pytest

from web.partials.mentor_preview import Outcome, Preview
from web.steps.find_mentor import (
    Form,
    Found,
    NewMentor,
    Search,
    Teacher,
    View,
    context,
    parse,
    parse_search,
    preview,
)
from web.wizard import Page

TODAY = date(2026, 11, 23)
ADA = Teacher("1234567", "Ada", "Lovelace")


def typed(trn="", day="", month="", year="", change="") -> Form:
    return Form(trn=trn, day=day, month=month, year=year, change=change)


def view(found: Found | None = None, form: Form | None = None) -> View:
    return View(form or typed(), TODAY, found)


def errors(result) -> list[tuple[str, str]]:
    return [(error.field, error.message) for error in result]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (
            typed(),
            [
                ("trn", "Enter a teacher reference number (TRN)"),
                ("date-of-birth-day", "Enter date of birth"),
            ],
        ),
        (
            typed("abcdefg", "14", "3", "1980"),
            [("trn", "Teacher reference number (TRN) must be 7 digits")],
        ),
        (
            typed("123456", "14", "3", "1980"),
            [("trn", "Teacher reference number (TRN) must be 7 digits")],
        ),
        (
            typed("12345678", "14", "3", "1980"),
            [("trn", "Teacher reference number (TRN) must be 7 digits")],
        ),
        (
            typed("1234567", "30", "2", "1980"),
            [("date-of-birth-day", "Date of birth must be a real date")],
        ),
        (
            typed("1234567", "1", "1", "2027"),
            [("date-of-birth-day", "Date of birth must be in the past")],
        ),
        (
            typed("1234567", "14", "", "1980"),
            [("date-of-birth-month", "Date of birth must include a month")],
        ),
        (
            typed("1234567", "", "", "1980"),
            [("date-of-birth-day", "Date of birth must include a day and month")],
        ),
        (
            typed("1234567", "14", "Smarch", "1980"),
            [("date-of-birth-month", "Date of birth must be a real date")],
        ),
    ],
)
def test_parse_reports_every_field_error(form, expected):
    # Errors come before any lookup: a teacher found for other answers changes nothing.
    assert errors(parse(form, view(Found(Outcome.FOUND, ADA)))) == expected


@pytest.mark.parametrize(
    ("form", "search"),
    [
        (typed("123 4567", "14", "3", "1980"), Search("1234567", date(1980, 3, 14))),
        (typed(" 1234567\t", "14", "Mar", "1980"), Search("1234567", date(1980, 3, 14))),
        (typed("1 2 3 4 5 6 7", "01", "march", "1980"), Search("1234567", date(1980, 3, 1))),
    ],
)
def test_a_search_tolerates_spaces_and_month_names(form, search):
    assert parse_search(form, TODAY) == search


def test_yesterday_is_a_date_of_birth_in_the_past_and_today_is_not():
    assert isinstance(parse_search(typed("1234567", "22", "11", "2026"), TODAY), Search)
    assert isinstance(parse_search(typed("1234567", "23", "11", "2026"), TODAY), list)


def test_a_teacher_found_is_the_answer_without_the_date_of_birth():
    answer = parse(typed("1234567", "14", "3", "1980"), view(Found(Outcome.FOUND, ADA)))

    assert answer == NewMentor("1234567", "Ada", "Lovelace")
    assert "date" not in " ".join(NewMentor.__struct_fields__)


def test_a_teacher_the_school_holds_is_an_error_on_the_trn():
    result = parse(typed("1234567", "14", "3", "1980"), view(Found(Outcome.ALREADY_ADDED, ADA)))

    assert errors(result) == [("trn", "Ada Lovelace has already been added as a mentor")]


def test_no_teacher_found_is_a_page_of_its_own_keeping_the_answers():
    form = typed("123 4567", "01", "Jan", "1959")

    result = parse(form, view(Found(Outcome.NOT_FOUND)))

    assert isinstance(result, Page)
    assert (result.template, result.status_code) == ("steps/find_mentor_not_found.html", 200)
    assert result.context["title"] == "No teacher found"
    assert result.context["answers"] == typed("1234567", "1", "1", "1959")
    assert result.context["search"] == Search("1234567", date(1959, 1, 1))


@pytest.mark.parametrize("found", [Found(Outcome.UNAVAILABLE), None])
def test_no_answer_from_the_teaching_record_system_is_a_503_keeping_the_answers(found):
    form = typed("1234567", "14", "3", "1980")

    result = parse(form, view(found))

    assert isinstance(result, Page)
    assert (result.template, result.status_code) == ("steps/find_mentor_unavailable.html", 503)
    assert result.context["answers"] == form  # already as tidy as it gets


def test_change_shows_the_answers_again_without_errors():
    assert parse(typed("1234567", "1", "1", "1959", change="search"), view()) == []
    assert parse(typed(change="trn"), view()) == []


@pytest.mark.parametrize(
    ("found", "shown"),
    [
        (None, None),
        (Found(Outcome.FOUND, ADA), Preview(Outcome.FOUND, "Ada Lovelace")),
        (Found(Outcome.ALREADY_ADDED, ADA), Preview(Outcome.ALREADY_ADDED, "Ada Lovelace")),
        (Found(Outcome.NOT_FOUND), Preview(Outcome.NOT_FOUND)),
        (Found(Outcome.UNAVAILABLE), Preview(Outcome.UNAVAILABLE)),
    ],
)
def test_the_preview_says_what_the_lookup_found(found, shown):
    assert preview(view(found)) == shown


def test_the_date_parts_in_error_are_the_ones_marked():
    form = typed("1234567", "", "", "1980")
    result = parse(form, view())

    shown = context(view(), form, {error.field: error.message for error in result})

    assert shown["date_error"] == "Date of birth must include a day and month"
    assert set(shown["date_parts"]) == {"date-of-birth-day", "date-of-birth-month"}
    assert shown["trn_error"] is None
