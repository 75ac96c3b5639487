"""Users journey: add a colleague, they see the school, remove them, and read both emails."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from e2e.fixtures.personas import known_persona, sign_in

# The worker in the live server polls every couple of seconds; allow for a slow machine.
DELIVERY_SECONDS = 30


def _go_to_users(page: Page) -> None:
    page.get_by_role("link", name="Users", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")


def _open_mailbox_for(page: Page, address: str) -> None:
    page.goto("/mailbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("Local mailbox")
    page.get_by_label("Show emails sent to").fill(address)
    page.get_by_role("button", name="Show emails").click()
    expect(page.get_by_label("Show emails sent to")).to_have_value(address)


def _has_emails(page: Page) -> bool:
    return page.get_by_role("table").count() > 0


def _email_count(page: Page) -> int:
    return page.locator("tbody tr").count() if _has_emails(page) else 0


def _wait_for_emails(page: Page, address: str, count: int) -> None:
    """Reload the mailbox until the worker has delivered `count` emails to the address."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    _open_mailbox_for(page, address)
    while _email_count(page) < count:
        assert time.monotonic() < deadline, f"{count} emails to {address} were never delivered"
        time.sleep(0.5)
        page.reload()


def test_add_a_colleague_who_sees_the_school_then_remove_them(page: Page) -> None:
    adder = known_persona("single-school")
    # Robin was removed from their school: adding them gives them access again, and removing
    # them at the end leaves the persona as the other journeys expect.
    colleague = known_persona("no-access")

    _open_mailbox_for(page, colleague.email)
    emails_before = _email_count(page)

    sign_in(page, adder.key)
    school = page.locator("p.govuk-caption-m").first.inner_text().strip()
    _go_to_users(page)
    expect(page.get_by_role("table")).to_contain_text(adder.email)
    expect(page.get_by_role("link", name=f"Remove {adder.first_name}")).to_have_count(0)

    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add user")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Add user"))
    expect(page.get_by_role("alert")).to_contain_text("Enter a first name")
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address")

    page.get_by_label("First name").fill(colleague.first_name)
    page.get_by_label("Last name").fill(colleague.last_name)
    page.get_by_label("Email address").fill(colleague.email.upper())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm user details")
    expect(page.get_by_text(colleague.email, exact=True)).to_be_visible()
    expect(page.get_by_text(f"will be able to view and create claims for {school}")).to_be_visible()
    page.get_by_role("button", name="Add user").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    expect(page.get_by_role("alert")).to_contain_text(
        f"{colleague.first_name} {colleague.last_name} has been added"
    )
    expect(page.get_by_role("table")).to_contain_text(colleague.email)

    # The colleague signs in and now has the school.
    sign_in(page, colleague.key)
    expect(page.get_by_text(school).first).to_be_visible()
    _go_to_users(page)
    expect(page.get_by_role("table")).to_contain_text(
        f"{colleague.first_name} {colleague.last_name} (you)"
    )

    # The adder removes them again.
    sign_in(page, adder.key)
    _go_to_users(page)
    page.get_by_role("link", name=f"Remove {colleague.first_name} {colleague.last_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Are you sure you want to remove {colleague.first_name} {colleague.last_name}?"
    )
    page.get_by_role("button", name="Remove user").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"{colleague.first_name} {colleague.last_name} has been removed"
    )
    expect(page.get_by_role("table")).not_to_contain_text(colleague.email)

    sign_in(page, colleague.key)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have access to this service"
    )

    # Both emails reached the local mailbox, newest first.
    _wait_for_emails(page, colleague.email, emails_before + 2)
    page.get_by_role("link", name=f"You have been added to {school}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"You have been added to {school}")
    expect(page.get_by_text(f"Dear {colleague.first_name},")).to_be_visible()
    expect(
        page.get_by_text(f"{adder.first_name} {adder.last_name} has added you to {school}")
    ).to_be_visible()
    page.get_by_role("link", name="Back", exact=True).click()
    page.get_by_role("link", name=f"You have been removed from {school}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"You have been removed from {school}"
    )
    expect(
        page.get_by_text(f"You can no longer view or create claims for {school}.")
    ).to_be_visible()
