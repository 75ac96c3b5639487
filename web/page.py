"""Render a full page with the layout's context: who is signed in, the school, navigation."""

from __future__ import annotations

from typing import Any

from litestar.response import Template

from web.access import SchoolAccess, Viewer
from web.navigation import school_navigation
from web.research.recording import page_notes


def page(
    template: str,
    *,
    title: str,
    viewer: Viewer | None = None,
    access: SchoolAccess | None = None,
    active: str | None = None,
    errors: list[dict] | None = None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """A page whose <title> and <h1> share `title`; errors feed the error summary."""
    viewer = access.viewer if access else viewer
    layout = {
        "title": title,
        "user": viewer.user if viewer else None,
        "errors": errors or [],
        "school": access.school if access else None,
        "show_change_organisation": bool(viewer and viewer.school_count > 1),
        "navigation": school_navigation(access.school.id, active) if access else [],
    }
    # A research participant's page: the session banner, and errors noted for the record.
    layout.update(page_notes(layout["errors"], context))
    return Template(template_name=template, context={**layout, **context}, status_code=status_code)
