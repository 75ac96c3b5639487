"""Confirm mentor details' parse: the privacy confirmation is required."""

import pytest

from web.forms import by_field
from web.steps.confirm_mentor import Form, apply, parse
from web.steps.find_mentor import NewMentor

ADA = NewMentor("1234567", "Ada", "Lovelace")
ERROR = {"privacy": "Confirm that you have told Ada Lovelace how DfE will use their information"}


def outcome(result):
    """The answer, or the errors keyed by field id as the error summary links them."""
    return by_field(result) if isinstance(result, list) else result


@pytest.mark.parametrize(
    ("value", "expected"),
    [("confirmed", True), ("", ERROR), ("yes", ERROR), ("confirmed\x00", ERROR)],
)
def test_parse(value, expected):
    assert outcome(parse(Form(privacy=value), ADA)) == expected


def test_confirming_marks_the_teacher_to_be_added():
    assert apply(ADA, True, "") == NewMentor("1234567", "Ada", "Lovelace", confirmed=True)
