"""Why a mentor is not listed, in a real browser with JavaScript on and off: each mentor's hours
on the mentors list, then the mentors question naming who used them (never another school)."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from db.tables import Claim, Provider
from e2e.fixtures.add_claim import PROVIDER, choose_provider, heading
from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_mentor, new_school, new_user, stored_claim


async def _seed() -> dict:
    provider = (await Provider.objects().get(Provider.code == "B20")).id
    school = await new_school(name="Not Listed Primary School")
    _, key = await new_user(school, first_name="Casey", last_name="Tester")
    mentors = {
        name: await new_mentor(school, first_name="Ada", last_name=name)
        for name in ("Lovelace", "Hopper", "Turing")
    }
    # Hopper's hours used on this school's claim; Turing's by a school the user cannot see.
    ours = await stored_claim(school, provider, 2025, [(mentors["Hopper"], 16)])
    hidden = await new_school(name=f"Hidden Academy {uuid.uuid4().hex[:8]}")
    theirs = await stored_claim(hidden, provider, 2025, [(mentors["Turing"], 16)])
    references = {
        row["id"]: row["reference"]
        for row in await Claim.select(Claim.id, Claim.reference).where(
            Claim.id.is_in([ours, theirs])
        )
    }
    return {
        "school": school,
        "user": key,
        "ours": references[ours],
        "theirs": references[theirs],
    }


def test_a_mentor_not_listed_is_explained_by_name(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
) -> None:
    seeded = live_server.database.run(_seed)
    sign_in_as_user(page, base_url, seeded["user"], f"/schools/{seeded['school']}/mentors")

    expect(heading(page)).to_have_text("Mentors")
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Hours claimed in 2025 to 2026")).to_be_visible()
    hopper = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ada Hopper"))
    expect(hopper.get_by_role("listitem")).to_have_text(
        f"{PROVIDER}: 16 hours used, 0 hours left of 16 hours of initial training"
    )
    lovelace = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Ada Lovelace")
    )
    expect(lovelace).to_contain_text("No claims")

    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("button", name="Add claim").click()
    choose_provider(page, javascript)

    expect(heading(page)).to_have_text(f"Select mentors that trained with {PROVIDER}")
    expect(page.get_by_role("checkbox")).to_have_count(1)
    page.get_by_text("My mentor is not listed").click()
    reasons = page.locator("#not-offered").get_by_role("listitem")
    expect(reasons).to_have_text(
        [
            (
                f"Ada Hopper has no hours left with {PROVIDER} in the academic year 2025 to 2026: "
                "all 16 hours of initial training have been claimed "
                f"(16 hours on claim {seeded['ours']} (Not Listed Primary School))."
            ),
            (
                f"Ada Turing has no hours left with {PROVIDER} in the academic year 2025 to 2026: "
                "all 16 hours of initial training have been claimed (16 hours by another school)."
            ),
        ]
    )
    expect(page.get_by_text(seeded["theirs"])).to_have_count(0)
    expect(page.get_by_role("link", name="add a mentor")).to_be_visible()
    page.get_by_role("checkbox", name="Ada Lovelace").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("How many hours of training did Ada Lovelace complete?")
