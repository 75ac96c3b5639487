"""Clawbacks: the request, the second support user's decision, the payer's file and answer."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.audit import confirm, download, upload

CLAWBACKS = "/support/claims/clawbacks"
SEND = f"{CLAWBACKS}/send"
RESPONSE = f"{CLAWBACKS}/response"
RESPONSE_HEADER = "claim_reference,claim_status\n"


@pytest.fixture
def requester(support):
    return support.user("Rita", "Requester")


@pytest.fixture
def approver(support):
    return support.user("Andy", "Approver")


@pytest.fixture
def signed_in(client, requester):
    client.sign_in(requester[0])
    return client


@pytest.fixture
def provider(audit):
    return audit.provider("Clawback Provider", "contact@clawback.example")


def _request(client, claim: dict, hours: str = "4", reason: str = "Missed two sessions"):
    return client.post_form(
        f"/support/claims/{claim['id']}/clawback/request",
        {f"hours-{claim['ada']}": hours, f"reason-{claim['ada']}": reason},
        follow_redirects=False,
    )


def _as(client, who) -> None:
    client.cookies.clear()
    client.sign_in(who[0])


def _decide(client, claim: dict, decision: str = "approve", reason: str = ""):
    return client.post_form(
        f"/support/claims/{claim['id']}/clawback/decision",
        {f"decision-{claim['ada']}": decision, f"rejection-{claim['ada']}": reason},
        follow_redirects=False,
    )


def test_the_clawbacks_page_counts_claims_at_each_step(signed_in, audit, provider):
    def counts() -> list[int]:
        page = signed_in.get(CLAWBACKS)
        assert page.status_code == 200
        return [int(n) for n in re.findall(r'govuk-summary-list__value">\s*(\d+)', page.text)]

    before = counts()
    for status in (
        "rejected_by_school",
        "clawback_requested",
        "ready_for_clawback",
        "sent_to_payer_for_clawback",
        "clawback_complete",
    ):
        audit.claim(provider, status)
    assert [a - b for a, b in zip(counts(), before, strict=True)] == [1, 1, 1, 1]
    page = signed_in.get(CLAWBACKS).text
    assert 'aria-current="page">Clawbacks</a>' in page
    assert f'href="{SEND}"' in page and f'href="{RESPONSE}"' in page


def test_requesting_a_clawback_takes_back_untrained_hours_at_the_stored_rate(
    signed_in, audit, provider
):
    claim = audit.rejected_by_school(provider)
    emails_before = len(audit.emails("clawback_requested"))
    form = signed_in.get(f"/support/claims/{claim['id']}/clawback/request").text
    # Only the mentor rejected after hearing the school is asked about.
    assert f"hours-{claim['ada']}" in form and f"hours-{claim['alan']}" not in form
    assert "£53.70 an hour" in form

    assert _request(signed_in, claim).status_code == 303
    assert audit.status(claim["id"]) == "clawback_requested"
    # 6 of Ada's 10 hours were not trained: 6 × £53.70.
    assert audit.column(claim["id"], "clawback_pence") == 32220
    line = audit.line(claim["ada"])
    assert (line["trained_hours"], line["clawback_reason"]) == (4, "Missed two sessions")
    emails = audit.emails("clawback_requested")[emails_before:]
    assert [email["to_address"] for email in emails] == [claim["user_email"]]
    fields = emails[0]["personalisation"]
    assert (fields["amount"], fields["clawback_amount"], fields["adjusted_amount"]) == (
        "£859.20",
        "£322.20",
        "£537.00",
    )
    page = signed_in.get(f"/support/claims/{claim['id']}").text
    assert "Clawback of £322.20 requested" in page
    assert "Adjusted amount" in page and "£537.00" in page


@pytest.mark.parametrize(
    ("hours", "reason", "message"),
    [
        ("", "Why", "Enter the number of hours the mentor trained"),
        ("11", "Why", "Number of hours must be between 0 and 10"),
        ("four", "Why", "Number of hours must be a whole number"),
        ("4", "", "Enter why the hours are being clawed back"),
    ],
)
def test_a_clawback_request_needs_hours_and_a_reason(
    signed_in, audit, provider, hours, reason, message
):
    claim = audit.rejected_by_school(provider)
    page = _request(signed_in, claim, hours, reason)
    assert page.status_code == 200
    assert "<title>Error:" in page.text and message in page.text
    assert audit.status(claim["id"]) == "rejected_by_school"


def test_nothing_to_claw_back_pays_the_claim_again(signed_in, audit, provider):
    claim = audit.rejected_by_school(provider)
    emails_before = len(audit.emails("clawback_requested"))
    assert _request(signed_in, claim, "10").status_code == 303
    assert audit.status(claim["id"]) == "paid"
    assert audit.column(claim["id"], "clawback_pence") == 0
    assert len(audit.emails("clawback_requested")) == emails_before


def test_the_requester_cannot_approve_their_own_clawback(signed_in, audit, provider):
    claim = audit.rejected_by_school(provider)
    _request(signed_in, claim)
    page = signed_in.get(f"/support/claims/{claim['id']}/clawback/decision").text
    assert "You requested this clawback, so another support user must approve or reject it" in page
    assert f'name="decision-{claim["ada"]}"' not in page
    assert "Save decision" not in page
    # Posting the decision anyway changes nothing.
    refused = _decide(signed_in, claim)
    assert refused.status_code == 200
    assert "another support user must approve or reject it" in refused.text
    assert audit.status(claim["id"]) == "clawback_requested"


def test_a_second_support_user_approves_the_clawback(signed_in, audit, provider, approver):
    claim = audit.rejected_by_school(provider)
    _request(signed_in, claim)
    _as(signed_in, approver)
    page = signed_in.get(f"/support/claims/{claim['id']}/clawback/decision").text
    assert f'name="decision-{claim["ada"]}"' in page
    assert "Trained 4 of 10 hours claimed: 6 hours taken back" in page
    undecided = _decide(signed_in, claim, "")
    assert "Select whether to approve or reject the clawback for Ada Lovelace" in undecided.text
    assert _decide(signed_in, claim).status_code == 303
    assert audit.status(claim["id"]) == "ready_for_clawback"
    assert audit.column(claim["id"], "clawback_pence") == 32220
    assert audit.line(claim["ada"])["clawback_decision"] == "approved"
    # A second click finds it already decided.
    _decide(signed_in, claim, "reject", "Too late")
    assert audit.status(claim["id"]) == "ready_for_clawback"


def test_a_rejected_clawback_takes_nothing_back(signed_in, audit, provider, approver):
    claim = audit.rejected_by_school(provider)
    _request(signed_in, claim)
    _as(signed_in, approver)
    no_reason = _decide(signed_in, claim, "reject")
    assert "Enter why the clawback for Ada Lovelace is rejected" in no_reason.text
    assert _decide(signed_in, claim, "reject", "The register shows 8 hours").status_code == 303
    assert audit.status(claim["id"]) == "rejected_by_school"
    assert audit.column(claim["id"], "clawback_pence") == 0
    line = audit.line(claim["ada"])
    assert (line["clawback_decision"], line["clawback_rejection_reason"]) == (
        "rejected",
        "The register shows 8 hours",
    )
    # Support may request again.
    assert "Request clawback" in signed_in.get(f"/support/claims/{claim['id']}").text


def _ready(audit, provider) -> dict:
    claim = audit.claim(provider, "ready_for_clawback")
    from tests.fixtures.database import run

    async def taken_back():
        from db.tables import Claim

        await Claim.update({Claim.clawback_pence: 32220}).where(Claim.id == claim["id"])

    run(taken_back())
    return claim


def test_sending_clawbacks_to_the_payer(signed_in, audit, provider):
    first, second = _ready(audit, provider), _ready(audit, provider)
    emails_before = len(audit.emails("clawbacks_sent_to_payer"))
    sure = signed_in.get(SEND).text
    assert re.search(r"\d+ claims are ready for clawback", sure)
    assert "You cannot undo this." in sure
    assert audit.status(first["id"]) == "ready_for_clawback"
    sent = signed_in.post_form(SEND, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == CLAWBACKS
    assert audit.status(first["id"]) == audit.status(second["id"]) == "sent_to_payer_for_clawback"
    emails = audit.emails("clawbacks_sent_to_payer")
    assert len(emails) == emails_before + 1
    assert emails[-1]["to_address"] == "payer@example.org"
    got = download(signed_in, emails[-1]["personalisation"]["download_link"])
    assert got.text.startswith("claim_reference,school_urn,")
    assert f"{first['reference']}," in got.text and ",859.20,322.20," in got.text


def test_a_second_send_sends_nothing_more(signed_in, audit, provider):
    _ready(audit, provider)
    signed_in.post_form(SEND)
    emails = len(audit.emails("clawbacks_sent_to_payer"))
    signed_in.post_form(SEND)
    assert len(audit.emails("clawbacks_sent_to_payer")) == emails
    assert "There are no clawbacks ready to send to the payer" in signed_in.get(SEND).text


def test_a_crash_while_sending_clawbacks_leaves_nothing_half_done(
    signed_in, audit, provider, monkeypatch
):
    from web.routes.support import clawbacks

    claim = _ready(audit, provider)
    files = len(audit.files("clawback_claims"))

    async def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(clawbacks, "queue_email", broken)
    assert signed_in.post_form(SEND, follow_redirects=False).status_code == 500
    assert audit.status(claim["id"]) == "ready_for_clawback"
    assert len(audit.files("clawback_claims")) == files


def test_the_payers_clawback_response_completes_clawbacks_once(signed_in, audit, provider):
    first, second = _ready(audit, provider), _ready(audit, provider)
    signed_in.post_form(SEND)
    content = RESPONSE_HEADER + f"{first['reference']},Clawback_Complete\n"
    preview = upload(signed_in, RESPONSE, content)
    assert "Check the payer&#39;s clawback response" in preview.text
    assert audit.status(first["id"]) == "sent_to_payer_for_clawback"
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(first["id"]) == "clawback_complete"
    assert audit.status(second["id"]) == "sent_to_payer_for_clawback"
    assert "1 claim clawback complete" in signed_in.get(CLAWBACKS).text
    # Twice: the double click changes nothing, the same file again is refused row by row.
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    again = upload(signed_in, RESPONSE, content)
    assert f"Claim {first['reference']} is clawback complete, not sent to payer" in again.text


def test_every_clawback_response_row_error_is_listed(signed_in, audit, provider):
    ready = _ready(audit, provider)
    content = RESPONSE_HEADER + f"{ready['reference']},clawback_complete\nNOSUCHRF,paid\n"
    page = upload(signed_in, RESPONSE, content).text
    assert f"Claim {ready['reference']} is ready for clawback, not sent to payer" in page
    assert "‘paid’ is not clawback_complete" in page
    assert (
        "Select a CSV file with the payer&#39;s clawback response"
        in signed_in.post_form(RESPONSE, {}).text
    )


def test_a_crash_while_completing_clawbacks_leaves_nothing_half_done(
    signed_in, audit, provider, monkeypatch
):
    from db.queries import clawbacks

    first, second = _ready(audit, provider), _ready(audit, provider)
    signed_in.post_form(SEND)
    content = RESPONSE_HEADER + "".join(
        f"{c['reference']},clawback_complete\n" for c in (first, second)
    )
    preview = upload(signed_in, RESPONSE, content)
    recorded = clawbacks.record_event

    async def fails_after_every_claim_has_moved(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(clawbacks, "record_event", fails_after_every_claim_has_moved)
    assert confirm(signed_in, RESPONSE, preview).status_code == 500
    assert audit.status(first["id"]) == audit.status(second["id"]) == "sent_to_payer_for_clawback"
    monkeypatch.setattr(clawbacks, "record_event", recorded)
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(first["id"]) == audit.status(second["id"]) == "clawback_complete"


def test_a_clawback_file_can_be_downloaded_and_its_email_sent_again(signed_in, audit, provider):
    _ready(audit, provider)
    signed_in.post_form(SEND)
    emails = len(audit.emails("clawbacks_sent_to_payer"))
    file_id = re.search(
        r'href="/support/claims/clawbacks/files/(\d+)"', signed_in.get(CLAWBACKS).text
    )[1]
    assert signed_in.get(f"{CLAWBACKS}/files/{file_id}").status_code == 200
    signed_in.post_form(f"{CLAWBACKS}/files/{file_id}/resend")
    assert len(audit.emails("clawbacks_sent_to_payer")) == emails + 1


def test_clawback_actions_the_status_does_not_allow_change_nothing(signed_in, audit, provider):
    claim = audit.claim(provider)  # paid
    for action in ("request", "decision"):
        path = f"/support/claims/{claim['id']}/clawback/{action}"
        assert signed_in.get(path, follow_redirects=False).status_code == 303
    _request(signed_in, claim)
    _decide(signed_in, claim)
    assert audit.status(claim["id"]) == "paid"
    assert signed_in.get("/support/claims/999999/clawback/request").status_code == 404
