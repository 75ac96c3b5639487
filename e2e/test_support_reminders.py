"""Support console: preview and send a reminder (read in the local mailbox), move every claim
back to submitted, and reset the service to a scenario."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from e2e.fixtures.personas import known_persona, sign_in

DEADLINE = "11:59pm on Friday 17 July 2026"
SUBJECT = f"Claim funding for mentor training by {DEADLINE}"
# The worker in the live server polls every couple of seconds; allow for a slow machine.
DELIVERY_SECONDS = 30


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _settings(page: Page) -> None:
    page.get_by_role("link", name="Settings", exact=True).click()
    _heading(page, "Settings")


def _wait_for_email(page: Page, address: str, subject: str) -> None:
    """Reload the mailbox until the worker has delivered the email to the address."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    page.goto("/mailbox")
    page.get_by_label("Show emails sent to").fill(address)
    page.get_by_role("button", name="Show emails").click()
    link = page.get_by_role("link", name=subject)
    while link.count() == 0:
        assert time.monotonic() < deadline, f"{subject!r} never reached {address}"
        time.sleep(0.5)
        page.reload()
    link.first.click()
    _heading(page, subject)


def test_preview_and_send_a_reminder_that_reaches_the_mailbox(page: Page) -> None:
    # Adderley, the single-school persona's school, has no claims this academic year.
    school_user = known_persona("single-school")
    sign_in(page, "support")
    _settings(page)
    page.get_by_role("link", name="Schools with no claims").click()
    _heading(page, "Schools with no claims")
    main = page.get_by_role("main")
    expect(main).to_contain_text(re.compile(rf"Deadline it quotes\s+{DEADLINE}"))
    expect(main).to_contain_text(re.compile(r"Last sent\s+Never"))
    expect(main).to_contain_text(f"Subject: {SUBJECT}")
    emails = int(re.search(r"Emails to send\s+(\d+)", main.inner_text())[1])
    assert emails >= 1

    page.get_by_role("button", name="Send reminders").click()
    _heading(page, f"Are you sure you want to send {emails} emails?")
    page.get_by_role("button", name="Send reminders").click()
    _heading(page, "Schools with no claims")
    expect(page.get_by_role("alert")).to_contain_text(f"{emails} reminder emails queued")
    expect(main).to_contain_text("Schools with no claims reminder sent")

    _wait_for_email(page, school_user.email, SUBJECT)
    expect(page.get_by_text(f"Dear {school_user.first_name},")).to_be_visible()
    expect(page.get_by_text("Adderley CofE Primary School")).to_be_visible()


def test_move_every_claim_back_to_submitted(page: Page) -> None:
    sign_in(page, "support")
    _settings(page)
    page.get_by_role("link", name="Move every claim back to submitted").click()
    # The seeded refresher's claim from last year was paid.
    _heading(page, "Are you sure you want to move every claim back to submitted?")
    page.get_by_role("button", name="Move 1 claim back to submitted").click()
    _heading(page, "Settings")
    expect(page.get_by_role("alert")).to_contain_text("1 claim moved back to submitted")
    page.get_by_role("link", name="Move every claim back to submitted").click()
    _heading(page, "There are no claims to move back to submitted")
    page.get_by_role("link", name="Back to settings").click()
    page.get_by_role("link", name="Activity log").click()
    expect(page.get_by_role("main")).to_contain_text("1 claim moved back to submitted")


def test_reset_to_a_payments_rehearsal_keeps_the_support_user_signed_in(page: Page) -> None:
    sign_in(page, "support")
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="Payments", exact=True).click()
    waiting = page.get_by_role("main").inner_text()
    before = int(re.search(r"Waiting to be sent to the payer\s+(\d+)", waiting)[1])

    _settings(page)
    page.get_by_role("link", name="Reset the service's data to a scenario").click()
    _heading(page, "Which scenario do you want to reset the service's data to?")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the scenario to reset")
    page.get_by_label("A payments rehearsal").check()
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Are you sure you want to reset the service's data?")
    page.get_by_role("button", name="Reset the service's data").click()
    _heading(page, "Settings")
    expect(page.get_by_role("alert")).to_contain_text(
        "The service's data has been reset to “A payments rehearsal”"
    )

    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("link", name="Payments", exact=True).click()
    _heading(page, "Payments")
    shown = page.get_by_role("main").inner_text()
    # The seeded claims submitted this year, and the rehearsal's.
    assert int(re.search(r"Waiting to be sent to the payer\s+(\d+)", shown)[1]) == before + 10
