"""Operations: the load balancer's health check and production's JSON request log."""

from __future__ import annotations

import json
import logging
import socket

import msgspec
import pytest
from litestar.testing import TestClient

from tests.fixtures.client import ServiceClient
from web.app import create_app
from web.request_log import JsonLines
from web.settings import load_settings


def test_healthy_when_the_database_and_sessions_answer(client):
    response = client.get("/healthcheck")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "session_store": "ok"},
    }
    # Polling every few seconds must not make sessions or set cookies.
    assert "set-cookie" not in response.headers
    assert not client.cookies
    assert response.headers["cache-control"] == "no-store"


def test_unhealthy_when_the_database_does_not_answer(client, monkeypatch):
    async def down():
        raise OSError("connection refused")

    monkeypatch.setattr("web.routes.health.database_answers", down)
    response = client.get("/healthcheck")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "session_store": "ok"}


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unhealthy_when_the_session_store_does_not_answer(database, clock):
    closed = f"redis://127.0.0.1:{_closed_port()}/0"
    settings = msgspec.structs.replace(load_settings(), redis_url=closed)
    with TestClient(create_app(settings, clock=clock)) as client:
        response = client.get("/healthcheck")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "session_store": "unavailable"}
    assert "set-cookie" not in response.headers


@pytest.fixture
def production(database, clock):
    """The app as production runs it (its other production settings do not matter here)."""
    settings = msgspec.structs.replace(load_settings(), environment="production")
    with ServiceClient(create_app(settings, clock=clock), base_url="https://testserver") as client:
        yield client


def _request_lines(caplog) -> list[dict]:
    records = [record for record in caplog.records if record.name == "web.requests"]
    lines = [JsonLines().format(record) for record in records]
    assert all("\n" not in line for line in lines), "one line per request"
    return [json.loads(line) for line in lines]


def test_production_logs_each_request_as_one_json_line(production, caplog):
    caplog.set_level(logging.INFO, logger="web.requests")
    response = production.get("/sign-in")
    missing = production.get("/no-such-page")
    lines = _request_lines(caplog)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/sign-in", 200),
        ("GET", "/no-such-page", 404),
    ]
    assert lines[0]["request_id"] == response.headers["x-request-id"]
    assert lines[1]["request_id"] == missing.headers["x-request-id"]
    assert lines[0]["request_id"] != lines[1]["request_id"]
    assert all(isinstance(line["duration_ms"], float) for line in lines)
    assert lines[0]["level"] == "INFO" and lines[0]["time"]


def test_the_log_never_holds_what_people_typed(production, caplog, make):
    school_id = make.school()
    production.sign_in(make.user(school_id))
    caplog.set_level(logging.INFO, logger="web.requests")
    production.get("/schools?q=alex.morgan@example.org&trn=1234567&dob=1980-02-29")
    production.post_form(
        f"/schools/{school_id}/mentors/add",
        {
            "trn": "7654321",
            "date-of-birth-day": "29",
            "date-of-birth-month": "2",
            "date-of-birth-year": "1980",
        },
    )
    production.get("/mailbox?to=sam.lee@example.org")
    text = "\n".join(JsonLines().format(r) for r in caplog.records if r.name == "web.requests")
    assert "/schools" in text and "/mailbox" in text
    for typed in ("alex.morgan", "example.org", "1234567", "7654321", "1980", "q=", "?"):
        assert typed not in text


def test_development_leaves_request_logging_to_the_server(client, caplog):
    caplog.set_level(logging.INFO, logger="web.requests")
    client.get("/sign-in")
    assert not [record for record in caplog.records if record.name == "web.requests"]
