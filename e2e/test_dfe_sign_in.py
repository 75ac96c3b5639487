"""Signing in through DfE Sign-in (the local OpenID Connect provider), timing out, signing out."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from devtools.local_oidc_provider import Client, LocalProvider, running_provider
from e2e.fixtures.accessibility import AccessibilityAudit, AxeChecker
from e2e.fixtures.server import LiveServer, running_server

CLIENT_ID = "claims-e2e"
CLIENT_SECRET = "claims-e2e-secret"
# Short, so the test can see a session time out; long enough for any step of the journey.
IDLE_SECONDS = 5
SCHOOL = "Adderley CofE Primary School"  # the single-school persona's


@pytest.fixture(scope="module")
def dfe_service() -> Iterator[tuple[LiveServer, LocalProvider]]:
    """The service with DfE Sign-in only (no personas), and the provider it trusts."""
    server = LiveServer()
    client = Client(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uris=(f"{server.url}/auth/callback",),
        post_logout_redirect_uris=(f"{server.url}/signed-out",),
    )
    with running_provider((client,)) as provider:
        server.extra_env = {
            "PERSONAS_ENABLED": "false",
            "SERVICE_URL": server.url,
            "OIDC_ISSUER_URL": provider.issuer,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "SESSION_IDLE_SECONDS": str(IDLE_SECONDS),
        }
        for live in running_server(server=server):
            yield live, provider


@pytest.fixture
def tab(
    context: BrowserContext,
    dfe_service: tuple[LiveServer, LocalProvider],
    axe_checker: AxeChecker,
    javascript: bool,
) -> Iterator[Page]:
    """A tab on that service, its pages audited with axe and watched for CSP violations."""
    server, _ = dfe_service
    audit = AccessibilityAudit(server.url, axe_checker)
    page = audit.watch(context.new_page(), javascript)
    yield page
    audit.finish()
    # finish() also failed on any CSP violation the tab saw, on the provider's pages as well.
    assert audit.checked, "no page of the service was checked"


def choose_account(page: Page, provider: LocalProvider, name: str) -> None:
    """At the provider, sign in as the account."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/authorize"))
    page.get_by_role("button", name=re.compile(rf"^Sign in as {name} ")).click()


def test_sign_in_time_out_and_sign_out_through_dfe_sign_in(
    tab: Page, dfe_service: tuple[LiveServer, LocalProvider]
):
    server, provider = dfe_service
    # Signing in: the service sends the user to DfE Sign-in, which sends them back signed in.
    tab.goto(f"{server.url}/schools")
    choose_account(tab, provider, "Alex Morgan")
    expect(tab).to_have_url(re.compile(rf"^{re.escape(server.url)}/schools/\d+"))
    expect(tab.get_by_text(SCHOOL).first).to_be_visible()
    tab.get_by_role("link", name="Claims", exact=True).first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Claims")
    claims_url = tab.url

    # Idle for longer than a session lasts: the next page asks them to sign in again, and then
    # takes them back to where they were going.
    tab.wait_for_timeout((IDLE_SECONDS + 1) * 1000)
    tab.reload()
    choose_account(tab, provider, "Alex Morgan")
    expect(tab).to_have_url(claims_url)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Claims")

    # Signing out ends the DfE Sign-in session too: through its end-session endpoint and back.
    ended: list[str] = []
    tab.on(
        "request", lambda request: ended.append(request.url) if "/logout?" in request.url else None
    )
    tab.get_by_role("button", name="Sign out").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(tab).to_have_url(re.compile(rf"^{re.escape(server.url)}/signed-out"))
    assert ended and ended[0].startswith(f"{provider.issuer}/logout?")
    assert "id_token_hint=" in ended[0]
    tab.goto(f"{server.url}/schools")
    expect(tab).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/authorize"))
