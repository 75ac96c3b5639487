"""The organisations list, returned alone when the filter is typed into (HTMX)."""

from __future__ import annotations

from litestar.response import Template

from domain.schools import SchoolSummary


def fragment(schools: list[SchoolSummary], query: str) -> Template:
    """Just the list of schools matching the filter."""
    return Template(
        template_name="partials/school_list.html",
        context={"schools": schools, "query": query},
        headers={"Vary": "HX-Request"},
    )
