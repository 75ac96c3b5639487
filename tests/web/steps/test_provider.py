"""The provider question's parse: a picked suggestion, else a search, else an error."""

import pytest

from db.queries.accredited_providers import ProviderValue
from domain.validation.provider_search import ProviderSearch
from web.steps.provider import Form, chosen_id, parse

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


@pytest.mark.parametrize(
    ("form", "chosen", "expected"),
    [
        (Form(provider="leeds", provider_id="42"), LEEDS, 42),
        (Form(provider="", provider_id="42"), LEEDS, 42),
        (Form(provider="leeds"), None, ProviderSearch("leeds")),
        (Form(provider="  leeds   trinity "), None, ProviderSearch("leeds trinity")),
        (Form(provider="10003863"), None, ProviderSearch("10003863")),
        # A radio whose provider was not found (or is not accredited) falls back to the search.
        (Form(provider="leeds", provider_id="43"), None, ProviderSearch("leeds")),
        (Form(provider="leeds", provider_id="junk"), None, ProviderSearch("leeds")),
        # The looked-up provider must be the one picked.
        (Form(provider="leeds", provider_id="43"), LEEDS, ProviderSearch("leeds")),
        (Form(), None, BLANK),
        (Form(provider="   "), None, BLANK),
        (Form(provider_id="junk"), None, BLANK),
        (Form(provider="x" * 101), None, {"provider": "Search must be 100 characters or fewer"}),
        (Form(provider="x" * 100), None, ProviderSearch("x" * 100)),
    ],
)
def test_parse(form, chosen, expected):
    assert parse(form, chosen) == expected


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
    assert parse(Form(provider=" Leeds  Trinity "), None, LEEDS) == 42
    assert parse(Form(provider="Leeds"), None, LEEDS) == ProviderSearch("Leeds")
    assert parse(Form(provider=""), None, LEEDS) == BLANK
