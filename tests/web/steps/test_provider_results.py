"""The provider results' parse: one of the providers shown, or an error."""

import pytest

from db.queries.accredited_providers import ProviderMatches, ProviderValue
from web.steps.provider_results import Form, parse, title


def provider(id_: int) -> ProviderValue:
    return ProviderValue(
        id=id_, name=f"Provider {id_}", ukprn=None, urn=None, town="", postcode="", accredited=True
    )


SHOWN = [provider(1), provider(2), provider(3)]
ERROR = {"provider_id": "Select the accredited provider"}


@pytest.mark.parametrize(
    ("picked", "expected"),
    [("1", 1), ("3", 3), (" 2 ", 2), ("", ERROR), ("4", ERROR), ("junk", ERROR), ("0", ERROR)],
)
def test_parse(picked, expected):
    assert parse(Form(provider_id=picked, provider="p"), SHOWN) == expected


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
