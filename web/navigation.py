"""The service navigation inside a school: only areas that exist are listed."""

from __future__ import annotations

import msgspec


class NavItem(msgspec.Struct, frozen=True):
    """One area of a school's pages."""

    key: str
    text: str
    slug: str


# In the order journeys.md gives; an area is added here when its pages are built.
SCHOOL_AREAS: list[NavItem] = [
    NavItem("claims", "Claims", "claims"),
    NavItem("mentors", "Mentors", "mentors"),
    NavItem("users", "Users", "users"),
    NavItem("organisation", "Organisation details", "organisation-details"),
]


def school_navigation(school_id: int, active: str | None) -> list[dict]:
    """Items for govukServiceNavigation, marking the area the page belongs to."""
    return [
        {
            "href": f"/schools/{school_id}/{item.slug}",
            "text": item.text,
            "active": item.key == active,
        }
        for item in SCHOOL_AREAS
    ]


def school_home(school_id: int) -> str:
    """Where a school's pages start: its first area."""
    return f"/schools/{school_id}/{SCHOOL_AREAS[0].slug}"
