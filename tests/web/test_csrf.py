"""The CSRF token changes when someone signs in and belongs to their session alone."""

from __future__ import annotations

import re

from tests.fixtures.client import ServiceClient, _check_html


def _page_token(client: ServiceClient, url: str = "/") -> str:
    return re.search(
        r'name="_csrf_token" value="([^"]+)"|x-csrftoken&#34;: &#34;([^&]+)&#34;',
        client.get(url).text,
    )[2]


def _add_colleague(client: ServiceClient, school_id: int, token: str):
    return client.post(
        f"/schools/{school_id}/users/add",
        data={
            "first_name": "Sam",
            "last_name": "Lee",
            "email": "sam@example.org",
            "_csrf_token": token,
        },
        follow_redirects=False,
    )


def assert_refused_with_a_page(response) -> None:
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Sorry, we could not send your form" in response.text


def test_signing_in_changes_the_token(client, make):
    school_id = make.school()
    before = _page_token(client)
    client.sign_in(make.user(school_id))
    after = _page_token(client)
    assert after != before
    # Every page and form of the session carries the session's token.
    assert _page_token(client, f"/schools/{school_id}/users/add") == after
    assert _add_colleague(client, school_id, after).status_code == 303


def test_a_token_from_before_signing_in_is_refused(client, make):
    school_id = make.school()
    before = _page_token(client)
    client.sign_in(make.user(school_id))
    assert_refused_with_a_page(_add_colleague(client, school_id, before))
    # The double-submit cookie from before signing in no longer opens anything either.
    assert_refused_with_a_page(_add_colleague(client, school_id, client.cookies["csrftoken"]))


def test_a_token_from_another_session_is_refused(app, client, make):
    school_id = make.school()
    user = make.user(school_id)
    with ServiceClient(app) as other:
        other.event_hooks = {"request": [], "response": [_check_html]}
        other.sign_in(user)
        theirs = _page_token(other)
    client.sign_in(user)
    assert _page_token(client) != theirs
    assert_refused_with_a_page(_add_colleague(client, school_id, theirs))


def test_signing_in_again_gives_a_new_token(client, make):
    school_id = make.school()
    user = make.user(school_id)
    client.sign_in(user)
    first = _page_token(client)
    client.post_form("/sign-out")
    client.sign_in(user)
    assert _page_token(client) != first
    assert_refused_with_a_page(_add_colleague(client, school_id, first))


def test_htmx_requests_send_the_session_token_in_a_header(client, make):
    # htmx sends the token from <body hx-headers> rather than a form field.
    client.sign_in(make.user(make.school()))
    token = _page_token(client)
    forged = client.post("/sign-out", headers={"x-csrftoken": "0" * 64})
    assert_refused_with_a_page(forged)
    allowed = client.post("/sign-out", headers={"x-csrftoken": token}, follow_redirects=False)
    assert allowed.status_code == 303
    assert client.get("/account", follow_redirects=False).status_code == 303
