"""Every response of every route carries the security headers: pages, errors, fragments, files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import msgspec
import pytest
from litestar.testing import TestClient

from tests.fixtures.client import FixedClock, ServiceClient, _check_html
from tests.fixtures.factories import ClaimFactory, Factory
from web.app import create_app
from web.security_headers import JS_ENABLED_SNIPPET, script_hash
from web.settings import load_settings

RESEARCH = {**os.environ, "RESEARCH_MODE": "true"}
STATIC_FILES = {"/static": "app.js", "/assets": "images/favicon.ico"}


def _routes() -> list[tuple[str, str]]:
    """(method, path template) for every route of the app with research mode on, the superset."""
    app = create_app(load_settings(RESEARCH))
    routes = []
    for route in app.routes:
        for method in sorted(getattr(route, "methods", set()) - {"OPTIONS", "HEAD"}):
            routes.append((method, route.path))
    return sorted(routes)


ROUTES = _routes()


def assert_protected(response, *, static: bool = False) -> None:
    """The headers every response must carry."""
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, f"{response.request.url}: no CSP"
    assert f"script-src 'self' {script_hash(JS_ENABLED_SNIPPET)}" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("referrer-policy") == "same-origin"
    assert "camera=()" in headers.get("permissions-policy", "")
    if static:
        assert "max-age=31536000" in headers.get("cache-control", "")
    else:
        assert headers.get("cache-control") == "no-store", f"{response.request.url} may be cached"


class World(msgspec.Struct):
    """One school's member signed in, a stranger, and the ids their pages need."""

    anonymous: ServiceClient
    member: ServiceClient
    persona: str
    school_id: int
    mentor_id: int
    claim_id: int


@pytest.fixture(scope="module")
def world(database) -> Iterator[World]:
    """Built once per module: the table has a test per route, and each only reads headers.

    Tests sign the member in first, as an earlier one may have signed them out.
    """
    make, claims = Factory(), ClaimFactory()
    school_id = make.school()
    mentor_id = claims.mentor(school_id)
    claim_id = claims.draft(school_id, [(mentor_id, 5)])
    # Research mode on, so its routes are checked too.
    app = create_app(load_settings(RESEARCH), clock=FixedClock())
    with ServiceClient(app) as anonymous, ServiceClient(app) as member:
        for each in (anonymous, member):
            each.event_hooks = {"request": [], "response": [_check_html]}
        yield World(anonymous, member, make.user(school_id), school_id, mentor_id, claim_id)


def _fill(template: str, school_id: int, claim_id: int, mentor_id: int) -> str:
    for prefix, file_path in STATIC_FILES.items():
        if template.startswith(prefix + "/"):
            return f"{prefix}/{file_path}"
    values = {
        "school_id": school_id,
        "claim_id": claim_id,
        "mentor_id": mentor_id,
        # Ids nobody has: their pages are the 404 page, which must be protected too.
        "user_id": 999_999,
        "message_id": 999_999,
        "window_id": 999_999,
        "code": "NOSUCHCD",
        # A download link the service never signed: its "not valid" page.
        "token": "forged.0000",
        "file_id": 999_999,
        "audit_file_id": 999_999,
        "clawback_file_id": 999_999,
        "action": "paid",
        "rejection": "provider-rejected",
        "step": "provider",
        "mentor_step": "confirm",
        "kind": "by-search",
        "upload_id": 999_999,
        "reminder": "schools-with-no-claims",
        "provider_id": 999_999,
        "event_id": 999_999,
    }
    return re.sub(r"{(\w+)(?::\w+)?}", lambda match: str(values[match[1]]), template)


def _request(client: TestClient, method: str, url: str, **kwargs):
    if method == "POST":
        return client.post_form(url, follow_redirects=False, **kwargs)
    return client.get(url, follow_redirects=False, **kwargs)


