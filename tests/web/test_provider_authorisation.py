"""Every /providers address, for every kind of visitor: only the provider's own users see it.

The anonymous are sent to sign in, as on a school's pages; anyone else signed in (a school user,
a support user, another provider's user) gets the very page any unknown address gets. Provider
users in turn get that page at every school's and every support address.
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

import pytest

from tests.fixtures.factories import (
    new_claim,
    new_mentor,
    new_provider,
    new_provider_user,
    new_school,
    new_user,
)

NOT_FOUND_TITLE = "<title>Page not found"
ANONYMOUS, SCHOOL_USER, SUPPORT_USER, OTHER_PROVIDER, OWN_PROVIDER = (
    "anonymous",
    "school user",
    "support user",
    "another provider's user",
    "the provider's user",
)
ROLES = (ANONYMOUS, SCHOOL_USER, SUPPORT_USER, OTHER_PROVIDER, OWN_PROVIDER)
# The provider users' front door names no provider: it takes each to their own.
LANDING = "/providers"


def _routes(app, prefix: str) -> list[tuple[str, str]]:
    """Every registered route under the prefix and its methods, so none can be left out."""
    found = []
    for route in app.routes:
        if not route.path.startswith(prefix):
            continue
        for handler in getattr(route, "route_handlers", []):
            found.extend((method, route.path) for method in handler.http_methods & {"GET", "POST"})
    return sorted(found)


def _address(path: str, values: dict) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda match: str(values[match.group(1)]), path)


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


async def _world() -> dict:
    """A provider with a school's submitted claim, its user, and everyone else's users."""
    provider = await new_provider("Guarded Partnership")
    other = await new_provider("Neighbouring Partnership")
    school = await new_school(name="Guarded Claims School")
    mentor = await new_mentor(school)
    claim = await new_claim(
        school,
        [(mentor, 6, "initial")],
        provider=provider,
        submitted_at=datetime(2026, 6, 2, 10, 0, tzinfo=UTC),
        hourly_rate_pence=4380,
        amount_pence=26280,
    )
    _, own_key = await new_provider_user(provider)
    _, other_key = await new_provider_user(other)
    _, school_key = await new_user(school)
    return {
        "ids": {"provider_id": provider, "claim_id": claim},
        "other_provider": other,
        OWN_PROVIDER: own_key,
        OTHER_PROVIDER: other_key,
        SCHOOL_USER: school_key,
    }


@pytest.fixture
def world(database, support) -> dict:
    made = asyncio.run(_world())
    made[SUPPORT_USER], _ = support.user()
    return made


def _request(client, method: str, url: str):
    if method == "GET":
        return client.get(url, follow_redirects=False)
    return client.post_form(url, {}, follow_redirects=False)


def test_the_provider_routes_are_all_checked(app):
    routes = _routes(app, "/providers")
    assert routes == [
        ("GET", LANDING),
        ("GET", "/providers/{provider_id:int}/claims"),
        ("GET", "/providers/{provider_id:int}/claims/download"),
        ("GET", "/providers/{provider_id:int}/claims/{claim_id:int}"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_provider_route_for_every_role(app, client, world, role):
    if role != ANONYMOUS:
        client.sign_in(world[role])
    ordinary = client.get("/no-such-page")
    provider_id = world["ids"]["provider_id"]
    for method, path in _routes(app, "/providers"):
        url = _address(path, world["ids"])
        response = _request(client, method, url)
        if role == ANONYMOUS:
            # As a school's pages do: sign in first, then come back.
            assert response.status_code == 303, (url, response.status_code)
            assert response.headers["location"] == f"/sign-in?next={url}", url
        elif role == OWN_PROVIDER:
            expected = 303 if path == LANDING else 200
            assert response.status_code == expected, (url, response.status_code)
            if path == LANDING:
                assert response.headers["location"] == f"/providers/{provider_id}/claims"
        elif role == OTHER_PROVIDER and path == LANDING:
            # Their own front door, which leads to their own provider's claims only.
            assert response.headers["location"] == f"/providers/{world['other_provider']}/claims"
        else:
            assert response.status_code == 404, (role, url, response.status_code)
            assert NOT_FOUND_TITLE in response.text, (role, url)
            # The very page any unknown address gets: nothing hints that this one exists.
            assert _main(response.text) == _main(ordinary.text), (role, url)
            assert "Guarded" not in response.text, (role, url)


def test_a_provider_user_gets_page_not_found_at_every_school_address(app, client, world):
    """Even the school whose claim names their provider: its pages are the school's own."""
    client.sign_in(world[OWN_PROVIDER])
    ordinary = _main(client.get("/no-such-page").text)
    from db.tables import Claim

    school = asyncio.run(
        Claim.select(Claim.school).where(Claim.id == world["ids"]["claim_id"]).first().run()
    )["school"]
    values = {
        "school_id": school,
        "claim_id": world["ids"]["claim_id"],
        "mentor_id": 1,
        "user_id": 1,
        "step": "mentors",
        "mentor_step": "confirm",
    }
    routes = [
        (method, path) for method, path in _routes(app, "/schools/{school_id") if path != "/schools"
    ]
    assert ("GET", "/schools/{school_id:int}/claims/{claim_id:int}") in routes
    for method, path in routes:
        url = _address(path, values)
        response = _request(client, method, url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert _main(response.text) == ordinary, (method, url)


def test_a_provider_user_reads_their_provider_only_after_signing_in_through_sign_in(client, world):
    """Signing in from a provider page comes back to it."""
    url = f"/providers/{world['ids']['provider_id']}/claims/{world['ids']['claim_id']}"
    bounced = client.get(url, follow_redirects=False)
    assert bounced.headers["location"] == f"/sign-in?next={url}"
    signed_in = client.sign_in(world[OWN_PROVIDER], next_path=url)
    assert signed_in.headers["location"] == url
    assert client.get(url).status_code == 200


def test_a_removed_provider_membership_takes_the_pages_away(client, world):
    from db.tables import ProviderMembership, User

    client.sign_in(world[OWN_PROVIDER])
    url = f"/providers/{world['ids']['provider_id']}/claims"
    assert client.get(url).status_code == 200

    async def remove() -> None:
        user = await User.select(User.id).where(User.persona == world[OWN_PROVIDER]).first()
        await ProviderMembership.delete().where(ProviderMembership.user == user["id"])

    asyncio.run(remove())
    assert client.get(url).status_code == 404
    assert client.get(LANDING, follow_redirects=False).status_code == 404
