"""The confirmation's parse: the box must be ticked."""

import pytest

from web.steps.confirm_hours import Form, parse

ERROR = {"confirmed": "Confirm that you have checked these hours with Leeds Trinity"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), (" yes ", True), ("", ERROR), ("no", ERROR), ("true", ERROR)],
)
def test_parse(value, expected):
    assert parse(Form(confirmed=value), "Leeds Trinity") == expected
