"""The provider results' parse: one of the providers shown, or an error."""

import pytest

from domain.providers import ProviderMatches, ProviderValue
from web.forms import by_field
from web.steps.provider_results import Form, View, parse, title


def provider(id_: int) -> ProviderValue:
    return ProviderValue(
        id=id_, name=f"Provider {id_}", ukprn=None, urn=None, town="", postcode="", accredited=True
    )


SHOWN = (provider(1), provider(2), provider(3))
ERROR = {"provider_id": "Select the accredited provider"}


def outcome(result):
    """The answer, or the errors keyed by field id as the error summary links them."""
    return by_field(result) if isinstance(result, list) else result


@pytest.mark.parametrize(
    ("picked", "expected"),
    [("1", 1), ("3", 3), (" 2 ", 2), ("", ERROR), ("4", ERROR), ("junk", ERROR), ("0", ERROR)],
)
def test_parse(picked, expected):
    result = parse(Form(provider_id=picked, provider="p"), View("p", ProviderMatches(SHOWN, 3)))
    assert outcome(result) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, "No results found for ‘leeds’"),
        (1, "1 result found for ‘leeds’"),
        (3, "3 results found for ‘leeds’"),
    ],
)
def test_the_heading_counts_every_match(total, expected):
    assert title("leeds", ProviderMatches(tuple(SHOWN[:total]), total)) == expected
