import pytest

from domain.validation import FieldError
from domain.validation.provider_search import ProviderSearch, parse_provider_search

BLANK = FieldError("provider", "Enter the name, UKPRN, URN or postcode of the accredited provider")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Best Practice Network", ProviderSearch("Best Practice Network")),
        ("  Best   Practice\tNetwork ", ProviderSearch("Best Practice Network")),
        ("x" * 100, ProviderSearch("x" * 100)),
        (None, BLANK),
        ("", BLANK),
        (" \n ", BLANK),
        ("x" * 101, FieldError("provider", "Search must be 100 characters or fewer")),
    ],
)
def test_parse_provider_search(text, expected):
    assert parse_provider_search(text) == expected


@pytest.mark.parametrize(
    ("text", "ukprn", "urn", "postcode"),
    [
        ("10000571", "10000571", None, None),
        ("20000571", None, None, None),
        ("123456", None, "123456", None),
        ("m1 1aa", None, None, "M1 1AA"),
        ("SW1A2AA", None, None, "SW1A 2AA"),
        ("EC1V 9LT", None, None, "EC1V 9LT"),
        ("Leeds", None, None, None),
    ],
)
def test_what_the_search_could_be(text, ukprn, urn, postcode):
    search = ProviderSearch(text)
    assert (search.ukprn, search.urn, search.postcode) == (ukprn, urn, postcode)
