"""Sessions are shared by every app process, expire when idle, and are not made for nothing."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from web.session_store import DatabaseStore

ROOT = Path(__file__).resolve().parents[2]


def test_database_store_keeps_renews_and_expires_values(database):
    async def scenario() -> None:
        store = DatabaseStore()
        await store.set("a-key", b"value", expires_in=60)
        assert await store.get("a-key") == b"value"
        assert 55 <= await store.expires_in("a-key") <= 60
        await store.set("a-key", b"newer", expires_in=60)
        assert await store.get("a-key", renew_for=600) == b"newer"
        assert await store.expires_in("a-key") > 500
        await store.set("old-key", b"stale", expires_in=-1)
        assert await store.get("old-key") is None
        assert not await store.exists("old-key")
        await store.delete("a-key")
        assert await store.get("a-key") is None

    asyncio.run(scenario())


def test_reading_a_session_renews_its_expiry_only_once_a_quarter_of_it_has_passed(database):
    from db.query_count import counting_queries

    async def scenario() -> None:
        store = DatabaseStore()
        await store.set("fresh", b"value", expires_in=600)
        with counting_queries() as reads:
            assert await store.get("fresh", renew_for=600) == b"value"
        assert reads.total == 1  # read only: renewed a moment ago
        await store.set("stale", b"value", expires_in=400)  # a third of 600 has passed
        with counting_queries() as renewal:
            assert await store.get("stale", renew_for=600) == b"value"
        assert renewal.total == 2
        assert await store.expires_in("stale") > 590

    asyncio.run(scenario())


def test_anonymous_pages_and_static_files_make_no_session(client):
    for path in ["/", "/sign-in", "/static/govuk/govuk-frontend.min.css"]:
        response = client.get(path)
        assert "session=" not in response.headers.get("set-cookie", ""), path


def test_static_files_are_cached_for_a_long_time(client):
    response = client.get("/static/htmx/htmx.min.js")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["cache-control"]
    assert client.get("/assets/images/favicon.svg").status_code == 200


def _idle_app(clock, seconds: int):
    import msgspec

    from web.app import create_app
    from web.settings import load_settings

    settings = msgspec.structs.replace(load_settings(), session_idle_seconds=seconds, redis_url="")
    return create_app(settings, clock=clock)


def test_session_ends_after_the_idle_timeout(database, clock):
    from litestar.testing import TestClient

    with TestClient(_idle_app(clock, seconds=1)) as client:
        client.get("/")
        client.post(
            "/sign-in/persona",
            data={"persona": "single-school", "_csrf_token": client.cookies["csrftoken"]},
        )
        assert client.get("/account", follow_redirects=False).status_code == 200
        time.sleep(2.1)
        response = client.get("/account", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/sign-in?next=/account"


def test_a_session_in_use_outlives_the_idle_timeout(database, clock):
    from litestar.testing import TestClient

    with TestClient(_idle_app(clock, seconds=2)) as client:
        client.get("/")
        client.post(
            "/sign-in/persona",
            data={"persona": "single-school", "_csrf_token": client.cookies["csrftoken"]},
        )
        # Each visit renews the session, though an unchanged one is not written back.
        for _ in range(4):
            time.sleep(0.8)
            assert client.get("/account", follow_redirects=False).status_code == 200


def page_token(client) -> str:
    """The CSRF token a page's forms carry (the session's own once signed in)."""
    return re.search(r"x-csrftoken&#34;: &#34;([^&]+)&#34;", client.get("/").text)[1]


def test_a_page_that_leaves_the_session_as_it_was_does_not_write_it(database, clock, monkeypatch):
    from litestar.testing import TestClient

    writes: list[bytes] = []
    save = DatabaseStore.set

    async def counted(self, key, value, expires_in=None):
        writes.append(value)
        await save(self, key, value, expires_in)

    monkeypatch.setattr(DatabaseStore, "set", counted)
    with TestClient(_idle_app(clock, seconds=60)) as client:
        client.get("/")
        client.post(
            "/sign-in/persona",
            data={"persona": "single-school", "_csrf_token": client.cookies["csrftoken"]},
        )
        signed_in = len(writes)
        assert signed_in >= 1
        for _ in range(3):
            response = client.get("/account", follow_redirects=False)
            assert response.status_code == 200
            assert "session=" in response.headers["set-cookie"]  # the browser's copy is renewed
        assert len(writes) == signed_in
        # Choosing a persona again changes the session, so it is written.
        client.post(
            "/sign-in/persona",
            data={"persona": "trust", "_csrf_token": page_token(client)},
        )
        assert len(writes) > signed_in


def test_a_session_store_failure_is_logged_without_the_email_address_in_it(
    client, make, monkeypatch, caplog
):
    from web.session_store import SessionBackend

    school_id = make.school()
    client.sign_in(make.user(school_id))
    token = client.csrf_token()
    saved: list[bytes] = []

    async def failing(self, session_id, data, store):
        # As PostgreSQL words a refused row: the session, and so what was typed, in the error.
        saved.append(data)
        raise RuntimeError(f"Failing row contains ({session_id}, {data!r})")

    monkeypatch.setattr(SessionBackend, "set", failing)
    caplog.set_level(logging.ERROR, logger="web.errors")
    response = client.post(
        f"/schools/{school_id}/users/add",
        data={
            "first_name": "Nell",
            "last_name": "Newcomer",
            "email": "nell.newcomer@example.org",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert saved and b"nell.newcomer@example.org" in saved[-1]
    assert "Failing row contains" in caplog.text and "Newcomer" in caplog.text
    assert "@" not in caplog.text


def test_signing_in_starts_a_session_under_a_new_id(database, clock):
    from litestar.testing import TestClient

    with TestClient(_idle_app(clock, seconds=60)) as client:
        client.get("/")

        def sign_in(persona: str) -> str:
            client.post(
                "/sign-in/persona",
                data={"persona": persona, "_csrf_token": page_token(client)},
            )
            return client.cookies["session"]

        known = sign_in("single-school")
        # Someone who knew (or planted) that id gains nothing when the next person signs in.
        after = sign_in("trust")
        assert after != known
        assert client.get("/account", follow_redirects=False).status_code == 200
        client.cookies.set("session", known)
        response = client.get("/account", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/sign-in?next=/account"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["database", "redis"])
def two_workers(request, database):
    """The app in two uvicorn worker processes sharing one session store."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database, "EMAIL_WORKER_ENABLED": "false"}
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "web.app:app_from_environment",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Its own process group, so stopping it stops the worker processes too: a worker left
        # behind would hold the output pipe open and reading it would never end.
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/cookies", timeout=1)
            break
        except httpx.HTTPError:
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGKILL)
                pytest.fail(f"the app did not start: {server.stdout.read().decode()}")
            time.sleep(0.2)
    yield base
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def test_a_session_is_shared_by_two_worker_processes(two_workers):
    # No keep-alive: each request opens a new connection, so both workers serve this user.
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=two_workers, limits=limits, timeout=10) as browser:
        browser.get("/")
        browser.post(
            "/sign-in/persona",
            data={
                "persona": "trust",
                "next": "/account",
                "_csrf_token": browser.cookies["csrftoken"],
            },
        )
        statuses = [browser.get("/account", follow_redirects=False).status_code for _ in range(30)]
    assert statuses == [200] * 30


