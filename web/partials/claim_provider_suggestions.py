"""Accredited providers suggested as the search is typed (HTMX): radios inside the claim form."""

from __future__ import annotations

from litestar.response import Template

from domain.providers import ProviderMatches
from web.page import html

TEMPLATE = "partials/claim_provider_suggestions.html"


def fragment(search: str, matches: ProviderMatches | None) -> Template:
    """Just the suggestions, to swap in under the search box."""
    return html(
        TEMPLATE,
        context={"search": search, "matches": matches},
        headers={"Vary": "HX-Request"},
    )
