"""Auditing: the counts, the sample, the providers' files and answers, and the manual actions."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from tests.fixtures.audit import confirm, download, upload

AUDITING = "/support/claims/auditing"
SAMPLE = f"{AUDITING}/sample"
RESPONSE = f"{AUDITING}/response"
SAMPLE_HEADER = "claim_reference,sample_reason\n"
RESPONSE_HEADER = "claim_reference,mentor_full_name,claim_accepted,rejection_reason\n"


@pytest.fixture
def signed_in(client, support):
    key, _ = support.user("Audrey", "Auditor")
    client.sign_in(key)
    return client


@pytest.fixture
def provider(audit):
    return audit.provider("Northern Audit Provider", "contact@northern.example")


def _sampled(client, audit, *claims) -> None:
    content = SAMPLE_HEADER + "".join(f"{c['reference']},Random sample\n" for c in claims)
    assert confirm(client, SAMPLE, upload(client, SAMPLE, content)).status_code == 303


def test_the_auditing_page_counts_claims_and_is_in_the_sub_navigation(signed_in, audit, provider):
    def counts() -> list[int]:
        page = signed_in.get(AUDITING)
        assert page.status_code == 200
        return [int(n) for n in re.findall(r'govuk-summary-list__value">\s*(\d+)', page.text)]

    before = counts()
    for status in ("sampling_in_progress", "sampling_not_approved", "rejected_by_school", "paid"):
        audit.claim(provider, status)
    assert [a - b for a, b in zip(counts(), before, strict=True)] == [1, 1, 1]
    page = signed_in.get(AUDITING).text
    assert 'aria-current="page">Auditing</a>' in page
    assert 'href="/support/claims/clawbacks"' in page
    assert f'href="{SAMPLE}"' in page and f'href="{RESPONSE}"' in page


def test_sampling_moves_claims_stores_a_file_per_provider_and_emails_each(
    signed_in, audit, provider, clock
):
    # A Saturday: 21 days on is a Saturday too, so the provider has until the Monday.
    clock.moment = datetime(2026, 6, 13, 10, tzinfo=UTC)
    other = audit.provider("Southern Audit Provider", "contact@southern.example")
    first, second, third = audit.claim(provider), audit.claim(provider), audit.claim(other)
    emails_before = len(audit.emails("claims_to_audit"))
    content = (
        SAMPLE_HEADER
        + f"{first['reference'].lower()},Random sample\n"
        + f"{second['reference']},High hours\n{third['reference']},Random sample\n"
    )
    preview = upload(signed_in, SAMPLE, content)
    assert preview.status_code == 200
    assert "Check the claims to audit" in preview.text and "High hours" in preview.text
    # Nothing changes before Confirm.
    assert audit.status(first["id"]) == "paid"

    done = confirm(signed_in, SAMPLE, preview)
    assert done.status_code == 303 and done.headers["location"] == AUDITING
    assert "3 claims sent to 2 providers to audit" in signed_in.get(AUDITING).text
    for claim in (first, second, third):
        assert audit.status(claim["id"]) == "sampling_in_progress"
    assert audit.column(second["id"], "sample_reason") == "High hours"

    emails = audit.emails("claims_to_audit")[emails_before:]
    assert sorted(email["to_address"] for email in emails) == [
        "contact@northern.example",
        "contact@southern.example",
    ]
    northern = next(e for e in emails if e["to_address"] == "contact@northern.example")
    fields = northern["personalisation"]
    assert fields["deadline"] == "Monday 6 July 2026"
    assert fields["claim_count"] == "2"
    assert fields["provider_name"] == "Northern Audit Provider"

    # The provider's link works without signing in: a row per mentor, answers blank.
    got = download(signed_in, fields["download_link"])
    assert got.status_code == 200
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert list(rows[0]) == [
        "claim_reference",
        "school",
        "mentor_full_name",
        "hours",
        "claim_accepted",
        "rejection_reason",
    ]
    assert sorted(
        (row["claim_reference"], row["mentor_full_name"], row["hours"]) for row in rows
    ) == sorted(
        [
            (first["reference"], "Ada Lovelace", "10"),
            (first["reference"], "Alan Turing", "6"),
            (second["reference"], "Ada Lovelace", "10"),
            (second["reference"], "Alan Turing", "6"),
        ]
    )
    assert all(row["claim_accepted"] == row["rejection_reason"] == "" for row in rows)


def test_the_sample_is_applied_once(signed_in, audit, provider):
    claim = audit.claim(provider)
    content = SAMPLE_HEADER + f"{claim['reference']},Random sample\n"
    preview = upload(signed_in, SAMPLE, content)
    files_before = len(audit.files("audit_provider_file"))
    assert confirm(signed_in, SAMPLE, preview).status_code == 303
    # A double click on Confirm, then the same file again: nothing more happens.
    assert confirm(signed_in, SAMPLE, preview).status_code == 303
    again = upload(signed_in, SAMPLE, content)
    assert f"Claim {claim['reference']} is audit requested, not paid" in again.text
    assert 'id="confirm"' not in again.text
    assert len(audit.files("audit_provider_file")) == files_before + 1


def test_every_sample_row_error_is_listed_and_nothing_changes(signed_in, audit, provider):
    paid = audit.claim(provider)
    submitted = audit.claim(provider, "submitted")
    nobody = audit.provider("Silent Provider", " ")
    unreachable = audit.claim(nobody)
    content = (
        SAMPLE_HEADER
        + f"{paid['reference']},Random\n"
        + "BLANKRSN,\n"
        + f"{submitted['reference']},Random\n"
        + "NOSUCHRF,Random\n"
        + f"{unreachable['reference']},Random\n"
        + f"{paid['reference']},Again\n"
    )
    page = upload(signed_in, SAMPLE, content)
    assert page.status_code == 200
    assert "<title>Error:" in page.text
    assert "The selected file has errors" in page.text
    assert "Enter why the claim was sampled" in page.text
    assert f"Claim {submitted['reference']} is submitted, not paid" in page.text
    assert "There is no submitted claim with the reference NOSUCHRF" in page.text
    assert "Silent Provider has no contact email address" in page.text
    assert f"Claim {paid['reference']} is in the file more than once" in page.text
    assert audit.status(paid["id"]) == "paid"


@pytest.mark.parametrize(
    ("path", "content", "message"),
    [
        (SAMPLE, "claim_reference\nABC\n", "missing the column ‘sample_reason’"),
        (SAMPLE, SAMPLE_HEADER, "has no claims in it"),
        (RESPONSE, RESPONSE_HEADER, "has no rows in it"),
        (RESPONSE, "claim_reference,claim_accepted\n", "missing the columns"),
        (RESPONSE, "", "The selected file is empty"),
    ],
)
def test_a_file_that_cannot_be_used_is_an_error_on_the_upload(signed_in, path, content, message):
    page = upload(signed_in, path, content)
    assert page.status_code == 200
    assert message in page.text


def test_no_file_is_an_error(signed_in):
    assert "Select a CSV file with the claims to audit" in signed_in.post_form(SAMPLE, {}).text
    assert (
        "Select a CSV file with the provider&#39;s response"
        in signed_in.post_form(RESPONSE, {}).text
    )


def test_a_crash_while_sampling_leaves_nothing_half_done(signed_in, audit, provider, monkeypatch):
    from web.routes.support import auditing

    first, second = audit.claim(provider), audit.claim(provider)
    content = SAMPLE_HEADER + f"{first['reference']},Random\n{second['reference']},Random\n"
    preview = upload(signed_in, SAMPLE, content)
    files_before = len(audit.files("audit_provider_file"))
    queue_email = auditing.queue_email

    async def broken(*args, **kwargs):
        raise RuntimeError("the outbox is down")

    monkeypatch.setattr(auditing, "queue_email", broken)
    assert confirm(signed_in, SAMPLE, preview).status_code == 500
    assert audit.status(first["id"]) == audit.status(second["id"]) == "paid"
    assert len(audit.files("audit_provider_file")) == files_before
    monkeypatch.setattr(auditing, "queue_email", queue_email)
    # The file was not marked applied, so confirming it again now works.
    assert confirm(signed_in, SAMPLE, preview).status_code == 303
    assert audit.status(first["id"]) == "sampling_in_progress"


def test_a_provider_accepting_every_mentor_pays_the_claim_again(signed_in, audit, provider):
    claim = audit.claim(provider)
    _sampled(signed_in, audit, claim)
    content = (
        RESPONSE_HEADER
        + f"{claim['reference']},ada lovelace,YES,\n{claim['reference']},Alan Turing,true,\n"
    )
    preview = upload(signed_in, RESPONSE, content)
    assert "Check the provider&#39;s response" in preview.text
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(claim["id"]) == "paid"
    assert "1 claim approved, 0 claims rejected" in signed_in.get(AUDITING).text


def test_a_provider_rejection_keeps_each_reason_and_emails_the_school(signed_in, audit, provider):
    claim = audit.claim(provider)
    _sampled(signed_in, audit, claim)
    emails_before = len(audit.emails("claim_rejected_by_provider"))
    content = (
        RESPONSE_HEADER
        + f"{claim['reference']},Ada Lovelace,no,Only trained 4 hours\n"
        + f"{claim['reference']},Alan Turing,yes,\n"
    )
    preview = upload(signed_in, RESPONSE, content)
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(claim["id"]) == "sampling_not_approved"
    assert audit.line(claim["ada"])["provider_rejection_reason"] == "Only trained 4 hours"
    assert audit.line(claim["alan"])["provider_rejection_reason"] == ""
    emails = audit.emails("claim_rejected_by_provider")[emails_before:]
    assert [email["to_address"] for email in emails] == [claim["user_email"]]
    assert emails[0]["personalisation"]["reference"] == claim["reference"]
    page = signed_in.get(f"/support/claims/{claim['id']}").text
    assert "Rejected by the provider: Only trained 4 hours" in page
    assert "Reject after hearing the school" in page

    # The same response again: every row's claim has moved on, so nothing changes twice.
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    again = upload(signed_in, RESPONSE, content)
    assert f"Claim {claim['reference']} is rejected by provider, not audit requested" in again.text
    assert 'id="confirm"' not in again.text
    assert len(audit.emails("claim_rejected_by_provider")) == emails_before + 1


def test_every_provider_row_error_is_listed(signed_in, audit, provider):
    claim = audit.claim(provider)
    _sampled(signed_in, audit, claim)
    content = (
        RESPONSE_HEADER
        + f"{claim['reference']},Ada Lovelace,no,\n"
        + f"{claim['reference']},Grace Hopper,maybe,\n"
    )
    page = upload(signed_in, RESPONSE, content).text
    assert "Enter why the provider rejected the claim" in page
    assert "‘maybe’ is not yes, no, true or false" in page
    content = RESPONSE_HEADER + f"{claim['reference']},Ada Lovelace,yes,\n"
    page = upload(signed_in, RESPONSE, content).text
    assert f"Claim {claim['reference']} has no row for Alan Turing" in page
    assert audit.status(claim["id"]) == "sampling_in_progress"


def test_a_crash_while_applying_a_response_leaves_nothing_half_done(
    signed_in, audit, provider, monkeypatch
):
    from db.queries import audit as queries

    first, second = audit.claim(provider), audit.claim(provider)
    _sampled(signed_in, audit, first, second)
    content = RESPONSE_HEADER + "".join(
        f"{c['reference']},{name},yes,\n"
        for c in (first, second)
        for name in ("Ada Lovelace", "Alan Turing")
    )
    preview = upload(signed_in, RESPONSE, content)
    recorded = queries.record_event

    async def fails_after_every_claim_has_moved(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(queries, "record_event", fails_after_every_claim_has_moved)
    assert confirm(signed_in, RESPONSE, preview).status_code == 500
    assert audit.status(first["id"]) == audit.status(second["id"]) == "sampling_in_progress"
    monkeypatch.setattr(queries, "record_event", recorded)
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(first["id"]) == audit.status(second["id"]) == "paid"


def test_approving_an_audited_claim_after_are_you_sure(signed_in, audit, provider):
    claim = audit.claim(provider, "sampling_in_progress")
    page = signed_in.get(f"/support/claims/{claim['id']}").text
    assert f'href="/support/claims/{claim["id"]}/audit/approve"' in page
    sure = signed_in.get(f"/support/claims/{claim['id']}/audit/approve")
    assert "Are you sure the provider has approved this claim?" in sure.text
    assert audit.status(claim["id"]) == "sampling_in_progress"
    signed_in.post_form(f"/support/claims/{claim['id']}/audit/approve")
    assert audit.status(claim["id"]) == "paid"
    assert "Audit approved" in signed_in.get(f"/support/claims/{claim['id']}").text
    # Once paid there is nothing to approve: the page goes back to the claim.
    again = signed_in.get(f"/support/claims/{claim['id']}/audit/approve", follow_redirects=False)
    assert again.status_code == 303


def test_recording_a_provider_rejection_by_hand(signed_in, audit, provider):
    claim = audit.claim(provider, "sampling_in_progress")
    path = f"/support/claims/{claim['id']}/audit/provider-rejected"
    emails_before = len(audit.emails("claim_rejected_by_provider"))
    form = signed_in.get(path)
    assert "Record that the provider rejected the claim" in form.text
    nothing = signed_in.post_form(path, {})
    assert "Select the mentors the provider rejected" in nothing.text
    no_reason = signed_in.post_form(path, {"mentors": str(claim["ada"])})
    assert "Enter why Ada Lovelace was rejected" in no_reason.text
    assert f'href="#reason-{claim["ada"]}"' in no_reason.text
    assert audit.status(claim["id"]) == "sampling_in_progress"
    done = signed_in.post_form(
        path,
        {"mentors": str(claim["ada"]), f"reason-{claim['ada']}": "No record of training"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert audit.status(claim["id"]) == "sampling_not_approved"
    assert audit.line(claim["ada"])["provider_rejection_reason"] == "No record of training"
    assert len(audit.emails("claim_rejected_by_provider")) == emails_before + 1


def test_rejecting_after_hearing_the_school(signed_in, audit, provider):
    claim = audit.claim(provider, "sampling_in_progress")
    signed_in.post_form(
        f"/support/claims/{claim['id']}/audit/provider-rejected",
        {"mentors": str(claim["ada"]), f"reason-{claim['ada']}": "No record of training"},
    )
    path = f"/support/claims/{claim['id']}/audit/school-rejected"
    form = signed_in.get(path).text
    assert "The provider said: No record of training" in form
    # Only the mentor the provider rejected is asked about.
    assert f"reason-{claim['alan']}" not in form
    blank = signed_in.post_form(path, {})
    assert "Enter why Ada Lovelace was rejected" in blank.text
    signed_in.post_form(path, {f"reason-{claim['ada']}": "The school agreed: 4 hours only"})
    assert audit.status(claim["id"]) == "rejected_by_school"
    assert audit.line(claim["ada"])["school_rejection_reason"] == "The school agreed: 4 hours only"
    page = signed_in.get(f"/support/claims/{claim['id']}").text
    assert "Request clawback" in page


def test_audit_actions_the_status_does_not_allow_change_nothing(signed_in, audit, provider):
    claim = audit.claim(provider)  # paid
    for action in ("approve", "provider-rejected", "school-rejected"):
        path = f"/support/claims/{claim['id']}/audit/{action}"
        assert signed_in.get(path, follow_redirects=False).status_code == 303
        signed_in.post_form(path, {"mentors": str(claim["ada"])})
    assert audit.status(claim["id"]) == "paid"
    assert signed_in.get(f"/support/claims/{claim['id']}/audit/nonsense").status_code == 404
    assert signed_in.get("/support/claims/999999/audit/approve").status_code == 404


def test_a_providers_email_can_be_sent_again(signed_in, audit, provider):
    claim = audit.claim(provider)
    _sampled(signed_in, audit, claim)
    emails = audit.emails("claims_to_audit")
    page = signed_in.get(AUDITING).text
    file_id = re.search(r'href="/support/claims/auditing/files/(\d+)"', page)[1]
    stored = signed_in.get(f"{AUDITING}/files/{file_id}")
    assert stored.status_code == 200 and claim["reference"] in stored.text
    again = signed_in.post_form(f"{AUDITING}/files/{file_id}/resend", follow_redirects=False)
    assert again.status_code == 303
    resent = audit.emails("claims_to_audit")
    assert len(resent) == len(emails) + 1
    assert resent[-1]["to_address"] == "contact@northern.example"
    assert (
        resent[-1]["personalisation"]["download_link"]
        != emails[-1]["personalisation"]["download_link"]
    )
    assert signed_in.get(f"{AUDITING}/files/999999").status_code == 404


def test_a_claims_rows_are_checked_together_across_batches(signed_in, audit, provider, monkeypatch):
    from web import csv_uploads

    # A batch per row: a claim's mentors are only known complete once the whole file is read.
    monkeypatch.setattr(csv_uploads, "BATCH", 1)
    claim = audit.claim(provider)
    _sampled(signed_in, audit, claim)
    reference = claim["reference"]
    missing = upload(signed_in, RESPONSE, RESPONSE_HEADER + f"{reference},Ada Lovelace,yes,\n")
    assert f"Claim {reference} has no row for Alan Turing" in missing.text
    twice = RESPONSE_HEADER + "".join(
        f"{reference},{name},yes,\n" for name in ("Ada Lovelace", "Alan Turing", "Ada Lovelace")
    )
    assert "Ada Lovelace is in the file more than once" in upload(signed_in, RESPONSE, twice).text
    whole = RESPONSE_HEADER + f"{reference},Ada Lovelace,yes,\n{reference},Alan Turing,no,Absent\n"
    preview = upload(signed_in, RESPONSE, whole)
    assert "Check the provider&#39;s response" in preview.text
    assert confirm(signed_in, RESPONSE, preview).status_code == 303
    assert audit.status(claim["id"]) == "sampling_not_approved"
