"""Accredited provider: search by name, UKPRN, URN or postcode, or pick a suggestion."""

from __future__ import annotations

import msgspec

from domain.providers import ProviderValue
from domain.validation.field_error import FieldError
from domain.validation.provider_search import FIELD, ProviderSearch, parse_provider_search
from domain.validation.whole_number import whole_number
from web.claim_state import ClaimState, answer_provider
from web.wizard import Ask, Goto

ID = "provider"
QUESTION = "Enter the accredited provider for this claim"
# How many suggestions appear under the search box as the user types (with JavaScript).
SUGGESTIONS = 5
# The results page, for when JavaScript is off (web/steps/provider_results.py).
RESULTS = "provider-results"


class Form(msgspec.Struct, frozen=True):
    """The search text, and a suggestion's radio when one was picked."""

    provider: str = ""
    provider_id: str = ""


class View(msgspec.Struct, frozen=True):
    """The search to show, the provider behind a picked radio, and the claim's provider."""

    search: str
    chosen: ProviderValue | None
    current: ProviderValue | None
    suggestions_url: str


def applies(state: ClaimState) -> bool:
    """Every claim is for one accredited provider."""
    return True


def is_answered(state: ClaimState, key: str) -> bool:
    """Whether a provider was chosen."""
    return state.provider_id is not None


def chosen_id(form: Form) -> int | None:
    """The id of the suggestion picked, if the radio holds a plausible id."""
    return whole_number(form.provider_id)


async def load(ask: Ask) -> View:
    """The provider behind a picked radio, and the search box's text."""
    lookups = ask.lookups
    picked = chosen_id(Form(provider_id=ask.query.get("provider_id", "")))
    chosen = await lookups.accredited_provider(picked) if picked is not None else None
    current = lookups.provider
    # Changing the provider, the box starts with the current one.
    search = ask.query.get("provider", "") or (current.name if current else "")
    return View(search, chosen, current, lookups.url(RESULTS))


def form_for(view: View) -> Form:
    """The search box as it starts."""
    return Form(provider=view.search)


def parse(form: Form, view: View) -> int | Goto | list[FieldError]:
    """A picked accredited provider's id, else the results of the search, else the errors."""
    if view.chosen is not None and view.chosen.id == chosen_id(form):
        return view.chosen.id
    search = parse_provider_search(form.provider)
    # Left as it started when changing, the provider stays.
    current = view.current
    if current is not None and isinstance(search, ProviderSearch) and search.text == current.name:
        return current.id
    if isinstance(search, FieldError):
        return [search]
    return Goto(RESULTS, {"provider": search.text})


def apply(state: ClaimState, provider_id: int, key: str) -> ClaimState:
    """Choose the provider."""
    return answer_provider(state, provider_id)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the provider page shows."""
    return {
        "title": QUESTION,
        "question": QUESTION,
        "field": FIELD,
        "search": form.provider,
        "error": errors.get(FIELD),
        "suggestions_url": view.suggestions_url,
    }
