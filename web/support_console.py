"""The support console's pages: its service navigation, inside the service's page layout."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.response import Template

from domain.validation.whole_number import whole_number
from web.access import Viewer
from web.navigation import NavItem
from web.page import page
from web.support_access import SupportViewer

# support.md's navigation, in its order.
CONSOLE_AREAS: list[NavItem] = [
    NavItem("organisations", "Organisations", "organisations"),
    NavItem("claims", "Claims", "claims"),
    NavItem("users", "Support users", "users"),
    NavItem("settings", "Settings", "settings"),
]


class Pagination(msgspec.Struct, frozen=True):
    """Which page of a list is shown, for govukPagination."""

    page: int
    pages: int
    total: int

    def items(self, href: Any) -> dict:
        """govukPagination's parameters, each page's address made by `href(page)`."""
        items: list[dict] = []
        for number in range(1, self.pages + 1):
            if number in (1, self.pages) or abs(number - self.page) <= 1:
                items.append(
                    {"number": number, "href": href(number), "current": number == self.page}
                )
            elif not items[-1].get("ellipsis"):
                items.append({"ellipsis": True})
        params: dict = {"items": items}
        if self.page > 1:
            params["previous"] = {"href": href(self.page - 1)}
        if self.page < self.pages:
            params["next"] = {"href": href(self.page + 1)}
        return params


def pagination(page_number: int, total: int, per_page: int) -> Pagination:
    """The page asked for, kept between the first and the last."""
    pages = max(1, -(-total // per_page))
    return Pagination(min(max(page_number, 1), pages), pages, total)


def page_number(text: str) -> int:
    """A page number from the query; anything else is the first page."""
    # Short digits only, and never below 1: PostgreSQL refuses a negative OFFSET.
    return max(whole_number(text, max_digits=6) or 1, 1)


# The areas a research session's participant is refused (web/routes/support/__init__.py).
WHOLE_SERVICE_AREAS = {"settings"}


def console_navigation(active: str, whole_service: bool = True) -> list[dict]:
    """Items for govukServiceNavigation, marking the area the page belongs to."""
    return [
        {"href": f"/support/{item.slug}", "text": item.text, "active": item.key == active}
        for item in CONSOLE_AREAS
        if whole_service or item.key not in WHOLE_SERVICE_AREAS
    ]


def console_page(
    template: str, *, title: str, support: SupportViewer, active: str, **context: Any
) -> Template:
    """A console page: the service's layout with the console's navigation."""
    return page(
        template,
        title=title,
        viewer=Viewer(user=support.user, school_count=0),
        navigation=console_navigation(active, support.claims.everything),
        # Whether to offer the tasks that change every school (not in a research session).
        whole_service=support.claims.everything,
        **context,
    )
