"""Accredited provider results: a view of the provider step, the search's matches as radios."""

from __future__ import annotations

import msgspec
from litestar.response import Template

from domain.providers import ProviderMatches
from domain.validation.field_error import FieldError
from domain.validation.provider_search import ProviderSearch, parse_provider_search
from web.claim_state import ClaimState, answer_provider
from web.partials import claim_provider_suggestions
from web.steps import provider
from web.wizard import Ask, Goto

ID = provider.RESULTS
VIEW_OF = provider.ID
FIELD = "provider_id"
# journeys.md: up to 15 results, with a hint to narrow the search when there are more.
RESULTS_SHOWN = 15


class Form(msgspec.Struct, frozen=True):
    """The radio picked, and the search it came from (to show the same results again)."""

    provider_id: str = ""
    provider: str = ""


class View(msgspec.Struct, frozen=True):
    """The search and its matches (None for an empty box while typing)."""

    search: str
    matches: ProviderMatches | None


async def load(ask: Ask) -> View | Goto:
    """The matches: a few as suggestions while typing (HTMX), else the results page's."""
    search = parse_provider_search(ask.query.get("provider", ""))
    if ask.htmx:
        # As the user types: a few suggestions, or nothing while the box is empty.
        if not isinstance(search, ProviderSearch):
            return View("", None)
        return View(search.text, await ask.lookups.search_providers(search, provider.SUGGESTIONS))
    if not isinstance(search, ProviderSearch):
        return Goto(provider.ID)
    return View(search.text, await ask.lookups.search_providers(search, RESULTS_SHOWN))


def fragment(view: View) -> Template:
    """The suggestions under the search box."""
    return claim_provider_suggestions.fragment(view.search, view.matches)


def form_for(view: View) -> Form:
    """Nothing picked yet, from this search."""
    return Form(provider=view.search)


def back(view: View) -> Goto:
    """The search box, with the search in it."""
    return Goto(provider.ID, {"provider": view.search})


def parse(form: Form, view: View) -> int | list[FieldError]:
    """The id of the provider picked from the results, or the error."""
    shown = {str(each.id): each.id for each in view.matches.providers}
    picked = shown.get(form.provider_id.strip())
    if picked is None:
        return [FieldError(FIELD, "Select the accredited provider")]
    return picked


def apply(state: ClaimState, provider_id: int, key: str) -> ClaimState:
    """Choose the provider picked."""
    return answer_provider(state, provider_id)


def title(search: str, matches: ProviderMatches) -> str:
    """The page heading, like "3 results found for ‘Leeds’"."""
    if not matches.total:
        return f"No results found for ‘{search}’"
    noun = "result" if matches.total == 1 else "results"
    return f"{matches.total} {noun} found for ‘{search}’"


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the results page shows."""
    matches = view.matches
    return {
        "title": title(view.search, matches),
        "field": FIELD,
        "search": view.search,
        "providers": matches.providers,
        "total": matches.total,
        "shown": len(matches.providers),
        "more_than_shown": matches.total > len(matches.providers),
        "picked": form.provider_id,
        "error": errors.get(FIELD),
    }
