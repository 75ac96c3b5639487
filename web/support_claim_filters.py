"""The claim search's filters as the page shows them: select options and removable tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from db.queries.support_claims import SearchOptions
from domain.claim_search import UNASSIGNED, ClaimSearch, search_parameters
from domain.dates import format_date


def select_items(values: Iterable[tuple[str, str]]) -> list[dict]:
    """A select's options, "Any" first (a blank value: no filter)."""
    return [{"value": "", "text": "Any"}] + [
        {"value": value, "text": text} for value, text in values
    ]


def _label(search: ClaimSearch, options: SearchOptions) -> dict[str, str]:
    """The words of each filter in force, by its name in the form."""
    providers = {each.id: each.name for each in options.providers}
    users = {each.id: each.name for each in options.support_users}
    words: dict[str, str | None] = {
        "reference": search.reference and f"Reference: {search.reference}",
        "academic_year": search.academic_year and f"Academic year: {search.academic_year.name}",
        "window": search.window and f"Claim window: {search.window.dates}",
        "training_type": search.training_type
        and f"Training type: {search.training_type.label.capitalize()}",
        "status": search.status and f"Status: {search.status.label}",
        "school": search.school and f"School: {search.school}",
        "provider": search.provider_id is not None and f"Provider: {providers[search.provider_id]}",
        "mentor": search.mentor and f"Mentor: {search.mentor}",
        "submitted_from": search.submitted_from
        and f"Submitted from: {format_date(search.submitted_from)}",
        "submitted_to": search.submitted_to and f"Submitted to: {format_date(search.submitted_to)}",
        "assigned": search.assigned is not None
        and (
            "Assigned to: Nobody"
            if search.assigned == UNASSIGNED
            else f"Assigned to: {users[search.assigned]}"
        ),
    }
    return {name: text for name, text in words.items() if text}


def filter_tags(
    query: Mapping[str, str], search: ClaimSearch, options: SearchOptions, path: str
) -> list[dict]:
    """A tag per filter in force, each linking to the same search without that filter."""
    tags = []
    for name, text in _label(search, options).items():
        rest = search_parameters(query, without=name)
        tags.append({"text": text, "href": f"{path}?{urlencode(rest)}" if rest else path})
    return tags
