"""A trust user works through three schools from the organisations page (the trust view).

Runs with JavaScript on and off (the `javascript` fixture); the `page` fixture checks every page
visited with axe. The schools are the test's own, so no persona's school is changed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.fixtures.add_claim import answer_hours, choose_provider, confirm, heading
from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_mentor, new_school, new_user

ALDER = "Trust Journey Alder School"
BIRCH = "Trust Journey Birch School"
CEDAR = "Trust Journey Cedar School"


async def _seed() -> str:
    alder = await new_school(name=ALDER)
    birch = await new_school(name=BIRCH, accepted=False)
    cedar = await new_school(name=CEDAR)
    _, key = await new_user(alder, birch, cedar, first_name="Tess", last_name="Trust")
    await new_mentor(alder, first_name="Ada", last_name="Lovelace")
    await new_mentor(birch, first_name="Ada", last_name="Hopper")
    return key


@pytest.fixture
def trust_user(live_server: LiveServer) -> str:
    return live_server.database.run(_seed)


def school_row(page: Page, name: str):
    """The trust view's row for a school."""
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def back_to_the_trust_view(page: Page) -> None:
    page.get_by_role("link", name="Change organisation").click()
    expect(heading(page)).to_have_text("Select an organisation")


def test_work_through_three_schools_from_the_trust_view(
    page: Page, base_url: str, trust_user: str, javascript: bool
) -> None:
    sign_in_as_user(page, base_url, trust_user, "/schools")
    expect(heading(page)).to_have_text("Select an organisation")
    expect(page.get_by_text(re.compile(r"^\d+ days left to submit claims"))).to_have_count(1)
    expect(school_row(page, ALDER)).to_contain_text("Not started")
    expect(school_row(page, CEDAR)).to_contain_text("Not started")

    # First school: start a claim, then leave it half done.
    page.get_by_role("link", name=f"Add claim for {ALDER}").click()
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("How many hours of training did Ada Lovelace complete?")
    back_to_the_trust_view(page)

    alder = school_row(page, ALDER)
    expect(alder).to_contain_text("Draft in progress")
    expect(page.get_by_role("row").nth(1)).to_contain_text(ALDER)
    expect(page.get_by_text(f"You have a claim in progress for {ALDER}")).to_be_visible()

    # Second school: the ones not started yet, then the first visit's grant conditions.
    page.get_by_role("checkbox", name=re.compile(r"^Not started")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/schools\?progress=not-started$"))
    expect(school_row(page, ALDER)).to_have_count(0)
    page.get_by_role("link", name=f"Add claim for {BIRCH}").click()
    expect(heading(page)).to_have_text("Grant conditions")
    page.get_by_role("button", name="Accept grant conditions").click()
    expect(heading(page)).to_have_text("Enter the accredited provider for this claim")
    back_to_the_trust_view(page)

    # Third school has no mentors yet: its link goes to adding one.
    page.get_by_role("link", name=f"Add mentor for {CEDAR}").click()
    expect(heading(page)).to_have_text("Find a mentor")
    back_to_the_trust_view(page)

    # Back to the first school's draft, offered because it is the only one, and submit it.
    page.get_by_role("link", name=f"Continue your claim for {ALDER}").click()
    answer_hours(page, "Ada Lovelace", 5, javascript)
    confirm(page)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Claim submitted")
    page.goto("/schools")

    # 5 of Ada's 16 hours claimed: the school can still claim the rest.
    alder = school_row(page, ALDER)
    expect(alder).to_contain_text("Hours left to claim")
    expect(alder).to_contain_text("£219.00")
    expect(alder.get_by_role("link", name=f"Add claim for {ALDER}")).to_be_visible()
    expect(page.get_by_text("claim in progress")).to_have_count(0)