@pytest.mark.parametrize("url", [f"{prefix}/{path}" for prefix, path in STATIC_FILES.items()])
def test_static_files_are_protected(world, url):
    # Served before the app's routes (web/static_files.py), so not in the table above.
    for each in (world.anonymous, world.member):
        response = each.get(url)
        assert response.status_code == 200
        assert_protected(response, static=True)


def test_the_table_covers_every_area():
    paths = {path for _, path in ROUTES}
    assert {"/", "/sign-in/persona", "/schools/{school_id:int}/claims", "/research"} <= paths
    assert ("POST", "/schools/{school_id:int}/claims/{claim_id:int}/submit") in ROUTES
    assert not any(path.startswith("/schema") for path in paths), "no API schema pages"


@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_every_route_is_protected(world, method, template):
    world.member.sign_in(world.persona)
    url = _fill(template, world.school_id, world.claim_id, world.mentor_id)
    static = template.startswith(tuple(STATIC_FILES))
    for each in (world.anonymous, world.member):
        assert_protected(_request(each, method, url), static=static)
    # htmx asks for fragments with this header: whatever comes back is protected the same way.
    # (A full page answered to it would fail the fragment checker, which is not this test's job.)
    hooks, world.member.event_hooks = world.member.event_hooks, {"request": [], "response": []}
    try:
        fragment = _request(world.member, method, url, headers={"HX-Request": "true"})
    finally:
        world.member.event_hooks = hooks
    assert_protected(fragment, static=static)


def test_a_providers_pages_are_protected(world):
    """As the provider's own user, whose pages (and download) the table sees only as a 404."""
    make, claims = Factory(), ClaimFactory()
    provider_id = make.provider()
    mentor_id = claims.mentor(world.school_id)
    claim_id = claims.submitted(
        world.school_id,
        [(mentor_id, 5, "initial")],
        hourly_rate_pence=4380,
        amount_pence=21900,
        provider=provider_id,
    )
    world.member.sign_in(make.provider_user(provider_id))
    claims_path = f"/providers/{provider_id}/claims"
    for url in ("/providers", claims_path, f"{claims_path}/{claim_id}", f"{claims_path}/download"):
        response = world.member.get(url, follow_redirects=False)
        assert response.status_code in (200, 303), url
        assert_protected(response)


def test_the_error_pages_are_protected(world, make, monkeypatch):
    client, school_id, anonymous = world.member, world.school_id, world.anonymous
    client.sign_in(world.persona)
    not_found = client.get("/no-such-page")
    assert not_found.status_code == 404
    assert_protected(not_found)
    other_school = client.get(f"/schools/{make.school()}/claims")
    assert other_school.status_code == 404
    assert_protected(other_school)
    # A form sent without its token.
    forged = client.post(f"/schools/{school_id}/users/add", data={"email": "x@example.org"})
    assert forged.status_code == 403
    assert "Sorry, we could not send your form" in forged.text
    assert_protected(forged)
    wrong_method = anonymous.delete("/")
    assert wrong_method.status_code in {404, 405}
    assert_protected(wrong_method)

    async def broken(*_):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("web.routes.auth.schools_for_user", broken)
    failed = client.get("/account")
    assert failed.status_code == 500
    assert "Sorry, there is a problem with the service" in failed.text
    assert_protected(failed)


def test_every_inline_script_on_a_page_is_the_one_the_policy_allows(world):
    client, school_id = world.member, world.school_id
    client.sign_in(world.persona)
    for url in ("/", "/sign-in", f"/schools/{school_id}/claims", "/no-such-page"):
        page = client.get(url).text
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.DOTALL)
        assert inline == [JS_ENABLED_SNIPPET], url
        assert not re.search(r"\sstyle=|\son[a-z]+=", page), f"{url} has inline style or handlers"


def test_production_adds_strict_transport_security(database, clock):
    settings = msgspec.structs.replace(load_settings(), environment="production")
    with TestClient(create_app(settings, clock=clock)) as production:
        response = production.get("/")
    assert_protected(response)
    assert response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_development_does_not_pin_https(world):
    assert "strict-transport-security" not in world.anonymous.get("/").headers
