"""Accredited provider results: the search's matches as radios, for when JavaScript is off."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from db.queries.accredited_providers import ProviderMatches, ProviderValue

ID = "provider-results"
FIELD = "provider_id"
# journeys.md: up to 15 results, with a hint to narrow the search when there are more.
RESULTS_SHOWN = 15


class Form(msgspec.Struct, frozen=True):
    """The radio picked, and the search it came from (to show the same results again)."""

    provider_id: str = ""
    provider: str = ""


def parse(form: Form, results: Sequence[ProviderValue]) -> int | dict[str, str]:
    """The id of the provider picked from the results, or the error."""
    shown = {str(provider.id): provider.id for provider in results}
    picked = shown.get(form.provider_id.strip())
    if picked is None:
        return {FIELD: "Select the accredited provider"}
    return picked


def title(search: str, matches: ProviderMatches) -> str:
    """The page heading, like "3 results found for ‘Leeds’"."""
    if not matches.total:
        return f"No results found for ‘{search}’"
    noun = "result" if matches.total == 1 else "results"
    return f"{matches.total} {noun} found for ‘{search}’"


def context(search: str, matches: ProviderMatches, form: Form, errors: dict[str, str]) -> dict:
    """What the results page shows."""
    return {
        "field": FIELD,
        "search": search,
        "providers": matches.providers,
        "total": matches.total,
        "shown": len(matches.providers),
        "more_than_shown": matches.total > len(matches.providers),
        "picked": form.provider_id,
        "error": errors.get(FIELD),
    }
