"""Provider users sign in with DfE Sign-in or a persona and land on their provider's claims."""

from __future__ import annotations

import asyncio
import re

from devtools.local_oidc_provider import account_for_email
from tests.fixtures.factories import new_provider, new_provider_user
from tests.web.test_dfe_sign_in import (  # noqa: F401 (fixtures shared with DfE Sign-in tests)
    NO_ACCESS,
    app,
    personas,
    provider,
    running,
    sign_in_with,
    user_row,
)

CLAIMS = re.compile(r"/providers/\d+/claims")


def test_a_provider_user_signs_in_with_dfe_sign_in_and_lands_on_their_claims(client, provider):  # noqa: F811 (the shared fixture)
    callback = sign_in_with(client, provider, "Jamie Clarke")
    assert callback.status_code == 303
    landing = client.get(callback.headers["location"], follow_redirects=True)
    assert CLAIMS.fullmatch(landing.url.path), landing.url
    assert "<title>Claims - " in landing.text and "Bath Spa University" in landing.text
    row = user_row(client, email="jamie.clarke@example.org")
    assert row["dfe_sign_in_uid"] == account_for_email("jamie.clarke@example.org").sub


def test_a_provider_user_is_found_by_email_and_returned_to_their_providers_page(
    client,
    provider,  # noqa: F811 (the shared fixture)
):
    provider_id = asyncio.run(new_provider())
    _, key = asyncio.run(new_provider_user(provider_id))
    target = f"/providers/{provider_id}/claims?academic_year=2025"
    callback = sign_in_with(
        client, provider, "Sign in with this email address", f"{key}@example.org", target
    )
    assert callback.headers["location"] == target
    assert client.get(target).status_code == 200


def test_someone_without_a_school_or_provider_is_not_sent_to_a_provider_page(client, provider):  # noqa: F811 (the shared fixture)
    callback = sign_in_with(client, provider, "Robin Hughes", next_path="/providers/1/claims")
    assert callback.headers["location"] == "/schools"
    assert NO_ACCESS in client.get("/schools").text
