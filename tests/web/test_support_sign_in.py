"""Support users sign in with DfE Sign-in or a persona and land on the support console."""

from __future__ import annotations

from devtools.local_oidc_provider import account_for_email
from tests.web.test_dfe_sign_in import (  # noqa: F401 (fixtures shared with DfE Sign-in tests)
    NO_ACCESS,
    app,
    personas,
    provider,
    running,
    sign_in_with,
    user_row,
)

CONSOLE = "/support/organisations"


def test_a_support_user_signs_in_with_dfe_sign_in_and_lands_on_the_console(client, provider):  # noqa: F811 (the shared fixture)
    callback = sign_in_with(client, provider, "Sam Support")
    assert callback.status_code == 303
    landing = client.get(callback.headers["location"], follow_redirects=True)
    assert landing.url.path == CONSOLE
    assert "<title>Organisations - " in landing.text
    row = user_row(client, email="sam.support@education.gov.uk")
    assert row["dfe_sign_in_uid"] == account_for_email("sam.support@education.gov.uk").sub


def test_a_support_user_added_by_email_is_found_by_it_on_first_sign_in(client, provider, support):  # noqa: F811 (the shared fixture)
    key, _ = support.user()
    email = f"{key}@education.gov.uk"
    callback = sign_in_with(client, provider, "Sign in with this email address", email=email)
    assert callback.status_code == 303
    assert client.get(callback.headers["location"], follow_redirects=True).url.path == CONSOLE


def test_someone_with_a_dfe_address_but_no_support_record_has_no_access(client, provider):  # noqa: F811 (the shared fixture)
    callback = sign_in_with(
        client, provider, "Sign in with this email address", email="not.support@education.gov.uk"
    )
    assert NO_ACCESS in callback.text
    assert client.get(CONSOLE).status_code == 404
