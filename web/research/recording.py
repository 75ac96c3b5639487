"""What the page being rendered for a research participant showed: filled in as it renders."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from domain.windows import Countdown


class Visit:
    """One request of a research participant, while it is being handled."""

    __slots__ = ("code", "errors", "notice", "offset_seconds", "page", "run", "session_id")

    def __init__(
        self, *, session_id: int, code: str, run: int, offset_seconds: int | None, page: str
    ) -> None:
        self.session_id = session_id
        self.code = code
        self.run = run
        self.offset_seconds = offset_seconds
        self.page = page
        self.errors: list[dict] = []
        self.notice = ""


# Set by the recorder middleware for a participant's request; None for everyone else.
CURRENT_VISIT: ContextVar[Visit | None] = ContextVar("research_visit", default=None)


def current_visit() -> Visit | None:
    """The participant's request being handled, if this is one."""
    return CURRENT_VISIT.get()


def page_notes(errors: list[dict], context: Mapping[str, Any]) -> dict[str, str]:
    """Note what a page shows for the session record; the layout's research context, if any."""
    visit = CURRENT_VISIT.get()
    if visit is None:
        return {}
    visit.errors.extend(errors)
    # Countdowns are values from the window rules, so the record can say one was on screen.
    shown = next((value for value in context.values() if isinstance(value, Countdown)), None)
    if shown is not None:
        visit.notice = shown.message
    return {"research_banner": f"Session {visit.code}.", "research_page": visit.page}
