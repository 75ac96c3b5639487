"""The claims list in the open window, a claim's page, and removing a draft, in a real browser."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from db.tables import Claim
from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

AT = datetime(2026, 6, 2, 10, 30, tzinfo=UTC)


async def _seed() -> dict:
    school = await new_school(
        name="Claims Journey Primary", region="Rest of England", eligible_years=(2024, 2025)
    )
    user, key = await new_user(school, first_name="Casey", last_name="Claimer")
    ada = await new_mentor(school, first_name="Ada", last_name="Lovelace")
    bob = await new_mentor(school, first_name="Bob", last_name="Brown")
    provider = await provider_id()
    draft = await new_claim(
        school, [(ada, 10), (bob, None)], provider=provider, status="draft", created_at=AT
    )
    submitted = await new_claim(
        school,
        [(ada, 6, "initial")],
        provider=provider,
        created_at=AT,
        submitted_by=user,
        hourly_rate_pence=4380,
        amount_pence=26280,
    )
    last_year = await new_claim(
        school,
        [(bob, 16, "initial")],
        provider=provider,
        year=2024,
        status="paid",
        created_at=AT,
        submitted_by=user,
        submitted_at=datetime(2025, 6, 2, 9, 0, tzinfo=UTC),
        hourly_rate_pence=4380,
        amount_pence=70080,
    )
    references = {
        row["id"]: row["reference"]
        for row in await Claim.select(Claim.id, Claim.reference).where(Claim.school == school)
    }
    return {
        "school": school,
        "user": key,
        "draft": [draft, references[draft]],
        "submitted": [submitted, references[submitted]],
        "last_year": [last_year, references[last_year]],
    }


@pytest.fixture
def school(live_server: LiveServer) -> dict:
    """A school with a draft and a submitted claim this year and a paid one last year."""
    # Rows of the test's own in the live server's database, so no persona school is changed.
    return live_server.database.run(_seed)


def test_claims_list_in_the_open_window(
    page: Page, base_url: str, school: dict, javascript: bool
) -> None:
    sign_in_as_user(page, base_url, school["user"])

    expect(page).to_have_url(re.compile(rf"/schools/{school['school']}/claims$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Claims")
    expect(
        page.get_by_text(
            "You have until 11:59pm on Friday 17 July 2026 to submit claims for the academic "
            "year September 2025 to July 2026."
        )
    ).to_be_visible()
    add_claim = page.get_by_role("button", name="Add claim")
    expect(add_claim).to_have_attribute("href", f"/schools/{school['school']}/claims/new")
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link").first).to_have_text("Claims")

    this_year = page.locator("#claims-2025-to-2026")
    last_year = page.locator("#claims-2024-to-2025")
    draft_reference, submitted_reference = school["draft"][1], school["submitted"][1]
    expect(this_year.get_by_role("link", name=draft_reference, exact=True)).to_be_visible()
    draft_row = this_year.get_by_role("row").filter(has_text=draft_reference)
    expect(draft_row).to_contain_text("Ada Lovelace")
    expect(draft_row).to_contain_text("£438.00")
    expect(draft_row).to_contain_text("Draft")
    expect(draft_row.get_by_role("link", name=f"Continue claim {draft_reference}")).to_be_visible()
    submitted_row = this_year.get_by_role("row").filter(has_text=submitted_reference)
    expect(submitted_row).to_contain_text("£262.80")
    expect(submitted_row).to_contain_text("2 June 2026")
    expect(submitted_row).to_contain_text("Submitted")

    last_year_tab = page.get_by_role("tab" if javascript else "link", name="2024 to 2025")
    if javascript:
        # GOV.UK tabs: one year at a time.
        expect(last_year).to_be_hidden()
        last_year_tab.click()
        expect(last_year).to_be_visible()
        expect(this_year).to_be_hidden()
        expect(page).to_have_url(re.compile("#claims-2024-to-2025$"))
    else:
        # Without JavaScript the tabs are a contents list and every year is on the page.
        expect(last_year).to_be_visible()
        last_year_tab.click()
    expect(last_year.get_by_role("row").filter(has_text=school["last_year"][1])).to_contain_text(
        "Paid"
    )

    if javascript:
        page.get_by_role("tab", name="2025 to 2026").click()
    this_year.get_by_role("link", name=submitted_reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Claim {submitted_reference}")
    expect(
        page.get_by_text("Submitted by Casey Claimer on 2 June 2026 at 11:30am.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Remove claim")).to_have_count(0)


def test_remove_a_draft_from_the_claims_list(
    page: Page, base_url: str, school: dict, javascript: bool
) -> None:
    sign_in_as_user(page, base_url, school["user"])
    claim_id, reference = school["draft"]

    page.get_by_role("link", name=f"Remove claim {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove this claim?"
    )
    expect(page.get_by_text(f"Claim {reference}")).to_be_visible()
    page.get_by_role("button", name="Remove claim").click()

    expect(page).to_have_url(re.compile(rf"/schools/{school['school']}/claims$"))
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(f"Claim {reference} removed")
    expect(page.get_by_role("link", name=reference, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=school["submitted"][1], exact=True)).to_be_visible()

    page.goto(f"/schools/{school['school']}/claims/{claim_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_cancel_keeps_the_draft_and_the_claim_page_offers_removal(
    page: Page, base_url: str, school: dict
) -> None:
    sign_in_as_user(page, base_url, school["user"])
    reference = school["draft"][1]

    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Claim {reference}")
    expect(page.get_by_text("This claim has not been submitted yet.")).to_be_visible()
    page.get_by_role("button", name="Remove claim").click()
    # Wait for the question page before cancelling: a click on a page still loading can be lost.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove this claim?"
    )
    page.get_by_role("link", name="Cancel").click()

    expect(page).to_have_url(re.compile(rf"/schools/{school['school']}/claims$"))
    expect(page.get_by_role("link", name=reference, exact=True)).to_be_visible()

    page.get_by_role("link", name=reference, exact=True).click()
    page.get_by_role("button", name="Remove claim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Are you sure you want to remove this claim?"
    )
    page.get_by_role("button", name="Remove claim").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Claim {reference} removed")
    expect(page.get_by_role("link", name=reference, exact=True)).to_have_count(0)
