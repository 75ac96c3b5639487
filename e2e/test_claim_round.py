"""A whole claim round in the browser: a school submits, support pays it, audits it and claws part
of it back, and the school sees what it keeps."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import FilePayload, Page, expect

from e2e.fixtures.add_claim import PROVIDER, answer_hours, choose_provider, confirm
from e2e.fixtures.personas import sign_in, sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_mentor, new_school, new_user
from tests.fixtures.support import make_support_user

# The seeded window the service's clock is in (e2e/fixtures/server.py, SERVICE_START_TIME).
WINDOW = "5 May 2026 to 17 July 2026"


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _csv(text: str) -> FilePayload:
    # The file's bytes themselves: a sandboxed Chromium may not read the test's temporary files.
    return {"name": "file.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def _upload(page: Page, text: str) -> None:
    page.get_by_label("Upload a CSV file").set_input_files(_csv(text))
    page.get_by_role("button", name="Upload file", exact=True).click()


async def _round() -> dict:
    school = await new_school(name="Round Journey Primary School")
    _, school_user = await new_user(school, first_name="Sam", last_name="School")
    for first, last in (("Ada", "Lovelace"), ("Alan", "Turing")):
        await new_mentor(school, first_name=first, last_name=last)
    approver, _ = await make_support_user("Andy", "Approver")
    return {"school": school, "school_user": school_user, "approver": approver}


@pytest.fixture
def round_people(live_server: LiveServer) -> dict:
    """A school with mentors Ada Lovelace and Alan Turing, its user, and a second support user."""
    return live_server.database.run(_round)


def _submit_claim(page: Page, javascript: bool, school: int) -> str:
    """The school claims 10 hours for Ada and 6 for Alan; the claim's reference."""
    page.get_by_role("button", name="Add claim").click()
    choose_provider(page, javascript)
    _heading(page, f"Select mentors that trained with {PROVIDER}")
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("checkbox", name="Alan Turing").check()
    page.get_by_role("button", name="Continue").click()
    answer_hours(page, "Ada Lovelace", 10, javascript)
    answer_hours(page, "Alan Turing", 6, javascript)
    confirm(page)
    _heading(page, "Check your answers before submitting your claim")
    expect(page.get_by_role("main")).to_contain_text("£700.80")
    page.get_by_role("button", name="Accept and submit").click()
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Claim submitted")
    return re.search(r"\d{8}", panel.inner_text()).group(0)


def _pay(page: Page, reference: str) -> None:
    """Support sends the window's claims to the payer, and the payer's response marks it paid."""
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="Payments", exact=True).click()
    _heading(page, "Payments")
    page.get_by_role("button", name="Send claims to the payer").click()
    _heading(page, "Which claim window do you want to send claims for?")
    page.get_by_role("radio", name=re.compile(WINDOW)).check()
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Check the claims before you send them to the payer")
    page.get_by_role("button", name="Send claims").click()
    _heading(page, "Payments")
    expect(page.get_by_role("alert")).to_contain_text("sent to the payer")

    page.get_by_role("button", name="Upload the payer's response").click()
    _heading(page, "Upload the payer's response")
    _upload(page, f"claim_reference,claim_status,claim_unpaid_reason\n{reference},paid,\n")
    _heading(page, "Check the payer's response")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("1 claim updated")


def test_a_claim_round_from_submission_to_clawback(
    page: Page, javascript: bool, round_people: dict, base_url: str
) -> None:
    school = round_people["school"]
    sign_in_as_user(page, base_url, round_people["school_user"], f"/schools/{school}/claims")
    reference = _submit_claim(page, javascript, school)

    page.context.clear_cookies()
    sign_in(page, "support")
    _pay(page, reference)
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
    expect(page.get_by_role("table")).to_contain_text(PROVIDER)

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
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_label("Claim reference").fill(reference)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=reference, exact=True).click()
    _heading(page, f"Claim {reference}")
    claim_path = urlsplit(page.url).path
    expect(page.get_by_role("main")).to_contain_text("Rejected by the provider: Only 4 hours")
    page.get_by_role("button", name="Reject after hearing the school").click()
    _heading(page, "Reject the claim after hearing the school")
    page.get_by_role("button", name="Reject claim").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why Ada Lovelace was rejected")
    page.get_by_label("Why Ada Lovelace’s hours are rejected").fill("The school agreed")
    page.get_by_role("button", name="Reject claim").click()
    expect(page.get_by_role("alert")).to_contain_text("The claim is now rejected by school")

    # The clawback request: 4 of Ada's 10 hours trained, so 6 × £43.80 goes back.
    page.get_by_role("button", name="Request clawback").click()
    _heading(page, "Request a clawback")
    page.get_by_label("Hours Ada Lovelace really trained").fill("4")
    page.get_by_label("Why the hours are taken back").fill("Attended 4 hours only")
    page.get_by_role("button", name="Request clawback").click()
    expect(page.get_by_role("alert")).to_contain_text("Clawback of £262.80 requested")

    # Four eyes: the requester cannot decide it.
    page.get_by_role("button", name="Approve or reject clawback").click()
    _heading(page, "Approve or reject the clawback")
    expect(page.get_by_role("main")).to_contain_text(
        "You requested this clawback, so another support user must approve or reject it"
    )
    expect(page.get_by_role("button", name="Save decision")).to_have_count(0)

    # A second support user approves it.
    page.context.clear_cookies()
    sign_in_as_user(page, base_url, round_people["approver"], f"{claim_path}/clawback/decision")
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
    sign_in_as_user(page, base_url, round_people["school_user"], f"/schools/{school}/claims")
    row = page.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Clawback complete")
    expect(row).to_contain_text("£438.00")
    expect(row).to_contain_text("£700.80 claimed, £262.80 taken back")
    row.get_by_role("link", name=reference).click()
    _heading(page, re.compile(reference))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Clawback complete")
    expect(main).to_contain_text("Adjusted amount")
    expect(main).to_contain_text("£438.00")
