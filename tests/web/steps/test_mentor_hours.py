"""The hours question's parse: all the remaining hours or another whole amount, never more."""

import pytest

from domain.academic_years import AcademicYear
from domain.hours import MentorAllowance, TrainingType
from web.forms import by_field
from web.partials.claim_summary import SummaryLine
from web.steps.mentor_hours import Form, View, changed, form_for, parse

YEAR = AcademicYear(2025)
INITIAL = MentorAllowance(TrainingType.INITIAL, YEAR, allowance=16, claimed=0)
REFRESHER = MentorAllowance(TrainingType.REFRESHER, YEAR, allowance=6, claimed=0)
PARTLY_USED = MentorAllowance(TrainingType.INITIAL, YEAR, allowance=16, claimed=10)
MENTOR = SummaryLine("Ada Lovelace")


def view(allowance: MentorAllowance, hours: int | None = None) -> View:
    return View(MENTOR, allowance, hours, "Leeds Trinity", "/mentors")


def answer(form: Form, allowance: MentorAllowance):
    """The hours, or the errors keyed by field id as the error summary links them."""
    result = parse(form, view(allowance))
    return by_field(result) if isinstance(result, list) else result


def another(amount: str) -> Form:
    return Form(hours="another", custom_hours=amount)


@pytest.mark.parametrize(
    ("form", "allowance", "expected"),
    [
        (Form(hours="maximum"), INITIAL, 16),
        (Form(hours="maximum"), REFRESHER, 6),
        (Form(hours="maximum"), PARTLY_USED, 6),
        (another("1"), INITIAL, 1),
        (another("16"), INITIAL, 16),
        (another(" 7 "), INITIAL, 7),
        (another("6"), REFRESHER, 6),
        (Form(), INITIAL, {"hours": "Select the number of hours"}),
        (Form(hours="junk"), INITIAL, {"hours": "Select the number of hours"}),
        (another(""), INITIAL, {"custom_hours": "Enter the number of hours"}),
        (another("   "), INITIAL, {"custom_hours": "Enter the number of hours"}),
        (another("ten"), INITIAL, {"custom_hours": "Number of hours must be a whole number"}),
        (another("1.5"), INITIAL, {"custom_hours": "Number of hours must be a whole number"}),
        (another("0"), INITIAL, {"custom_hours": "Number of hours must be between 1 and 16"}),
        (another("-3"), INITIAL, {"custom_hours": "Number of hours must be between 1 and 16"}),
        (another("17"), INITIAL, {"custom_hours": "Number of hours must be between 1 and 16"}),
        (another("7"), REFRESHER, {"custom_hours": "Number of hours must be between 1 and 6"}),
        (another("7"), PARTLY_USED, {"custom_hours": "Number of hours must be between 1 and 6"}),
        (another("9" * 20), INITIAL, {"custom_hours": "Number of hours must be between 1 and 16"}),
    ],
)
def test_parse(form, allowance, expected):
    assert answer(form, allowance) == expected


def test_all_the_hours_means_the_hours_the_page_showed():
    assert answer(Form(hours="maximum", shown="6"), PARTLY_USED) == 6
    assert answer(Form(hours="maximum", shown="16"), PARTLY_USED) == {
        "hours": "Another claim has used some of these hours, so there are only 6 hours left "
        "to claim"
    }
    # Another amount within what is left is fine whatever the page showed.
    assert answer(Form(hours="another", custom_hours="5", shown="16"), PARTLY_USED) == 5


def test_no_hours_left():
    used = MentorAllowance(TrainingType.INITIAL, YEAR, allowance=16, claimed=16)
    assert answer(Form(hours="maximum"), used) == {
        "hours": "There are no hours left to claim for this mentor"
    }


@pytest.mark.parametrize(
    ("hours", "form"),
    [(None, Form()), (16, Form(hours="maximum")), (5, Form(hours="another", custom_hours="5"))],
)
def test_an_answer_is_shown_again(hours, form):
    assert form_for(view(INITIAL, hours)) == form


def test_hours_taken_meanwhile_say_how_many_are_left():
    assert by_field(changed(1)) == {
        "hours": "Another claim has used some of these hours, so there is only 1 hour left to claim"
    }
    # With none left the page says so itself, instead of an error.
    assert changed(0) == []
