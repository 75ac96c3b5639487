"""Pages anyone can read: the start page and the footer pages."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from db.queries.windows import all_windows
from domain.windows import current_window, deadline_message, next_window
from web.access import SESSION_USER
from web.clock import Clock
from web.page import page


@get("/", name="start")
async def start(request: Request, clock: NamedDependency[Clock]) -> Template:
    """What the service is for, what you need, and when you can claim."""
    now = clock.now()
    windows = await all_windows()
    open_window, upcoming = current_window(windows, now), next_window(windows, now)
    signed_in = bool(request.session and request.session.get(SESSION_USER))
    return page(
        "pages/start.html",
        title="Claim funding for mentor training",
        window_message=deadline_message(open_window) if open_window else None,
        next_window=upcoming,
        start_href="/schools" if signed_in else "/sign-in",
    )


@get("/accessibility", name="accessibility")
async def accessibility() -> Template:
    """The accessibility statement."""
    return page("pages/accessibility.html", title="Accessibility statement")


@get("/cookies", name="cookies")
async def cookies() -> Template:
    """The cookies we set: essential only, so there is no banner."""
    return page("pages/cookies.html", title="Cookies")


@get("/privacy", name="privacy")
async def privacy() -> Template:
    """How we use personal data."""
    return page("pages/privacy.html", title="Privacy notice")


ROUTES = [start, accessibility, cookies, privacy]
