"""A research-mode app and client for the research tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.fixtures.client import ServiceClient, _check_html, shared_app


@pytest.fixture
def research_app(database, clock):
    """The app with research mode on, on the test database and clock."""
    from web.settings import load_settings

    return shared_app(load_settings({**os.environ, "RESEARCH_MODE": "true"}), clock)


@pytest.fixture
def research_client(research_app) -> Iterator[ServiceClient]:
    """A checked client on the research-mode app: facilitator pages need no sign-in."""
    with ServiceClient(research_app) as test_client:
        test_client.event_hooks = {"request": [], "response": [_check_html]}
        yield test_client


class Research:
    """A facilitator and a participant sharing one browser-like client."""

    def __init__(self, client: ServiceClient) -> None:
        self.client = client

    def start(self, scenario: str) -> str:
        """Start a session from the facilitator pages; its code."""
        response = self.client.post_form(
            "/research/sessions", {"scenario": scenario}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].split("/")[3].split("?")[0]

    def join(self, code: str) -> int | None:
        """Sign in with the session's link, as the participant; the school they land on, if one."""
        response = self.client.post_form(f"/research/join/{code}", follow_redirects=True)
        assert response.status_code == 200, response.text
        parts = response.url.path.split("/")
        return int(parts[2]) if len(parts) > 2 else None

    def events(self, code: str) -> list:
        """The session's record as stored."""
        from db.queries.research import session_by_code, session_events
        from tests.fixtures.database import run

        # The record page waits for events still being written in the app's background.
        assert self.client.get(f"/research/sessions/{code}/record").status_code == 200
        session = run(session_by_code(code))
        return run(session_events(session.id))

    def pages(self, code: str) -> list:
        """The page events of the record."""
        return [event for event in self.events(code) if event.kind == "page"]


@pytest.fixture
def research(research_client) -> Research:
    """Facilitator and participant actions on the research-mode app."""
    return Research(research_client)


@pytest.fixture
def plain_client(database, clock) -> Iterator[ServiceClient]:
    """A checked client on the app with research mode off."""
    from web.settings import load_settings

    app = shared_app(load_settings({**os.environ, "RESEARCH_MODE": "false"}), clock)
    with ServiceClient(app) as test_client:
        test_client.event_hooks = {"request": [], "response": [_check_html]}
        yield test_client
