"""Schools suggested as the onboarding search is typed (HTMX): buttons inside the search form."""

from __future__ import annotations

from litestar.response import Template

from domain.schools import SchoolResult
from web.page import html

TEMPLATE = "partials/onboarding_school_suggestions.html"


def fragment(search: str, schools: list[SchoolResult], total: int) -> Template:
    """Just the suggestions, to swap in under the search box."""
    return html(
        TEMPLATE,
        context={"search": search, "schools": schools, "total": total},
        headers={"Vary": "HX-Request"},
    )
