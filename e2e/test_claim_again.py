"""Claiming again in a real browser, with JavaScript on and off: from last year's claim, then the
hours left on this year's, then picking the draft up from the claims list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from db.personas import REFRESHER_URN
from db.tables import Claim, ClaimMentor, School
from e2e.fixtures.add_claim import PROVIDER, answer_hours, confirm, heading
from e2e.fixtures.personas import sign_in
from e2e.fixtures.server import LiveServer


async def _last_years_claim() -> dict:
    """The refresher persona's school, its claim of last year and that claim's mentor."""
    school = await School.objects().get(School.urn == REFRESHER_URN)
    claim = await Claim.objects().get(Claim.school == school.id)
    line = (
        await ClaimMentor.select(
            ClaimMentor.mentor.first_name.as_alias("first_name"),
            ClaimMentor.mentor.last_name.as_alias("last_name"),
        )
        .where(ClaimMentor.claim == claim.id)
        .first()
    )
    return {
        "school": school.id,
        "reference": claim.reference,
        "mentor": f"{line['first_name']} {line['last_name']}",
    }


def test_claim_again_from_last_years_claim(
    page: Page, live_server: LiveServer, javascript: bool
) -> None:
    found = live_server.database.run(_last_years_claim)
    mentor, reference = found["mentor"], found["reference"]
    sign_in(page, "refresher")
    expect(heading(page)).to_have_text("Claims")

    # Last year's claim, from its year's tab.
    last_year = page.get_by_role("tab" if javascript else "link", name="2024 to 2025")
    last_year.click()
    page.locator("#claims-2024-to-2025").get_by_role("link", name=reference, exact=True).click()
    expect(heading(page)).to_have_text(f"Claim {reference}")
    page.get_by_role("button", name="Start a new claim for these mentors").click()

    # Only the hours are asked: this year, a refresher with the same provider.
    expect(heading(page)).to_have_text(f"How many hours of training did {mentor} complete?")
    expect(page.get_by_text("Up to 6 hours of refresher training")).to_be_visible()
    expect(page.get_by_role("region", name="Your claim so far")).to_contain_text(PROVIDER)
    answer_hours(page, mentor, 4, javascript)
    confirm(page)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Claim submitted")
    new_reference = page.locator(".govuk-panel__body strong").inner_text().strip()

    # This year's claim has hours left: the claims list offers them.
    page.goto(f"/schools/{found['school']}/claims")
    offer = page.locator(".govuk-inset-text").filter(has_text=new_reference)
    expect(offer).to_contain_text(
        f"Mentors on claim {new_reference} still have hours left with {PROVIDER}"
    )
    expect(offer).to_contain_text(f"{mentor}: 2 hours left")
    offer.get_by_role("button", name=f"Claim the hours left on claim {new_reference}").click()
    expect(heading(page)).to_have_text(f"How many hours of training did {mentor} complete?")
    expect(page.get_by_role("radio", name="2 hours")).to_be_visible()

    # Left for later, then picked up from the claims list: offered, not forced.
    page.get_by_role("link", name="Cancel").click()
    expect(heading(page)).to_have_text("Claims")
    banner = page.get_by_role("region", name="Pick up where you left off")
    expect(banner).to_contain_text("You have a claim in progress")
    continue_link = banner.get_by_role("link", name=re.compile(r"^Continue claim \d{8}$"))
    continue_link.click()
    expect(heading(page)).to_have_text(f"How many hours of training did {mentor} complete?")
    answer_hours(page, mentor, None, javascript)
    confirm(page)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
