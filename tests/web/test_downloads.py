"""Download links: no sign-in, signed by the service, 7 days by the service clock, used once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from domain.download_links import LINK_LIFETIME, new_nonce, nonce_of, token_for
from tests.fixtures.client import TODAY
from tests.fixtures.factories import payment_file
from web.settings import load_settings

CONTENT = "claim_reference,claim_status\r\nABCD1234,payment_in_progress\r\n"


async def _link(expires_at) -> str:
    from db.tables import DownloadLink

    file_id = await payment_file(CONTENT)
    nonce = new_nonce()
    await DownloadLink.insert(
        DownloadLink(file=file_id, nonce=nonce, expires_at=expires_at, used_at=None)
    )
    return nonce


@pytest.fixture
def link(database) -> str:
    """A link made now by the tests' clock: its address."""
    nonce = asyncio.run(_link(TODAY + LINK_LIFETIME))
    return f"/downloads/{token_for(load_settings().secret_key, nonce)}"


def test_opening_the_link_offers_the_file_without_using_the_link(client, link):
    for _ in range(2):  # an email scanner's visit, then the person's
        offered = client.get(link)
        assert offered.status_code == 200
        assert '<h1 class="govuk-heading-l">Download claims-for-payment.csv</h1>' in offered.text
        assert "Download the file" in offered.text
        assert "until 17 June 2026 at 1:00pm" in offered.text
    assert client.post_form(link).text == CONTENT


def test_the_link_gives_the_file_once_without_signing_in(client, link):
    first = client.post_form(link)
    assert first.status_code == 200
    assert first.text == CONTENT
    assert first.headers["content-type"].startswith("text/csv")
    assert 'filename="claims-for-payment.csv"' in first.headers["content-disposition"]
    assert first.headers["cache-control"] == "no-store"

    second = client.post_form(link)
    assert second.status_code == 410
    assert "<h1" in second.text and "This download link has already been used" in second.text
    opened_again = client.get(link)
    assert opened_again.status_code == 410
    assert "This download link has already been used" in opened_again.text


def test_the_link_works_until_7_days_have_passed(client, clock, link):
    clock.moment = TODAY + LINK_LIFETIME - timedelta(seconds=1)
    assert client.get(link).status_code == 200
    assert client.post_form(link).status_code == 200


def test_the_link_has_expired_after_7_days(client, clock, link):
    clock.moment = TODAY + LINK_LIFETIME
    for expired in (client.get(link), client.post_form(link)):
        assert expired.status_code == 410
        assert "This download link has expired" in expired.text
    # Turning the clock back afterwards does not matter: the expired visits did not use it.
    clock.moment = TODAY
    assert client.post_form(link).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("0" if token[-1] != "0" else "1"),  # a changed signature
        lambda token: "x" + token,  # a changed nonce
        lambda token: token.split(".")[0],  # no signature at all
        lambda token: "not-a-link",
    ],
)
def test_a_forged_link_is_not_valid(client, link, mangle):
    forged = "/downloads/" + mangle(link.removeprefix("/downloads/"))
    for response in (client.get(forged), client.post_form(forged)):
        assert response.status_code == 404
        assert "This download link is not valid" in response.text
    # The forgery did not use up the real link.
    assert client.post_form(link).status_code == 200


def test_a_link_signed_with_another_secret_is_not_valid(client, database):
    nonce = asyncio.run(_link(TODAY + LINK_LIFETIME))
    response = client.get(f"/downloads/{token_for('some other secret', nonce)}")
    assert response.status_code == 404


def test_a_signed_nonce_unknown_to_the_service_is_not_valid(client):
    token = token_for(load_settings().secret_key, new_nonce())
    response = client.get(f"/downloads/{token}")
    assert response.status_code == 404
    assert "This download link is not valid" in response.text


def test_the_signature_is_checked_before_the_database():
    secret = "s3cret"
    nonce = new_nonce()
    assert nonce_of(secret, token_for(secret, nonce)) == nonce
    assert nonce_of(secret, token_for("other", nonce)) is None
    assert nonce_of(secret, nonce) is None
    assert nonce_of(secret, "." + token_for(secret, nonce).split(".")[1]) is None