@pytest.mark.parametrize("secure", [True, False])
def test_the_session_cookie_is_the_one_litestar_would_set(secure):
    from litestar.datastructures import Cookie

    from web.session_store import SessionConfig

    config = SessionConfig(
        key="session", max_age=1800, secure=secure, samesite="lax", httponly=True
    )
    backend = config._backend_class(config=config)
    session_id = backend.generate_session_id()
    params = {"path": "/", "max_age": 1800, "secure": secure, "samesite": "lax", "httponly": True}
    expected = Cookie(key="session", value=session_id, **params).to_header(header="")
    assert backend.cookie_header(session_id) == expected


def test_the_redis_store_renews_a_sessions_expiry_as_it_reads_it():
    from redis.asyncio import Redis

    from web.session_store import SessionRedisStore

    async def scenario() -> None:
        store = SessionRedisStore(Redis.from_url("redis://127.0.0.1:6379/14"), namespace="test")
        try:
            await store.set("a-session", b"value", expires_in=60)
            assert await store.get("a-session", renew_for=600) == b"value"
            assert 590 <= await store.expires_in("a-session") <= 600
            assert await store.get("a-session") == b"value"
            assert await store.get("no-session", renew_for=600) is None
            await store.delete("a-session")
            assert await store.get("a-session", renew_for=600) is None
        finally:
            await store._redis.aclose()

    asyncio.run(scenario())
