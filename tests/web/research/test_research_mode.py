"""Research mode never reaches production, and without it every research page is absent."""

from __future__ import annotations

import re

import pytest

from tests.web.test_settings import SAFE_PRODUCTION
from web.research.routes import ROUTES
from web.settings import Settings, UnsafeSettings, load_settings

# The foundation's safe production environment, so these tests follow its rules as they grow.
PRODUCTION = {**SAFE_PRODUCTION, "PERSONAS_ENABLED": "false"}


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", "on"])
def test_production_refuses_research_mode_however_it_is_spelt(value):
    with pytest.raises(UnsafeSettings, match="research mode is on"):
        load_settings({**PRODUCTION, "RESEARCH_MODE": value})


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_production_refuses_personas(value):
    with pytest.raises(UnsafeSettings, match="persona sign-in is on"):
        load_settings({**PRODUCTION, "PERSONAS_ENABLED": value})


def test_production_names_both_when_both_are_on():
    with pytest.raises(UnsafeSettings) as refused:
        load_settings({**PRODUCTION, "RESEARCH_MODE": "true", "PERSONAS_ENABLED": "true"})
    assert "research mode is on" in str(refused.value)
    assert "persona sign-in is on" in str(refused.value)


def test_production_starts_with_research_mode_and_personas_off():
    settings = load_settings(PRODUCTION)
    assert not settings.research_mode and not settings.personas_enabled


def test_the_app_refuses_to_start_from_such_an_environment(monkeypatch):
    from web.app import app_from_environment

    for name, value in {**PRODUCTION, "RESEARCH_MODE": "true"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(UnsafeSettings, match="research mode is on"):
        app_from_environment()


def test_the_app_refuses_production_settings_built_by_hand_with_research_mode():
    from web.app import create_app

    settings = Settings(
        environment="production", research_mode=True, personas_enabled=False, secret_key="x" * 40
    )
    with pytest.raises(UnsafeSettings, match="research mode is on"):
        create_app(settings)


def test_research_mode_is_off_unless_asked_for():
    assert not load_settings({}).research_mode
    assert load_settings({"RESEARCH_MODE": "true"}).research_mode


def _requests(code: str) -> list[tuple[str, str]]:
    """Every research route as a request: method and a real path."""
    requests = []
    for handler in ROUTES:
        for path in handler.paths:
            real = re.sub(r"\{code:str\}", code, path)
            requests += [(method, real) for method in sorted(handler.http_methods)]
    return requests


def test_every_research_route_is_listed_for_the_checks_below():
    assert len(_requests("ABC234")) == 24


def test_every_research_route_is_absent_when_research_mode_is_off(research, plain_client):
    # A real session exists, so a 404 means the route is missing, not the session.
    code = research.start("first-claim")
    assert research.client.get(f"/research/sessions/{code}").status_code == 200
    for method, path in _requests(code):
        if method == "GET":
            response = plain_client.get(path, follow_redirects=False)
        else:
            response = plain_client.post_form(path, {}, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)


def test_without_research_mode_there_is_no_banner_and_no_recording(research, plain_client):
    code = research.start("first-claim")
    research.join(code)
    before = len(research.events(code))
    # The same web session on an app without research mode: the service as normal.
    plain_client.cookies = research.client.cookies
    page = plain_client.get("/")
    assert page.status_code == 200
    assert "app-research-banner" not in page.text
    assert len(research.events(code)) == before


def test_every_page_carries_the_banner_in_research_mode(research):
    client = research.client
    for path in ("/", "/sign-in", "/research", "/research/sessions/new", "/no-such-page"):
        response = client.get(path)
        assert "This is not the live service." in response.text, path
        assert "No participant session is being recorded on this page." in response.text
    code = research.start("first-claim")
    school_id = research.join(code)
    for path in ("/", f"/schools/{school_id}/grant-conditions", "/account"):
        response = client.get(path)
        assert f"Session {code}." in response.text, path
        assert "This is not the live service." in response.text
    # An address no route answers never reaches the recorder, but still carries the banner.
    assert "This is not the live service." in client.get("/no-such-page").text
