"""Payments: the counts, sending a window's claims to the payer, and the payer's response."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import uuid
from datetime import UTC, date, datetime

import pytest

from domain.claim_status import ClaimStatus
from tests.fixtures.factories import new_claim, new_mentor, new_school, provider_id

PAYMENTS = "/support/claims/payments"
SEND = f"{PAYMENTS}/send"
RESPONSE = f"{PAYMENTS}/response"


async def _claim_in(school_id: int, mentor_id: int, day: datetime, status=ClaimStatus.SUBMITTED):
    return await new_claim(
        school_id,
        [(mentor_id, 10, "initial")],
        provider=await provider_id(0),
        status=status,
        submitted_at=day,
        hourly_rate_pence=5370,
        amount_pence=53700,
    )


async def _window_claims(year: int) -> dict:
    """Two claims submitted in March of `year`, one in April, and their school."""
    school_id = await new_school(name="Payments Primary School")
    mentor_id = await new_mentor(school_id, last_name=f"Payee{uuid.uuid4().hex[:6]}")
    return {
        "school_id": school_id,
        "first": await _claim_in(school_id, mentor_id, datetime(year, 3, 10, 9, tzinfo=UTC)),
        "second": await _claim_in(school_id, mentor_id, datetime(year, 3, 20, 9, tzinfo=UTC)),
        "april": await _claim_in(school_id, mentor_id, datetime(year, 4, 2, 9, tzinfo=UTC)),
    }


async def _claim(claim_id: int) -> dict:
    from db.tables import Claim

    return await Claim.select().where(Claim.id == claim_id).first()


async def _emails_to_payer() -> list[dict]:
    from db.tables import EmailOutbox

    return await EmailOutbox.select().where(EmailOutbox.kind == "claims_sent_to_payer")


async def _files(kind: str) -> list[dict]:
    from db.tables import StoredFile

    return await StoredFile.select().where(StoredFile.kind == kind)


def _status(claim_id: int) -> str:
    return asyncio.run(_claim(claim_id))["status"]


@pytest.fixture
def signed_in(client, support):
    key, _ = support.user("Pat", "Payments")
    client.sign_in(key)
    return client


# A year of its own for each test's window, so no test sends another's claims.
_YEARS = itertools.count(2031)


@pytest.fixture
def window(support):
    """A window in a year of its own, with two claims in it and one after it."""
    year = next(_YEARS)
    window_id = support.window(date(year, 3, 1), date(year, 3, 31))
    return {"id": window_id, "year": year, **asyncio.run(_window_claims(year))}


def _send(client, window_id: int):
    chosen = client.post_form(SEND, {"window": str(window_id)}, follow_redirects=False)
    assert chosen.status_code == 303
    assert chosen.headers["location"] == f"{SEND}/check"
    return client.post_form(f"{SEND}/check", follow_redirects=False)


def _link(email: dict) -> str:
    fields = email["personalisation"]
    fields = json.loads(fields) if isinstance(fields, str) else fields
    return fields["download_link"]


def test_the_payments_page_counts_claims_by_payment_status(signed_in, window, make, claims):
    def counts() -> list[str]:
        page = signed_in.get(PAYMENTS)
        assert page.status_code == 200
        return re.findall(r'govuk-summary-list__value">\s*(\d+)', page.text)

    before = [int(n) for n in counts()]
    school_id = make.school()
    mentor_id = claims.mentor(school_id)
    for status in ("submitted", "payment_in_progress", "payment_information_requested", "paid"):
        claims.submitted(
            school_id,
            [(mentor_id, 1, "initial")],
            hourly_rate_pence=5370,
            amount_pence=5370,
            status=status,
        )
    after = [int(n) for n in counts()]
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1]
    page = signed_in.get(PAYMENTS)
    assert 'aria-current="page">Payments</a>' in page.text
    assert f'href="{SEND}"' in page.text and f'href="{RESPONSE}"' in page.text


def test_sending_a_window_moves_its_claims_stores_the_file_and_emails_the_payer(signed_in, window):
    emails_before = len(asyncio.run(_emails_to_payer()))
    choose = signed_in.get(SEND)
    assert f'value="{window["id"]}"' in choose.text
    assert "2 submitted claims, £1,074.00" in choose.text

    signed_in.post_form(SEND, {"window": str(window["id"])})
    check = signed_in.get(f"{SEND}/check")
    assert "£1,074.00" in check.text and "Send claims" in check.text

    sent = signed_in.post_form(f"{SEND}/check", follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == PAYMENTS
    assert "2 claims sent to the payer" in signed_in.get(PAYMENTS).text

    assert _status(window["first"]) == _status(window["second"]) == "payment_in_progress"
    assert _status(window["april"]) == "submitted"
    emails = asyncio.run(_emails_to_payer())
    assert len(emails) == emails_before + 1
    assert emails[-1]["to_address"] == "payer@example.org"
    references = [asyncio.run(_claim(window[k]))["reference"] for k in ("first", "second")]
    page = signed_in.get(f"/support/claims/{window['first']}")
    assert "Claim sent to the payer" in page.text
    assert "Payment in progress" in page.text
    # The link works once, without signing in, and gives the stored file.
    link = _link(emails[-1]).replace("http://127.0.0.1:8000", "")
    signed_in.cookies.clear()
    assert "Download the file" in signed_in.get(link).text
    download = signed_in.post_form(link)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert download.text.startswith("claim_reference,school_urn,")
    for reference in references:
        assert f"{reference}," in download.text
    again = signed_in.post_form(link)
    assert again.status_code == 410
    assert "This download link has already been used" in again.text


def test_a_second_confirm_sends_nothing_more(signed_in, window):
    emails_before = len(asyncio.run(_emails_to_payer()))
    assert _send(signed_in, window["id"]).status_code == 303
    # The double click: the same confirm posted again.
    again = signed_in.post_form(f"{SEND}/check", follow_redirects=False)
    assert again.status_code == 303
    assert len(asyncio.run(_emails_to_payer())) == emails_before + 1
    # The window has nothing left to send, so it is no longer offered.
    assert f'value="{window["id"]}"' not in signed_in.get(SEND).text


def test_a_window_must_be_chosen(signed_in, window):
    page = signed_in.post_form(SEND, {"window": "nonsense"})
    assert page.status_code == 200
    assert "Select the claim window whose claims you want to send" in page.text
    assert _status(window["first"]) == "submitted"


def test_a_crash_while_sending_leaves_nothing_half_done(signed_in, window, monkeypatch):
    from web.routes.support import payments

    files_before = len(asyncio.run(_files("payment_claims")))

    async def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(payments, "queue_email", broken)
    signed_in.post_form(SEND, {"window": str(window["id"])})
    crashed = signed_in.post_form(f"{SEND}/check", follow_redirects=False)
    assert crashed.status_code == 500
    assert _status(window["first"]) == _status(window["second"]) == "submitted"
    assert len(asyncio.run(_files("payment_claims"))) == files_before


def _sent(client, window) -> dict[str, str]:
    assert _send(client, window["id"]).status_code == 303
    return {k: asyncio.run(_claim(window[k]))["reference"] for k in ("first", "second", "april")}


def _upload(client, content: bytes, name: str = "response.csv"):
    return client.post_form(RESPONSE, files={"file": (name, content, "text/csv")})


def _confirm(client, preview) -> object:
    action = re.search(
        r'<form method="post" action="([^"]+)" novalidate id="confirm"', preview.text
    )
    return client.post_form(action[1], {}, follow_redirects=False)


def test_the_payers_response_pays_and_asks_for_information_once(signed_in, window):
    refs = _sent(signed_in, window)
    content = (
        "claim_reference,claim_status,claim_unpaid_reason\r\n"
        f"{refs['first']},paid,\r\n"
        f"{refs['second']},unpaid,Bank details do not match\r\n"
    ).encode()
    preview = _upload(signed_in, content)
    assert preview.status_code == 200
    assert "Check the payer&#39;s response" in preview.text
    # Nothing changes before Confirm.
    assert _status(window["first"]) == "payment_in_progress"

    confirmed = _confirm(signed_in, preview)
    assert confirmed.status_code == 303
    assert _status(window["first"]) == "paid"
    assert _status(window["second"]) == "payment_information_requested"
    claim_page = signed_in.get(f"/support/claims/{window['second']}").text
    assert "Bank details do not match" in claim_page
    assert "Payer needs information" in claim_page
    download = signed_in.get("/support/claims/download", params={"reference": refs["second"]})
    assert download.text.rstrip().endswith(
        "payment_information_requested,Bank details do not match"
    )

    # A double click on Confirm applies nothing twice.
    assert _confirm(signed_in, preview).status_code == 303
    # The same file again: every claim has moved on, so each row is an error and nothing changes.
    again = _upload(signed_in, content)
    assert "The selected file has errors" in again.text
    assert f"Claim {refs['first']} is paid, not payment in progress" in again.text
    assert 'id="confirm"' not in again.text
    assert _status(window["first"]) == "paid"
    assert _status(window["second"]) == "payment_information_requested"


def test_submitted_rows_change_nothing(signed_in, window):
    refs = _sent(signed_in, window)
    content = f"claim_reference,claim_status,claim_unpaid_reason\n{refs['first']},submitted,\n"
    assert _confirm(signed_in, _upload(signed_in, content.encode())).status_code == 303
    assert _status(window["first"]) == "payment_in_progress"


def test_every_row_error_is_listed_and_nothing_changes(signed_in, window):
    refs = _sent(signed_in, window)
    content = (
        "claim_reference,claim_status,claim_unpaid_reason\n"
        f"{refs['first']},maybe,\n"
        f"{refs['second']},unpaid,\n"
        "NOSUCHREF,paid,\n"
        f"{refs['april']},paid,\n"
    ).encode()
    page = _upload(signed_in, content)
    assert page.status_code == 200
    text = page.text
    assert "<title>Error:" in text
    assert "‘maybe’ is not paid, unpaid or submitted" in text
    assert "Enter why the payer has not paid the claim" in text
    assert "There is no submitted claim with the reference NOSUCHREF" in text
    assert f"Claim {refs['april']} is submitted, not payment in progress" in text
    assert _status(window["first"]) == "payment_in_progress"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"claim_reference,claim_status\nABC,paid\n", "missing the column ‘claim_unpaid_reason’"),
        (b"claim_reference,claim_status,claim_unpaid_reason\n", "has no claims in it"),
        (b"", "The selected file is empty"),
        (b"claim_reference,claim_status,claim_unpaid_reason\nAB\x00CD,paid,\n", "not a CSV file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x81", "not a CSV file"),
    ],
)
def test_a_file_that_cannot_be_used_is_an_error_on_the_upload(signed_in, content, message):
    page = _upload(signed_in, content)
    assert page.status_code == 200
    assert message in page.text


def test_no_file_is_an_error(signed_in):
    page = signed_in.post_form(RESPONSE, {})
    assert page.status_code == 200
    assert "Select a CSV file with the payer&#39;s response" in page.text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_excel_encodings_are_read(signed_in, window, encoding):
    refs = _sent(signed_in, window)
    content = (
        "claim_reference,claim_status,claim_unpaid_reason\n"
        f"{refs['first']},UNPAID,Café’s account is closed\n"
    ).encode(encoding)
    assert _confirm(signed_in, _upload(signed_in, content)).status_code == 303
    assert asyncio.run(_claim(window["first"]))["unpaid_reason"] == "Café’s account is closed"


def _claim_needing_information(window) -> int:
    async def moved() -> int:
        from db.tables import Claim

        await Claim.update(
            {
                Claim.status: ClaimStatus.PAYMENT_INFORMATION_REQUESTED.value,
                Claim.unpaid_reason: "Wrong bank account",
            }
        ).where(Claim.id == window["first"])
        return window["first"]

    return asyncio.run(moved())


def test_information_sent_then_paid_each_after_are_you_sure(signed_in, window):
    claim_id = _claim_needing_information(window)
    page = signed_in.get(f"/support/claims/{claim_id}")
    assert f'href="/support/claims/{claim_id}/payment/information-sent"' in page.text
    assert f'href="/support/claims/{claim_id}/payment/reject"' in page.text
    # Not yet: the payer has not had the information.
    assert f"/support/claims/{claim_id}/payment/paid" not in page.text

    sure = signed_in.get(f"/support/claims/{claim_id}/payment/information-sent")
    assert "Are you sure you have sent the payer the information they asked for?" in sure.text
    assert "Wrong bank account" in sure.text
    # Looking at the question changes nothing.
    assert _status(claim_id) == "payment_information_requested"

    done = signed_in.post_form(
        f"/support/claims/{claim_id}/payment/information-sent", follow_redirects=False
    )
    assert done.status_code == 303
    assert _status(claim_id) == "information_sent_to_payer"
    # A second click changes nothing more.
    signed_in.post_form(f"/support/claims/{claim_id}/payment/information-sent")
    assert _status(claim_id) == "information_sent_to_payer"

    signed_in.post_form(f"/support/claims/{claim_id}/payment/paid")
    assert _status(claim_id) == "paid"
    page = signed_in.get(f"/support/claims/{claim_id}").text
    assert "Payment confirmed" in page and "Information sent to the payer" in page
    assert "Wrong bank account" not in page


def test_rejecting_a_claim_the_payer_asked_about(signed_in, window):
    claim_id = _claim_needing_information(window)
    sure = signed_in.get(f"/support/claims/{claim_id}/payment/reject")
    assert "Are you sure you want to reject this claim?" in sure.text
    signed_in.post_form(f"/support/claims/{claim_id}/payment/reject")
    assert _status(claim_id) == "payment_not_approved"
    assert (
        "Claim rejected: the payer will not pay it"
        in signed_in.get(f"/support/claims/{claim_id}").text
    )


def test_an_action_the_status_does_not_allow_changes_nothing(signed_in, window):
    claim_id = window["first"]  # submitted
    shown = signed_in.get(f"/support/claims/{claim_id}/payment/paid", follow_redirects=False)
    assert shown.status_code == 303
    signed_in.post_form(f"/support/claims/{claim_id}/payment/paid")
    assert _status(claim_id) == "submitted"
    assert signed_in.get(f"/support/claims/{claim_id}/payment/nonsense").status_code == 404


def test_a_crash_while_applying_the_response_leaves_nothing_half_done(
    signed_in, window, monkeypatch
):
    from db.queries import payments

    refs = _sent(signed_in, window)
    content = (
        "claim_reference,claim_status,claim_unpaid_reason\n"
        f"{refs['first']},paid,\n{refs['second']},paid,\n"
    ).encode()
    preview = _upload(signed_in, content)
    recorded = payments.record_event

    async def fails_after_every_claim_has_moved(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(payments, "record_event", fails_after_every_claim_has_moved)
    assert _confirm(signed_in, preview).status_code == 500
    # The first claim's change went with the second's: both still await the payer.
    assert _status(window["first"]) == _status(window["second"]) == "payment_in_progress"
    monkeypatch.setattr(payments, "record_event", recorded)
    # And the file was not marked applied, so confirming it again now works.
    assert _confirm(signed_in, preview).status_code == 303
    assert _status(window["first"]) == _status(window["second"]) == "paid"


def test_a_sent_file_can_be_downloaded_and_its_email_sent_again(signed_in, window):
    refs = _sent(signed_in, window)
    emails = asyncio.run(_emails_to_payer())
    first_link = _link(emails[-1])
    page = signed_in.get(PAYMENTS).text
    file_id = re.search(r'href="/support/claims/payments/files/(\d+)"', page)[1]
    assert f"2 claims submitted from 1 March {window['year']}" in page

    stored = signed_in.get(f"{PAYMENTS}/files/{file_id}")
    assert stored.status_code == 200 and refs["first"] in stored.text

    again = signed_in.post_form(f"{PAYMENTS}/files/{file_id}/resend", follow_redirects=False)
    assert again.status_code == 303
    resent = asyncio.run(_emails_to_payer())
    assert len(resent) == len(emails) + 1
    new_link = _link(resent[-1])
    assert new_link != first_link
    # The payer's new link gives the same file.
    signed_in.cookies.clear()
    assert signed_in.post_form(new_link.replace("http://127.0.0.1:8000", "")).text == stored.text


def test_a_claim_that_moved_after_the_check_shows_its_error_and_nothing_changes(signed_in, window):
    refs = _sent(signed_in, window)
    content = (
        "claim_reference,claim_status,claim_unpaid_reason\n"
        f"{refs['first']},paid,\n{refs['second']},paid,\n"
    ).encode()
    preview = _upload(signed_in, content)
    _claim_needing_information(window)
    page = _confirm(signed_in, preview)
    assert page.status_code == 200
    assert "The selected file has errors" in page.text
    assert f"Claim {refs['first']} is payer needs information, not payment in progress" in (
        page.text
    )
    assert _status(window["second"]) == "payment_in_progress"
    # Not marked applied: once the claim is back with the payer, the same file applies.
    asyncio.run(_back_with_payer(window["first"]))
    assert _confirm(signed_in, preview).status_code == 303
    assert _status(window["first"]) == _status(window["second"]) == "paid"


async def _back_with_payer(claim_id: int) -> None:
    from db.tables import Claim

    await Claim.update({Claim.status: ClaimStatus.PAYMENT_IN_PROGRESS.value}).where(
        Claim.id == claim_id
    )
