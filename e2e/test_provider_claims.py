"""A provider user reads the claims that name their provider: filter, open, back, download."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from db.tables import Claim
from e2e.fixtures.personas import sign_in
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_claim, new_mentor, new_provider, new_school

# Seeded claims with Bath Spa University (db/seed.py seed_claim_situations).
FILTERED_SCHOOL = "Alder Brook"
OTHER_SCHOOLS = ("All Hallows Catholic High School", "Blacko Primary School")


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


async def _another_providers_claim() -> dict[str, int]:
    provider = await new_provider("Elsewhere Partnership")
    school = await new_school(name="Elsewhere Primary School")
    mentor = await new_mentor(school)
    claim = await new_claim(
        school,
        [(mentor, 6, "initial")],
        provider=provider,
        submitted_at=datetime(2026, 6, 2, 10, 30, tzinfo=UTC),
        amount_pence=26280,
    )
    return {"provider": provider, "claim": claim}


@pytest.fixture
def elsewhere(live_server: LiveServer) -> dict[str, int]:
    """A claim naming a provider the persona does not work for, and that provider."""
    return live_server.database.run(_another_providers_claim)


async def _reference_of_the_claim_at(school_name: str) -> str:
    from db.tables import School

    school = await School.select(School.id).where(School.name == school_name).first()
    row = await Claim.select(Claim.reference).where(Claim.school == school["id"]).first()
    return row["reference"]


def test_filter_open_a_claim_go_back_and_download_the_csv(
    page: Page, live_server: LiveServer, elsewhere: dict[str, int]
) -> None:
    reference = live_server.database.run(_reference_of_the_claim_at, FILTERED_SCHOOL)
    sign_in(page, "provider")
    _heading(page, "Claims")
    expect(page.get_by_text("Bath Spa University").first).to_be_visible()
    table = page.get_by_role("table")
    for school in (FILTERED_SCHOOL, *OTHER_SCHOOLS):
        expect(table).to_contain_text(school)
    claims_url = page.url

    page.get_by_label("School", exact=True).select_option(label=FILTERED_SCHOOL)
    page.get_by_role("button", name="Apply filters").click()
    expect(
        page.get_by_role("link", name=f"Remove filter School: {FILTERED_SCHOOL}")
    ).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text(reference)
    for school in OTHER_SCHOOLS:
        expect(table).not_to_contain_text(school)

    page.get_by_role("link", name=reference).click()
    _heading(page, f"Claim {reference}")
    main = page.get_by_role("main")
    expect(main).to_contain_text(FILTERED_SCHOOL)
    expect(main).to_contain_text("Submitted")
    expect(main).to_contain_text("Total hours")
    expect(main.get_by_role("button")).to_have_count(0)

    page.get_by_role("link", name="Back", exact=True).click()
    _heading(page, "Claims")
    expect(page.get_by_label("School", exact=True)).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_role("table")).not_to_contain_text(OTHER_SCHOOLS[0])

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download CSV")).click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0].startswith("claim_reference,school_urn,school_name,academic_year")
    assert [line.split(",")[0] for line in lines[1:]] == [reference]

    # Another provider's claim is a page not found, at this provider's address or its own.
    own = claims_url.split("?")[0]
    for url in (f"{own}/{elsewhere['claim']}", f"/providers/{elsewhere['provider']}/claims"):
        page.goto(url)
        _heading(page, "Page not found")
        expect(page.get_by_role("main")).not_to_contain_text("Elsewhere")
