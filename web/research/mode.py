"""Research mode in the app: its pages, its recorder and its banner, only when switched on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from jinja2 import Environment
from litestar import Litestar

from web.clock import Clock
from web.page import add_page_hook
from web.research import routes
from web.research.journal import JOURNAL
from web.research.recorder import ResearchRecorder
from web.research.recording import page_notes
from web.settings import Settings, UnsafeSettings

# Every page in research mode carries the banner; a participant's pages name their session.
UNRECORDED_BANNER = "No participant session is being recorded on this page."


def handlers(settings: Settings) -> list:
    """The facilitator pages, the participant's link and the beacon, in research mode only."""
    if settings.research_mode and settings.is_production:
        # load_settings refuses this already; settings built by hand must not slip past it.
        raise UnsafeSettings("Refusing to start in production: research mode is on.")
    return list(routes.ROUTES) if settings.research_mode else []


def middleware(settings: Settings, clock: Clock) -> list:
    """The session recorder, in research mode only."""
    if not settings.research_mode:
        return []
    # A participant's pages carry the session banner, and their errors go on the record.
    add_page_hook(page_notes)
    return [ResearchRecorder(clock)]


def show_banner(environment: Environment, settings: Settings) -> None:
    """Put the research banner on every page the environment renders, in research mode."""
    if settings.research_mode:
        environment.globals["research_banner"] = UNRECORDED_BANNER


@asynccontextmanager
async def _write_the_record_on_shutdown(app: Litestar) -> AsyncIterator[None]:
    try:
        yield
    finally:
        # Pages recorded in the last moments are written before the database goes away.
        await JOURNAL.flush()


def lifespans(settings: Settings) -> list:
    """Write what is left of session records when the app stops, in research mode only."""
    return [_write_the_record_on_shutdown] if settings.research_mode else []
