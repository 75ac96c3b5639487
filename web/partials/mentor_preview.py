"""Who a TRN and date of birth belong to, shown while they are typed (HTMX)."""

from __future__ import annotations

import enum

import msgspec
from litestar.response import Template

from web.page import html


class Outcome(enum.Enum):
    """What the Teaching Record System, or the school's own list, said about the answers."""

    FOUND = "found"
    ALREADY_ADDED = "already_added"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"


class Preview(msgspec.Struct, frozen=True):
    """The answer to show under the date of birth; no preview while the answers are incomplete."""

    outcome: Outcome
    name: str = ""


def fragment(preview: Preview | None) -> Template:
    """Just the preview, to swap into the page's live region."""
    return html(
        "partials/mentor_preview.html",
        context={"preview": preview},
        headers={"Vary": "HX-Request"},
    )
