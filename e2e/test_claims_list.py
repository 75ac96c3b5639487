"""The claims list in the open window, a claim's page, and removing a draft, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer

# Rows for one school of the test's own, written to the live server's database by a separate
# process (this one's Piccolo engine is not the server's), so no persona school is changed.
SEED = """
import asyncio, json
from datetime import datetime, timezone

from tests.fixtures.claims import _make_claim, _make_mentor
from tests.fixtures.factories import _make_school, _make_user

async def main():
    school = await _make_school(
        name="Claims Journey Primary", region="Rest of England", accepted=True,
        eligible_years=(2024, 2025),
    )
    user = await _make_user([school], "Casey", "Claimer")
    ada = await _make_mentor([school], "Ada", "Lovelace")
    bob = await _make_mentor([school], "Bob", "Brown")
    at = datetime(2026, 6, 2, 10, 30, tzinfo=timezone.utc)
    common = dict(school_id=school, provider=None, no_provider=False, created_at=at)
    draft = await _make_claim(
        status="draft", year=2025, lines=[(ada, 10, None), (bob, None, None)],
        submitted_by=None, submitted_at=None, hourly_rate_pence=None, amount_pence=None,
        **common,
    )
    submitted = await _make_claim(
        status="submitted", year=2025, lines=[(ada, 6, "initial")], submitted_by=user,
        submitted_at=at, hourly_rate_pence=4380, amount_pence=26280, **common,
    )
    last_year = await _make_claim(
        status="paid", year=2024, lines=[(bob, 16, "initial")], submitted_by=user,
        submitted_at=datetime(2025, 6, 2, 9, 0, tzinfo=timezone.utc), hourly_rate_pence=4380,
        amount_pence=70080, **common,
    )
    from db.tables import Claim
    references = {
        row["id"]: row["reference"]
        for row in await Claim.select(Claim.id, Claim.reference).where(Claim.school == school)
    }
    print(json.dumps({
        "school": school, "user": user,
        "draft": [draft, references[draft]],
        "submitted": [submitted, references[submitted]],
        "last_year": [last_year, references[last_year]],
    }))

asyncio.run(main())
"""


@pytest.fixture
def school(live_server: LiveServer) -> dict:
    """A school with a draft and a submitted claim this year and a paid one last year."""
    return live_server.seed(SEED)


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
