"""Redis down: the GOV.UK error page at once, on sign-in and every page; back when Redis is."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from e2e.fixtures.redis_server import RedisServer
from e2e.fixtures.server import LiveServer, running_server

# Short store timeouts: an outage must not keep anyone waiting (web/session_store.py).
FAST_SECONDS = 2.0
SORRY = "Sorry, there is a problem with the service"


@pytest.fixture(scope="module")
def redis() -> Iterator[RedisServer]:
    """A Redis of this module's own, started."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(redis: RedisServer) -> Iterator[LiveServer]:
    """The service keeping its sessions in that Redis."""
    yield from running_server({"REDIS_URL": redis.url})


def _browser(server: LiveServer) -> httpx.Client:
    return httpx.Client(base_url=server.url, follow_redirects=False, timeout=30)


def _sign_in(browser: httpx.Client) -> httpx.Response:
    assert browser.get("/sign-in").status_code == 200
    return browser.post(
        "/sign-in/persona",
        data={"persona": "single-school", "_csrf_token": browser.cookies["csrftoken"]},
    )


def _timed(request) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def assert_sorry_page(response: httpx.Response, seconds: float) -> None:
    """The GOV.UK error page, with its protections, quickly; never the server's plain text."""
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert f"<title>{SORRY}" in response.text
    assert "Internal Server Error" not in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert seconds < FAST_SECONDS, f"took {seconds:.1f}s"


def test_an_outage_gives_the_error_page_and_the_service_recovers(
    server: LiveServer, redis: RedisServer
):
    with _browser(server) as signed_in, _browser(server) as newcomer:
        assert _sign_in(signed_in).status_code == 303
        assert signed_in.get("/account").status_code == 200

        redis.stop()
        # Pages that need no session still work.
        assert newcomer.get("/").status_code == 200
        # Every page of someone signed in, and signing in (which only writes the session).
        assert_sorry_page(*_timed(lambda: signed_in.get("/account")))
        assert_sorry_page(*_timed(lambda: signed_in.get("/schools")))
        assert_sorry_page(*_timed(lambda: _sign_in(newcomer)))

        redis.start()
        # Sessions did not survive the outage (nothing was saved), but the service is back
        # without a restart: signing in and every page work again.
        assert signed_in.get("/account").headers["location"].startswith("/sign-in")
        assert _sign_in(signed_in).status_code == 303
        assert signed_in.get("/account").status_code == 200
        assert _sign_in(newcomer).status_code == 303
        assert newcomer.get("/schools").status_code in {200, 303}
    assert "Exception caught after response started" not in server.log()
