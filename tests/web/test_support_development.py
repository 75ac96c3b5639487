"""Development tools in the console: reset to a scenario, and every claim back to Submitted;
neither exists in production."""

from __future__ import annotations

import re

import msgspec
import pytest

from db.service_data import SCENARIOS
from tests.fixtures.client import ServiceClient

RESET = "/support/settings/reset"
BACK = "/support/settings/claims-back-to-submitted"


@pytest.fixture
def signed_in(client, support):
    key, _ = support.user("Dev", "Tools")
    client.sign_in(key)
    client.support_key = key
    return client


def _count(html: str) -> int:
    return int(re.search(r'name="count" value="(\d+)"', html)[1])


def test_settings_lists_the_development_tools(signed_in):
    page = signed_in.get("/support/settings").text
    assert f'href="{RESET}"' in page and f'href="{BACK}"' in page


def test_choosing_no_scenario_is_an_error(signed_in):
    page = signed_in.post_form(RESET, {"scenario": ""})
    assert page.status_code == 200
    assert "Select the scenario to reset the service" in page.text
    unknown = signed_in.post_form(RESET, {"scenario": "everything"})
    assert "Select the scenario to reset the service" in unknown.text


def test_the_check_page_needs_a_scenario_first(signed_in):
    response = signed_in.get(f"{RESET}/check", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == RESET
    posted = signed_in.post_form(f"{RESET}/check", follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == RESET


def test_resetting_asks_are_you_sure_then_resets_and_keeps_the_user_signed_in(
    signed_in, monkeypatch
):
    # The reset itself clears the shared test database: tests/db/test_service_data.py runs it
    # on a database of its own, and e2e/test_support_reminders.py through the browser.
    from web.routes.support import development

    done = []

    async def reset_to(chosen, by_user_id, now):
        done.append(chosen.key)

    monkeypatch.setattr(development, "reset_to", reset_to)
    page = signed_in.get(RESET).text
    for each in SCENARIOS:
        assert each.name in page
    chosen = signed_in.post_form(RESET, {"scenario": "payments-rehearsal"}, follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == f"{RESET}/check"
    sure = signed_in.get(f"{RESET}/check").text
    assert "Are you sure you want to reset the service" in sure
    assert "A payments rehearsal" in sure
    assert done == []
    assert 'name="scenario" value="payments-rehearsal"' in sure
    # Another tab chose another scenario meanwhile: asked again, nothing reset.
    other = signed_in.post_form(f"{RESET}/check", {"scenario": "seeded"}, follow_redirects=False)
    assert other.status_code == 303 and other.headers["location"] == RESET
    assert done == []
    reset = signed_in.post_form(
        f"{RESET}/check", {"scenario": "payments-rehearsal"}, follow_redirects=False
    )
    assert reset.status_code == 303 and reset.headers["location"] == "/support/settings"
    assert done == ["payments-rehearsal"]
    # Still signed in: the settings page, with what happened.
    settings = signed_in.get("/support/settings")
    assert settings.status_code == 200
    assert "reset to “A payments rehearsal”" in settings.text
    # The answers are gone: a second post of the check page resets nothing.
    signed_in.post_form(f"{RESET}/check", {"scenario": "payments-rehearsal"})
    assert done == ["payments-rehearsal"]


def test_claims_go_back_to_submitted_after_are_you_sure_with_the_count(signed_in, make, claims):
    school = make.school()
    mentor = claims.mentor(school)
    paid = claims.submitted(
        school, [(mentor, 2, "initial")], hourly_rate_pence=5370, amount_pence=10740, status="paid"
    )
    page = signed_in.get(BACK)
    assert page.status_code == 200
    assert "Are you sure you want to move every claim back to submitted?" in page.text
    count = _count(page.text)
    assert count >= 1
    assert f"Move {count} claim" in page.text
    done = signed_in.post_form(BACK, {"count": str(count)}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/support/settings"
    assert claims.status(paid) == "submitted"
    assert f"{count} claim" in signed_in.get("/support/settings").text
    history = signed_in.get(f"/support/claims/{paid}").text
    assert "Moved back to submitted for a payments rehearsal" in history
    assert "There are no claims to move back to submitted" in signed_in.get(BACK).text


def test_a_count_that_no_longer_holds_moves_nothing(signed_in, make, claims):
    school = make.school()
    mentor = claims.mentor(school)
    paid = claims.submitted(
        school, [(mentor, 2, "initial")], hourly_rate_pence=5370, amount_pence=10740, status="paid"
    )
    count = _count(signed_in.get(BACK).text)
    for stale in ("", str(count + 1), "<script>"):
        response = signed_in.post_form(BACK, {"count": stale}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == BACK
    assert claims.status(paid) == "paid"


def test_the_development_tools_do_not_exist_in_production(database, clock, support):
    from web.app import create_app
    from web.settings import load_settings

    # Production with persona sign-in left on only so that a support user can ask.
    settings = msgspec.structs.replace(load_settings(), environment="production")
    key, _ = support.user("Prod", "Support")
    # Production cookies are Secure: the client speaks HTTPS.
    app = create_app(settings, clock=clock)
    with ServiceClient(app, base_url="https://testserver.local") as client:
        client.sign_in(key)
        assert client.get("/support/settings").status_code == 200
        assert RESET not in client.get("/support/settings").text
        for path in (RESET, f"{RESET}/check", BACK):
            assert client.get(path).status_code == 404, path
        for path, data in ((RESET, {"scenario": "seeded"}), (BACK, {"count": "0"})):
            assert client.post_form(path, data).status_code == 404, path


@pytest.mark.parametrize("who", ["anonymous", "school user"])
def test_only_support_users_see_the_development_tools(client, make, who):
    if who == "school user":
        client.sign_in(make.user(make.school()))
    for path in (RESET, f"{RESET}/check", BACK):
        assert client.get(path).status_code == 404, path
    assert client.post_form(BACK, {"count": "0"}).status_code == 404
