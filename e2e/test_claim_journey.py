"""Adding a claim in a real browser, with JavaScript on and off: every question, changes, submit."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from db.tables import Membership, Provider, SchoolMentor
from e2e.fixtures.add_claim import (
    PROVIDER,
    answer_hours,
    choose_provider,
    confirm,
    heading,
    summary,
)
from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_mentor, new_school, new_user, stored_claim


async def _seed(kind: str) -> dict:
    provider = (await Provider.objects().get(Provider.code == "B20")).id
    school = await new_school(name="Journey Primary School")
    user, key = await new_user(school, first_name="Casey", last_name="Tester")
    mentors = {
        name: await new_mentor(school, first_name="Ada", last_name=name)
        for name in ("Lovelace", "Hopper", "Turing")
    }
    found = {"school": school, "user": key, "mentors": mentors}
    if kind == "refresher":
        # Trained with the provider last year, at another school.
        await stored_claim(await new_school(), provider, 2024, [(mentors["Turing"], 16)])
    if kind == "trust":
        other = await new_school(name="Second Trust School")
        now = datetime.now(UTC)
        await Membership(user=user, school=other, created_at=now).save()
        await SchoolMentor(school=other, mentor=mentors["Lovelace"], created_at=now).save()
        found["other_school"] = other
    return found


def seed(live_server: LiveServer, kind: str = "plain") -> dict:
    """A school of the test's own with three mentors called Ada; its ids and its user's key."""
    # Written to the live server's database, so no persona's school is changed.
    return live_server.database.run(_seed, kind)


@pytest.fixture
def school(live_server: LiveServer) -> dict:
    return seed(live_server)


def assert_summary_keys_fit_on_one_line(page: Page) -> None:
    """No label of "Your claim so far" is broken across lines in its narrow column."""
    lines = page.locator("#claim-summary .govuk-summary-list__key").evaluate_all(
        """keys => keys.map(key => {
          const text = document.createRange();
          text.selectNodeContents(key);
          return [key.textContent.trim(), text.getClientRects().length];
        })"""
    )
    assert lines and all(count == 1 for _, count in lines), lines


def row(page: Page, key: str):
    """A row of check your answers."""
    return (
        page.get_by_role("main")
        .locator(".govuk-summary-list__row")
        .filter(
            has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{key}\s*$"))
        )
    )


def test_add_a_claim(page: Page, base_url: str, school: dict, javascript: bool) -> None:
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims")
    expect(heading(page)).to_have_text("Claims")
    page.get_by_role("button", name="Add claim").click()
    choose_provider(page, javascript)

    expect(heading(page)).to_have_text(f"Select mentors that trained with {PROVIDER}")
    expect(page.get_by_role("link", name="Back", exact=True)).to_have_attribute(
        "href", re.compile(r"/provider$")
    )
    page.get_by_text("My mentor is not listed").click()
    expect(page.get_by_role("link", name="add a mentor")).to_be_visible()
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("checkbox", name="Ada Turing").check()
    if javascript:
        expect(summary(page)).to_contain_text("Ada Turing: Not answered yet")
    assert_summary_keys_fit_on_one_line(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Up to 16 hours of initial training")).to_be_visible()
    expect(
        page.get_by_text("You cannot claim for early career teacher (ECT) mentors")
    ).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select the number of hours").first).to_be_visible()
    assert page.title().startswith("Error: ")
    answer_hours(page, "Ada Lovelace", None, javascript)
    answer_hours(page, "Ada Turing", 5, javascript)
    confirm(page)

    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
    expect(row(page, "Accredited provider")).to_contain_text(PROVIDER)
    expect(row(page, "Ada Lovelace")).to_contain_text("16 hours")
    expect(row(page, "Ada Turing")).to_contain_text("5 hours")
    expect(row(page, "Total hours").first).to_contain_text("21 hours")
    expect(row(page, "Claim amount")).to_contain_text("£919.80")
    expect(page.get_by_text("You cannot change this claim after you submit it.")).to_be_visible()
    page.get_by_role("button", name="Accept and submit").click()

    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Claim submitted")
    reference = re.search(r"\d{8}", panel.inner_text()).group(0)
    expect(page.get_by_text("We will send a confirmation email to")).to_be_visible()
    page.get_by_role("link", name="Return to your claims").click()
    claim_row = page.get_by_role("row").filter(has_text=reference)
    expect(claim_row).to_contain_text("Submitted")
    expect(claim_row).to_contain_text("£919.80")


def test_change_answers_from_check_your_answers(
    page: Page, base_url: str, school: dict, javascript: bool
) -> None:
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims/new")
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("checkbox", name="Ada Turing").check()
    page.get_by_role("button", name="Continue").click()
    answer_hours(page, "Ada Lovelace", 10, javascript)
    answer_hours(page, "Ada Turing", 4, javascript)
    confirm(page)

    # Changed hours come straight back to check your answers, which asks the confirmation.
    page.get_by_role("link", name="Change hours for Ada Lovelace").click()
    expect(page.get_by_role("link", name="Back", exact=True)).to_have_attribute(
        "href", re.compile(r"/check-answers$")
    )
    answer_hours(page, "Ada Lovelace", 12, javascript)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
    expect(row(page, "Ada Lovelace")).to_contain_text("12 hours")
    expect(
        page.get_by_role("group", name=f"Have you confirmed these hours with {PROVIDER}?")
    ).to_be_visible()
    page.get_by_role("radio", name="Yes").check()

    # A mentor added here is asked about first; one removed takes their hours away.
    page.get_by_role("link", name="Change mentors").click()
    page.get_by_role("checkbox", name="Ada Hopper").check()
    page.get_by_role("checkbox", name="Ada Turing").uncheck()
    page.get_by_role("button", name="Continue").click()
    answer_hours(page, "Ada Hopper", 3, javascript)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")
    expect(row(page, "Ada Hopper")).to_contain_text("3 hours")
    expect(row(page, "Ada Turing")).to_have_count(0)
    expect(row(page, "Total hours").first).to_contain_text("15 hours")

    # Back to check your answers after changing the provider to the same one.
    page.get_by_role("link", name="Change accredited provider").click()
    choose_provider(page, javascript)
    expect(heading(page)).to_have_text("Check your answers before submitting your claim")


def test_a_refresher_mentor_claim(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
) -> None:
    school = seed(live_server, "refresher")
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims/new")
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Turing").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Up to 6 hours of refresher training")).to_be_visible()
    page.get_by_role("radio", name="Another amount").check()
    page.get_by_role("textbox", name="Enter a whole number up to 6").fill("7")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Number of hours must be between 1 and 6")).to_be_visible()
    answer_hours(page, "Ada Turing", None, javascript)
    confirm(page)
    expect(row(page, "Ada Turing")).to_contain_text("6 hours")
    expect(row(page, "Claim amount")).to_contain_text("£262.80")
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Claim submitted")


def test_two_schools_of_a_trust_share_a_mentors_allowance(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
) -> None:
    school = seed(live_server, "trust")
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims/new")
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("button", name="Continue").click()
    answer_hours(page, "Ada Lovelace", 10, javascript)
    confirm(page)
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Claim submitted")

    page.get_by_role("link", name="Change organisation").click()
    page.get_by_role("link", name="Second Trust School", exact=True).click()
    page.goto(f"/schools/{school['other_school']}/claims/new")
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("10 hours already claimed, 6 hours left.")).to_be_visible()
    expect(page.get_by_role("radio", name="6 hours")).to_be_visible()
    answer_hours(page, "Ada Lovelace", None, javascript)
    confirm(page)
    expect(row(page, "Ada Lovelace")).to_contain_text("6 hours")
    expect(row(page, "Organisation")).to_contain_text("Second Trust School")


def test_resume_a_claim_after_signing_out_and_in(
    page: Page, base_url: str, school: dict, javascript: bool
) -> None:
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims/new")
    choose_provider(page, javascript)
    page.get_by_role("checkbox", name="Ada Hopper").check()
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("button", name="Continue").click()
    answer_hours(page, "Ada Hopper", 8, javascript)
    expect(heading(page)).to_have_text("How many hours of training did Ada Lovelace complete?")

    page.get_by_role("button", name="Sign out").click()
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims")
    expect(heading(page)).to_have_text("Claims")
    draft = page.get_by_role("row").filter(has_text="Draft")
    expect(draft).to_contain_text(PROVIDER)
    draft.get_by_role("link", name=re.compile("^Continue")).click()

    expect(heading(page)).to_have_text("How many hours of training did Ada Lovelace complete?")
    expect(summary(page)).to_contain_text("Ada Hopper: 8 hours")
    answer_hours(page, "Ada Lovelace", None, javascript)
    confirm(page)
    expect(row(page, "Total hours").first).to_contain_text("24 hours")
