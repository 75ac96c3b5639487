"""Reading a posted form into raw strings, and the error summary: one way for every page."""

from __future__ import annotations

import msgspec
import pytest
from litestar.datastructures import FormMultiDict, UploadFile

from domain.validation.field_error import FieldError
from web.forms import by_field, error_summary, read_form

pytestmark = pytest.mark.anyio


class Details(msgspec.Struct, frozen=True):
    name: str = ""
    day: str = msgspec.field(default="", name="date-of-birth-day")
    ticked: list[str] = []


class Request:
    def __init__(self, pairs: list[tuple[str, object]]) -> None:
        self.data = FormMultiDict(pairs)

    async def form(self):
        return self.data


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], Details()),
        ([("name", "Ada")], Details(name="Ada")),
        # Typed values stay as typed: judging them is each step's parse.
        ([("name", " 12x ")], Details(name=" 12x ")),
        ([("date-of-birth-day", "31")], Details(day="31")),
        ([("ticked", "3"), ("ticked", "5")], Details(ticked=["3", "5"])),
        ([("ticked", "3")], Details(ticked=["3"])),
        # A file where text was expected is no answer, never a 400 or a 500.
        ([("name", UploadFile("text/plain", "a.txt"))], Details()),
        ([("unknown", "x")], Details()),
    ],
)
async def test_a_form_is_read_as_raw_strings(pairs, expected):
    assert await read_form(Request(pairs), Details) == expected


def test_the_error_summary_links_each_error_to_its_field_in_page_order():
    errors = [FieldError("name", "Enter a name"), FieldError("date-of-birth-day", "Enter a day")]
    assert error_summary(errors) == [
        {"text": "Enter a name", "href": "#name"},
        {"text": "Enter a day", "href": "#date-of-birth-day"},
    ]
    assert by_field(errors) == {"name": "Enter a name", "date-of-birth-day": "Enter a day"}
