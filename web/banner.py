"""A success message carried across a redirect to the list it belongs to, then shown once."""

from __future__ import annotations

from litestar import Request


def _key(area: str, school_id: int) -> str:
    # Keyed by school as well as area, so a banner never shows in another school's tab.
    return f"banner:{area}:{school_id}"


def show_after_redirect(request: Request, area: str, school_id: int, text: str) -> None:
    """Keep `text` for the next view of the area's page for this school."""
    request.session[_key(area, school_id)] = text


def take(request: Request, area: str, school_id: int) -> str | None:
    """The waiting message for this page, if any; it is shown only once."""
    if not request.session:
        return None
    text = request.session.pop(_key(area, school_id), None)
    return text if isinstance(text, str) and text else None
