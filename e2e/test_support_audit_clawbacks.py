"""A paid claim's audit and clawback, from the sample to the school seeing what is taken back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import FilePayload, Page, expect

from db.tables import Claim
from e2e.fixtures.personas import sign_in, sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.audit import new_provider
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user
from tests.fixtures.support import make_support_user


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _csv(text: str) -> FilePayload:
    # The file's bytes themselves: a sandboxed Chromium may not read the test's temporary files.
    return {"name": "file.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


async def _paid_claim() -> dict:
    school = await new_school(name="Audit Journey Primary School")
    _, school_user = await new_user(school, first_name="Sam", last_name="School")
    ada = await new_mentor(school, first_name="Ada", last_name="Lovelace")
    alan = await new_mentor(school, first_name="Alan", last_name="Turing")
    provider = await new_provider("Journey Audit Provider", "audit@journey-provider.example")
    claim_id = await new_claim(
        school,
        [(ada, 10, "initial"), (alan, 6, "initial")],
        provider=provider,
        status="paid",
        hourly_rate_pence=5370,
        amount_pence=16 * 5370,
    )
    reference = (await Claim.select(Claim.reference).where(Claim.id == claim_id).first())[
        "reference"
    ]
    approver, _ = await make_support_user("Andy", "Approver")
    return {
        "id": claim_id,
        "reference": reference,
        "school": school,
        "school_user": school_user,
        "approver": approver,
    }


@pytest.fixture
def paid_claim(live_server: LiveServer) -> dict:
    """A paid claim of 10 hours for Ada Lovelace and 6 for Alan Turing, its school's user and a
    second support user."""
    return live_server.database.run(_paid_claim)


def _upload(page: Page, text: str) -> None:
    page.get_by_label("Upload a CSV file").set_input_files(_csv(text))
    page.get_by_role("button", name="Upload file", exact=True).click()


def test_a_paid_claim_is_audited_and_clawed_back(
    page: Page, javascript: bool, paid_claim: dict, base_url: str
) -> None:
    reference, claim_id = paid_claim["reference"], paid_claim["id"]
    sign_in(page, "support")
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="Auditing", exact=True).click()
    _heading(page, "Auditing")

    # The sample: the provider is sent a file of its claims.
    page.get_by_role("button", name="Upload the claims to audit").click()
    _heading(page, "Upload the claims to audit")
    _upload(page, f"claim_reference,sample_reason\n{reference},Random sample\n")
    _heading(page, "Check the claims to audit")
    page.get_by_role("button", name="Confirm").click()
    _heading(page, "Auditing")
    expect(page.get_by_role("alert")).to_contain_text("1 claim sent to 1 provider to audit")
    expect(page.get_by_role("table")).to_contain_text("Journey Audit Provider")

    # The provider's answer: one mentor's hours rejected. A missing row is refused first.
    page.get_by_role("button", name="Upload a provider's response").click()
    header = "claim_reference,mentor_full_name,claim_accepted,rejection_reason\n"
    _upload(page, f"{header}{reference},Ada Lovelace,no,Only 4 hours attended\n")
    expect(page).to_have_title(re.compile("^Error: "))
    _heading(page, "The selected file has errors")
    expect(page.get_by_role("table")).to_contain_text("has no row for Alan Turing")
    page.get_by_role("button", name="Upload your file again").click()
    _upload(
        page,
        f"{header}{reference},Ada Lovelace,no,Only 4 hours attended\n{reference},Alan Turing,Yes,\n",
    )
    _heading(page, "Check the provider's response")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("0 claims approved, 1 claim rejected")

    # The school is heard, and the claim moves to clawbacks.
    page.goto(f"/support/claims/{claim_id}")
    _heading(page, f"Claim {reference}")
    expect(page.get_by_role("main")).to_contain_text("Rejected by the provider: Only 4 hours")
    page.get_by_role("button", name="Reject after hearing the school").click()
    _heading(page, "Reject the claim after hearing the school")
    page.get_by_role("button", name="Reject claim").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why Ada Lovelace was rejected")
    page.get_by_label("Why Ada Lovelace’s hours are rejected").fill("The school agreed")
    page.get_by_role("button", name="Reject claim").click()
    expect(page.get_by_role("alert")).to_contain_text("The claim is now rejected by school")

    # The clawback request: 4 of Ada's 10 hours trained, so 6 × £53.70 goes back.
    page.get_by_role("button", name="Request clawback").click()
    _heading(page, "Request a clawback")
    page.get_by_label("Hours Ada Lovelace really trained").fill("4")
    page.get_by_label("Why the hours are taken back").fill("Attended 4 hours only")
    page.get_by_role("button", name="Request clawback").click()
    expect(page.get_by_role("alert")).to_contain_text("Clawback of £322.20 requested")

    # Four eyes: the requester cannot decide it.
    page.get_by_role("button", name="Approve or reject clawback").click()
    _heading(page, "Approve or reject the clawback")
    expect(page.get_by_role("main")).to_contain_text(
        "You requested this clawback, so another support user must approve or reject it"
    )
    expect(page.get_by_role("button", name="Save decision")).to_have_count(0)

    # A second support user approves it.
    page.context.clear_cookies()
    sign_in_as_user(
        page, base_url, paid_claim["approver"], f"/support/claims/{claim_id}/clawback/decision"
    )
    _heading(page, "Approve or reject the clawback")
    page.get_by_role("group", name="Ada Lovelace").get_by_label("Approve").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("The claim is ready for clawback")

    # Sent to the payer, and the payer's answer uploaded.
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="Clawbacks", exact=True).click()
    _heading(page, "Clawbacks")
    page.get_by_role("button", name="Send clawbacks to the payer").click()
    _heading(page, "Send clawbacks to the payer")
    expect(page.get_by_role("main")).to_contain_text("1 claim is ready for clawback")
    page.get_by_role("button", name="Send clawbacks").click()
    expect(page.get_by_role("alert")).to_contain_text("1 claim sent to the payer for clawback")
    page.get_by_role("button", name="Upload the payer's clawback response").click()
    _upload(page, f"claim_reference,claim_status\n{reference},clawback_complete\n")
    _heading(page, "Check the payer's clawback response")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("1 claim clawback complete")

    # The school sees it complete, with what it keeps.
    page.context.clear_cookies()
    sign_in_as_user(
        page, base_url, paid_claim["school_user"], f"/schools/{paid_claim['school']}/claims"
    )
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Clawback complete")
    expect(row).to_contain_text("£537.00")
    expect(row).to_contain_text("£859.20 claimed, £322.20 taken back")
    row.get_by_role("link", name=reference).click()
    _heading(page, re.compile(reference))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Clawback complete")
    expect(main).to_contain_text("Adjusted amount")
