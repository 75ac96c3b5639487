"""A submit clicked many times at once: every click lands on the one claim's confirmation."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from db.tables import Claim, EmailOutbox
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import claim_id_of, complete_claim, run_in_app, signed_in_school

pytestmark = pytest.mark.db

CLICKS = 30
CLAIMS = ("Lovelace", "Turing")


async def _click_at_once(client, url: str, times: int) -> list[str | None]:
    """POST the form `times` times concurrently, as the browser's session; where each lands."""
    # The test client sends one request at a time; this transport runs them together on the
    # app's own event loop, so they interleave in the database as a double click's would.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=client.app),
        base_url=str(client.base_url),
        cookies=client.cookies,
    ) as browser:
        token = client.csrf_token()
        responses = await asyncio.gather(
            *(browser.post(url, data={"_csrf_token": token}) for _ in range(times))
        )
    return [response.headers.get("location") for response in responses]


def test_every_duplicate_submit_lands_on_the_confirmation(client):
    db = run_in_app(client)
    school = signed_in_school(client, db)

    # Several claims, each submitted by many clicks at once (the moment two clicks' reads and
    # writes interleave is pinned down in tests/db/test_claim_submission_concurrency.py).
    for surname in CLAIMS:
        claim = complete_claim(client, school, {surname: 2})

        landed = db(_click_at_once, client, f"{claim}/submit", CLICKS)

        assert Counter(landed) == {f"{claim}/submitted": CLICKS}
        row = db(Claim.select(Claim.status).where(Claim.id == claim_id_of(claim)).first)
        assert row["status"] == ClaimStatus.SUBMITTED.value
        assert client.get(f"{claim}/submitted").status_code == 200
    emails = db(
        EmailOutbox.count()
        .where(EmailOutbox.kind == "claim_submitted")
        .where(EmailOutbox.to_address == f"{school.user_key}@example.org")
        .run
    )
    assert emails == len(CLAIMS)
