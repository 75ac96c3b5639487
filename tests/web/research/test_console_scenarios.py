"""The support console's and the provider view's scenarios: who signs in, where, with what data."""

from __future__ import annotations

import re

import pytest

from db.queries import research as rows
from db.service_data import REHEARSAL_CLAIMS
from db.tables import (
    Claim,
    ClaimWindow,
    Membership,
    Provider,
    ProviderMembership,
    StoredFile,
    SupportEvent,
    SupportUser,
    User,
)
from tests.fixtures.database import run

PAYMENTS = "/support/claims/payments"
SEND = f"{PAYMENTS}/send"


def db(query):
    return run(query.run())


def _session(code: str):
    return run(rows.session_by_code(code))


def _participant(code: str) -> dict:
    key = _session(code).participant_key
    return db(User.select(User.id, User.first_name, User.last_name).where(User.persona == key))[0]


def _claims(code: str) -> list[dict]:
    school_ids = _session(code).school_ids
    return db(
        Claim.select(Claim.id, Claim.reference, Claim.status, Claim.school.name.as_alias("school"))
        .where(Claim.school.is_in(school_ids))
        .order_by(Claim.id)
    )


def _open_window_id(clock) -> int:
    today = clock.now().date()
    found = db(
        ClaimWindow.select(ClaimWindow.id)
        .where((ClaimWindow.starts_on <= today) & (ClaimWindow.ends_on >= today))
        .where(ClaimWindow.removed_at.is_null())
        .first()
    )
    return found["id"]


def test_the_facilitator_can_choose_either_scenario(research_client):
    page = research_client.get("/research/sessions/new").text
    assert "A support agent rehearsing payments" in page
    assert "A provider downloading its claims" in page
    assert "ready to send to the payer" in page


def test_the_support_agent_starts_on_the_payments_page_with_claims_to_send(research):
    code = research.start("support-payments")
    landed = research.client.post_form(f"/research/join/{code}", follow_redirects=True)
    assert landed.status_code == 200
    assert landed.url.path == PAYMENTS
    assert "Payments" in landed.text
    participant = _participant(code)
    assert (participant["first_name"], participant["last_name"]) == ("Sam", "Support")
    # A support user of their own, who belongs to no school.
    assert db(SupportUser.count().where(SupportUser.user == participant["id"])) == 1
    assert db(Membership.count().where(Membership.user == participant["id"])) == 0
    claims = _claims(code)
    assert len(claims) == REHEARSAL_CLAIMS
    assert {each["status"] for each in claims} == {"submitted"}
    assert len({each["school"] for each in claims}) == REHEARSAL_CLAIMS
    briefing = dict(map(tuple, _session(code).briefing))
    assert briefing["Role"] == "Support agent, in the support console"
    assert briefing["Claims to send"].startswith(f"{REHEARSAL_CLAIMS} submitted claims")


def test_the_support_agent_sends_the_claims_uploads_a_response_and_a_reset_undoes_it(
    research, clock
):
    code = research.start("support-payments")
    research.client.post_form(f"/research/join/{code}")
    window_id = _open_window_id(clock)
    chosen = research.client.post_form(SEND, {"window": str(window_id)}, follow_redirects=False)
    assert chosen.status_code == 303
    sent = research.client.post_form(f"{SEND}/check", follow_redirects=False)
    assert sent.status_code == 303
    claims = _claims(code)
    assert {each["status"] for each in claims} == {"payment_in_progress"}

    content = "claim_reference,claim_status,claim_unpaid_reason\r\n" + "".join(
        f"{each['reference']},paid,\r\n" for each in claims
    )
    preview = research.client.post_form(
        f"{PAYMENTS}/response", files={"file": ("response.csv", content.encode(), "text/csv")}
    )
    assert preview.status_code == 200
    action = re.search(
        r'<form method="post" action="([^"]+)" novalidate id="confirm"', preview.text
    )
    assert research.client.post_form(action[1], {}, follow_redirects=False).status_code == 303
    assert {each["status"] for each in _claims(code)} == {"paid"}
    participant = _participant(code)["id"]
    assert db(StoredFile.count().where(StoredFile.created_by == participant)) == 2

    reset = research.client.post_form(f"/research/sessions/{code}/reset", follow_redirects=False)
    assert reset.status_code == 303
    # The session's claims are waiting again; its files and console log went with its user.
    assert {each["status"] for each in _claims(code)} == {"submitted"}
    assert db(SupportEvent.count().where(SupportEvent.user == participant)) == 0
    assert db(StoredFile.count().where(StoredFile.created_by == participant)) == 0


def test_the_provider_starts_on_its_claims_list_to_filter_and_download(research):
    code = research.start("provider-claims")
    landed = research.client.post_form(f"/research/join/{code}", follow_redirects=True)
    assert landed.status_code == 200
    provider = db(Provider.select(Provider.id).where(Provider.code == "B20").first())["id"]
    claims_path = f"/providers/{provider}/claims"
    assert landed.url.path == claims_path
    participant = _participant(code)
    assert (participant["first_name"], participant["last_name"]) == ("Jamie", "Clarke")
    assert db(ProviderMembership.count().where(ProviderMembership.user == participant["id"])) == 1
    assert db(Membership.count().where(Membership.user == participant["id"])) == 0

    briefing = dict(map(tuple, _session(code).briefing))
    assert briefing["Claims"].startswith("4 submitted claims with Bath Spa University")
    assert "Hours used up" not in briefing and "Refresher mentor" not in briefing
    claims = _claims(code)
    schools = dict.fromkeys(each["school"] for each in claims)
    assert len(claims) == 5 and len(schools) == 4
    school_id = _session(code).school_ids[1]
    filtered = research.client.get(claims_path, params={"school": str(school_id)})
    assert filtered.status_code == 200
    second = [each for each in claims if each["school"] == list(schools)[1]]
    assert second[0]["reference"] in filtered.text
    assert claims[-1]["reference"] not in filtered.text
    download = research.client.get(
        f"{claims_path}/download", params={"school": str(school_id)}
    ).text
    assert second[0]["reference"] in download
    assert claims[0]["reference"] not in download


@pytest.mark.parametrize("scenario", ["support-payments", "provider-claims"])
def test_without_research_mode_neither_scenario_can_start(plain_client, scenario):
    response = plain_client.post_form(
        "/research/sessions", {"scenario": scenario}, follow_redirects=False
    )
    assert response.status_code == 404
