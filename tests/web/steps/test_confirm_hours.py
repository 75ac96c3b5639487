"""The confirmation's parse: Yes or No, since confirming is recommended, not required."""

import pytest

from web.forms import by_field
from web.steps.confirm_hours import Form, View, answer_text, form_for, parse, question

ERROR = {"confirmed": "Select yes if you have confirmed these hours with Leeds Trinity"}
LEEDS = View(provider_name="Leeds Trinity", lines=(), confirmed=None)


def outcome(result):
    """The answer, or the errors keyed by field id as the error summary links them."""
    return by_field(result) if isinstance(result, list) else result


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        (" yes ", True),
        ("no", False),
        ("", ERROR),
        ("   ", ERROR),
        ("true", ERROR),
        ("yes\x00", ERROR),
    ],
)
def test_parse(value, expected):
    assert outcome(parse(Form(confirmed=value), LEEDS)) == expected


def test_the_question_is_a_yes_or_no_question():
    assert question("Leeds Trinity") == "Have you confirmed these hours with Leeds Trinity?"


@pytest.mark.parametrize(("answer", "text"), [(True, "Yes"), (False, "No"), (None, "Not answered")])
def test_answer_text(answer, text):
    assert answer_text(answer) == text


@pytest.mark.parametrize(("answer", "value"), [(True, "yes"), (False, "no"), (None, "")])
def test_an_answer_is_shown_again(answer, value):
    assert form_for(View("Leeds Trinity", (), answer)) == Form(confirmed=value)
