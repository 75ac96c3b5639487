"""Support console journeys: windows and support users; finding, opening and downloading claims."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db.tables import Claim, School
from e2e.fixtures.personas import sign_in
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_claim, new_mentor, new_school, provider_id


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_open_a_claim_window_and_add_a_support_user(page: Page) -> None:
    sign_in(page, "support")
    _heading(page, "Organisations")
    page.get_by_label("Search by name, URN or postcode").fill("TF9 3TF")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("Adderley CofE Primary School")
    expect(page.get_by_role("table")).to_contain_text("123457")

    # Open a window in the summer gap between the seeded windows.
    page.get_by_role("link", name="Settings", exact=True).click()
    _heading(page, "Settings")
    page.get_by_role("link", name="Claim windows").click()
    _heading(page, "Claim windows")
    page.get_by_role("button", name="Add claim window").click()
    _heading(page, "Add claim window")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Add claim window"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Enter the opening date")
    expect(alert).to_contain_text("Enter the closing date")
    expect(alert).to_contain_text("Select the academic year")
    _fill_date(page, "Opening date", "1", "8", "2026")
    _fill_date(page, "Closing date", "10", "8", "2026")
    page.get_by_label("2025 to 2026").check()
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Check the claim window")
    page.get_by_role("button", name="Add claim window").click()
    _heading(page, "Claim windows")
    expect(page.get_by_role("alert")).to_contain_text(
        "Claim window from 1 August 2026 to 10 August 2026 added"
    )
    row = page.get_by_role("row", name=re.compile("1 August 2026 to 10 August 2026"))
    expect(row).to_contain_text("Upcoming")

    # Removed again, so the journey leaves the windows as the other journeys expect.
    row.get_by_role("link", name=re.compile("^Remove")).click()
    _heading(page, "Are you sure you want to remove this claim window?")
    page.get_by_role("button", name="Remove claim window").click()
    expect(page.get_by_role("alert")).to_contain_text("removed")
    expect(page.get_by_role("table")).not_to_contain_text("1 August 2026 to 10 August 2026")

    # Add a support user, then remove them.
    email = f"casey.{uuid.uuid4().hex[:8]}@education.gov.uk"
    page.get_by_role("link", name="Support users", exact=True).click()
    _heading(page, "Support users")
    page.get_by_role("button", name="Add support user").click()
    _heading(page, "Add support user")
    page.get_by_label("First name").fill("Casey")
    page.get_by_label("Last name").fill("Console")
    page.get_by_label("Email address").fill("casey@example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("ending in @education.gov.uk")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Confirm support user details")
    page.get_by_role("button", name="Add support user").click()
    _heading(page, "Support users")
    expect(page.get_by_role("alert")).to_contain_text("Casey Console has been added")
    expect(page.get_by_role("table")).to_contain_text(email)
    page.get_by_role("link", name="Remove Casey Console").click()
    _heading(page, "Are you sure you want to remove Casey Console?")
    page.get_by_role("button", name="Remove support user").click()
    expect(page.get_by_role("alert")).to_contain_text("Casey Console has been removed")
    expect(page.get_by_role("table")).not_to_contain_text(email)

    # Every action is in the activity log, newest first.
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Activity log").click()
    _heading(page, "Activity log")
    first = page.get_by_role("row").nth(1)
    expect(first).to_contain_text(f"Support user Casey Console ({email}) removed")
    expect(first).to_contain_text("Sam Support")


async def _claims() -> dict:
    school = await new_school(name="Console Search Academy")
    mentor = await new_mentor(school, first_name="Ada", last_name="Lovelace")
    provider = await provider_id()
    made = {}
    for status in ("paid", "submitted"):
        made[status] = await new_claim(
            school,
            [(mentor, 5, "initial")],
            provider=provider,
            status=status,
            submitted_at=datetime(2026, 6, 2, 10, 30, tzinfo=UTC),
            hourly_rate_pence=5370,
            amount_pence=26850,
        )
    rows = await Claim.select(Claim.id, Claim.reference).where(Claim.school == school)
    references = {row["id"]: row["reference"] for row in rows}
    urn = (await School.select(School.urn).where(School.id == school).first())["urn"]
    return {"urn": urn, **{status: references[made[status]] for status in made}}


@pytest.fixture
def claims(live_server: LiveServer) -> dict:
    """A school of the test's own with a paid and a submitted claim."""
    return live_server.database.run(_claims)


def test_find_a_claim_open_it_go_back_and_download_the_csv(page: Page, claims: dict) -> None:
    sign_in(page, "support")
    page.get_by_role("link", name="Claims", exact=True).click()
    _heading(page, "Claims")
    page.get_by_label("School", exact=True).fill(claims["urn"])
    page.get_by_label("Status", exact=True).select_option("paid")
    page.get_by_role("button", name="Apply filters").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text(claims["paid"])
    expect(table).not_to_contain_text(claims["submitted"])
    expect(page.get_by_role("link", name="Remove filter Status: Paid")).to_be_visible()

    page.get_by_role("link", name=claims["paid"]).click()
    _heading(page, f"Claim {claims['paid']}")
    expect(page.get_by_text("Console Search Academy").first).to_be_visible()
    page.get_by_role("link", name="Back", exact=True).click()
    _heading(page, "Claims")
    expect(page.get_by_label("Status", exact=True)).to_have_value("paid")
    expect(page.get_by_role("table")).not_to_contain_text(claims["submitted"])

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download CSV")).click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("claim_reference,school_urn,school_name")
    assert [line.split(",")[0] for line in lines[1:]] == [claims["paid"]]

    page.get_by_role("link", name="Remove filter Status: Paid").click()
    expect(page.get_by_role("table")).to_contain_text(claims["submitted"])
