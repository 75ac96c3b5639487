"""Accredited provider: search by name, UKPRN, URN or postcode, or pick a suggestion."""

from __future__ import annotations

import msgspec

from db.queries.accredited_providers import ProviderValue
from domain.validation.field_error import FieldError
from domain.validation.provider_search import FIELD, ProviderSearch, parse_provider_search

ID = "provider"
QUESTION = "Enter the accredited provider for this claim"
# How many suggestions appear under the search box as the user types (with JavaScript).
SUGGESTIONS = 5


class Form(msgspec.Struct, frozen=True):
    """The search text, and a suggestion's radio when one was picked."""

    provider: str = ""
    provider_id: str = ""


def chosen_id(form: Form) -> int | None:
    """The id of the suggestion picked, if the radio holds a plausible id."""
    text = form.provider_id.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def parse(
    form: Form, chosen: ProviderValue | None, current: ProviderValue | None = None
) -> int | ProviderSearch | dict[str, str]:
    """A picked accredited provider's id, else the search to run, else the errors."""
    # `chosen` is the accredited provider behind the picked radio, looked up by the route.
    if chosen is not None and chosen.id == chosen_id(form):
        return chosen.id
    search = parse_provider_search(form.provider)
    # Changing the provider, the box starts with the current one: left as it is, it stays.
    if current is not None and isinstance(search, ProviderSearch) and search.text == current.name:
        return current.id
    if isinstance(search, FieldError):
        return {search.field: search.message}
    return search


def context(form: Form, errors: dict[str, str]) -> dict:
    """What the provider page shows."""
    return {
        "question": QUESTION,
        "field": FIELD,
        "search": form.provider,
        "error": errors.get(FIELD),
    }
