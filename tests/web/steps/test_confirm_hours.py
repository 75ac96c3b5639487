"""The confirmation's parse: Yes or No, since confirming is recommended, not required."""

import pytest

from web.steps.confirm_hours import Form, answer_text, parse, question

ERROR = {"confirmed": "Select yes if you have confirmed these hours with Leeds Trinity"}


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
    assert parse(Form(confirmed=value), "Leeds Trinity") == expected


def test_the_question_is_a_yes_or_no_question():
    assert question("Leeds Trinity") == "Have you confirmed these hours with Leeds Trinity?"


@pytest.mark.parametrize(("answer", "text"), [(True, "Yes"), (False, "No"), (None, "Not answered")])
def test_answer_text(answer, text):
    assert answer_text(answer) == text
