"""The provider question's parse: a picked suggestion, else a search, else an error."""

import pytest

from domain.providers import ProviderValue
from web.forms import by_field
from web.steps.provider import RESULTS, Form, View, chosen_id, parse
from web.wizard import Goto

LEEDS = ProviderValue(
    id=42,
    name="Leeds Trinity",
    ukprn="10003863",
    urn=None,
    town="Leeds",
    postcode="LS18 5HD",
    accredited=True,
)
BLANK = {"provider": "Enter the name, UKPRN, URN or postcode of the accredited provider"}


def outcome(result):
    """The answer, or the errors keyed by field id as the error summary links them."""
    return by_field(result) if isinstance(result, list) else result


def results(text: str) -> Goto:
    """A search, answered by the results page."""
    return Goto(RESULTS, {"provider": text})


def view(chosen=None, current=None) -> View:
    return View(search="", chosen=chosen, current=current, suggestions_url="/results")


@pytest.mark.parametrize(
    ("form", "chosen", "expected"),
    [
        (Form(provider="leeds", provider_id="42"), LEEDS, 42),
        (Form(provider="", provider_id="42"), LEEDS, 42),
        (Form(provider="leeds"), None, results("leeds")),
        (Form(provider="  leeds   trinity "), None, results("leeds trinity")),
        (Form(provider="10003863"), None, results("10003863")),
        # A radio whose provider was not found (or is not accredited) falls back to the search.
        (Form(provider="leeds", provider_id="43"), None, results("leeds")),
        (Form(provider="leeds", provider_id="junk"), None, results("leeds")),
        # The looked-up provider must be the one picked.
        (Form(provider="leeds", provider_id="43"), LEEDS, results("leeds")),
        (Form(), None, BLANK),
        (Form(provider="   "), None, BLANK),
        (Form(provider_id="junk"), None, BLANK),
        (Form(provider="x" * 101), None, {"provider": "Search must be 100 characters or fewer"}),
        (Form(provider="x" * 100), None, results("x" * 100)),
    ],
)
def test_parse(form, chosen, expected):
    assert outcome(parse(form, view(chosen))) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 42 ", 42),
        ("", None),
        ("4.2", None),
        ("-1", None),
        ("١٢", None),
        ("9" * 12, None),
    ],
)
def test_the_picked_id(value, expected):
    assert chosen_id(Form(provider_id=value)) == expected


def test_the_current_provider_left_in_the_box_stays_chosen():
    assert parse(Form(provider=" Leeds  Trinity "), view(current=LEEDS)) == 42
    assert parse(Form(provider="Leeds"), view(current=LEEDS)) == results("Leeds")
    assert outcome(parse(Form(provider=""), view(current=LEEDS))) == BLANK
