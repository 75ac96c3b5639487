"""Render a full page with the layout's context: who is signed in, the school, navigation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from litestar.enums import MediaType
from litestar.response import Template

from web.access import SchoolAccess, Viewer
from web.navigation import school_navigation

# What a page adds to the layout's context, given its errors and context (research mode's
# session banner). The layout knows no mode: a mode registers its hook when the app is built.
PageHook = Callable[[list[dict], Mapping[str, Any]], Mapping[str, Any]]
_HOOKS: list[PageHook] = []


def add_page_hook(hook: PageHook) -> None:
    """Call `hook` for every page rendered from now on (once, however often it is added)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


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
        "as_support": bool(access and access.as_support),
        "show_change_organisation": bool(viewer and viewer.school_count > 1),
        "navigation": school_navigation(access.school.id, active) if access else [],
    }
    for hook in _HOOKS:
        layout.update(hook(layout["errors"], context))
    return html(template, {**layout, **context}, status_code=status_code)


def html(template: str, context: Mapping[str, Any], **options: Any) -> Template:
    """A template's response, said to be HTML rather than guessed from its name each time."""
    return Template(template_name=template, context=context, media_type=MediaType.HTML, **options)
