"""Control characters in what users send, and ids beyond the database's range, get a clear page."""

from __future__ import annotations

import uuid

import pytest

from db.tables import User
from tests.fixtures.claim_journey import (
    error_summary,
    heading,
    start_claim,
    words,
)

pytestmark = pytest.mark.db

# One more than PostgreSQL's integer, the type of every id column.
BEYOND = 2**31


def test_persona_sign_in_with_a_nul_goes_back_to_sign_in(client):
    response = client.post_form("/sign-in/persona", {"persona": "\x00"}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


def test_a_nul_in_the_mailbox_filter_is_ignored(client):
    response = client.get("/mailbox", params={"to": "someone\x00@example.org"})

    assert response.status_code == 200
    assert heading(response.text) == "Local mailbox"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_nul_in_a_new_claims_provider_search_searches_without_it(client, school, htmx):
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results",
        params={"provider": f"\x00{school.provider_name}\x00"},
        headers=headers,
    )

    assert response.status_code == 200
    assert school.provider_name in response.text


def test_a_nul_in_the_provider_question_is_shown_without_it(client, school):
    response = client.get(
        f"/schools/{school.school_id}/claims/new", params={"provider": "Bath\x00 Spa"}
    )

    assert response.status_code == 200
    assert 'value="Bath Spa"' in response.text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_nul_in_an_existing_claims_provider_search_searches_without_it(client, school, htmx):
    claim = start_claim(client, school)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.get(
        f"{claim}/provider-results",
        params={"provider": f"{school.provider_name}\x00"},
        headers=headers,
    )

    assert response.status_code == 200
    assert school.provider_name in response.text


@pytest.mark.parametrize("new", [True, False], ids=["new claim", "existing claim"])
def test_a_nul_posted_to_the_provider_results_asks_for_a_provider(client, school, new):
    url = f"/schools/{school.school_id}/claims/new" if new else start_claim(client, school)

    response = client.post_form(
        f"{url}/provider-results",
        {"provider": f"{school.provider_name}\x00", "provider_id": "\x00"},
    )

    assert response.status_code == 200
    assert error_summary(response.text) == [("Select the accredited provider", "#provider_id")]


def test_a_colleague_named_with_a_nul_is_added_without_it(client, school, db):
    users = f"/schools/{school.school_id}/users"
    email = f"ada-{uuid.uuid4().hex[:8]}@example.org"

    answered = client.post_form(
        f"{users}/add",
        {"first_name": "Ada\x00", "last_name": "Love\x00lace", "email": email},
        follow_redirects=False,
    )
    confirm = client.get(f"{users}/add/check")
    added = client.post_form(f"{users}/add/check", follow_redirects=False)

    assert answered.status_code == 303
    assert confirm.status_code == 200
    assert "First name Ada Change first name Last name Lovelace" in words(confirm.text)
    assert added.status_code == 303
    stored = db(User.select(User.first_name, User.last_name).where(User.email == email).first)
    assert stored == {"first_name": "Ada", "last_name": "Lovelace"}


def _beyond_paths(school_id: int) -> list[tuple[str, str]]:
    schools = f"/schools/{school_id}"
    return [
        ("GET", f"/schools/{BEYOND}/claims"),
        ("GET", f"/schools/{BEYOND}"),
        ("GET", f"{schools}/claims/{BEYOND}"),
        ("GET", f"{schools}/claims/{BEYOND}/remove"),
        ("POST", f"{schools}/claims/{BEYOND}/remove"),
        ("GET", f"{schools}/claims/{BEYOND}/mentors"),
        ("POST", f"{schools}/claims/{BEYOND}/submit"),
        ("GET", f"{schools}/mentors/{BEYOND}/remove"),
        ("POST", f"{schools}/mentors/{BEYOND}/remove"),
        ("GET", f"{schools}/users/{BEYOND}/remove"),
        ("POST", f"{schools}/users/{BEYOND}/remove"),
        ("GET", f"{schools}/users/-1/remove"),
        ("GET", f"/schools/{2**64}/claims"),
        ("GET", f"/mailbox/{BEYOND}"),
        ("GET", f"/mailbox/{-BEYOND}"),
    ]


@pytest.mark.parametrize("index", range(len(_beyond_paths(1))))
def test_an_id_beyond_the_database_range_is_not_found(client, school, index):
    method, path = _beyond_paths(school.school_id)[index]

    response = (
        client.get(path) if method == "GET" else client.post_form(path, follow_redirects=False)
    )

    assert response.status_code == 404, path
    assert heading(response.text) == "Page not found"


def test_a_nul_in_a_path_is_not_found(client, school, db):
    claim = start_claim(client, school)

    response = client.get(f"{claim}/mentors%00")

    assert response.status_code == 404


@pytest.mark.parametrize("cookie", ["%00", "a%00b", "x" * 10_000, "null", "%F0%9F%92%A5"])
def test_a_session_cookie_the_service_never_issued_is_no_session(client, cookie):
    # Without Redis the session store is a table, and PostgreSQL cannot hold a NUL.
    client.cookies.set("session", cookie, domain="testserver.local")
    response = client.get("/account", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/account"


def test_signing_in_over_a_forged_session_cookie_starts_a_session(client):
    client.cookies.set("session", "%00", domain="testserver.local")
    client.sign_in("single-school")

    assert client.get("/account").status_code == 200
