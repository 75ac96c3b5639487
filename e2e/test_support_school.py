"""Support console: act inside a school with its own pages, then remove its grant conditions
agreement so its users accept them again."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from db.teacher_records import fake_teachers
from e2e.fixtures.personas import sign_in, sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_school, new_user

# Teachers no persona holds, one for the JavaScript run and one for the run without.
TEACHERS = fake_teachers(300)
SCHOOL = "Support Journey Primary"


async def _school() -> dict:
    from db.tables import School

    school = await new_school(name=SCHOOL, eligible_years=(2025,))
    _, key = await new_user(school, first_name="Riley", last_name="Head")
    urn = (await School.select(School.urn).where(School.id == school).first())["urn"]
    return {"school": school, "urn": urn, "user": key}


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_act_inside_a_school_and_remove_its_grant_conditions_agreement(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
) -> None:
    school = live_server.database.run(_school)
    teacher = TEACHERS[296 + (0 if javascript else 1)]
    mentor = f"{teacher.first_name} {teacher.last_name}"

    sign_in(page, "support")
    _heading(page, "Organisations")
    page.get_by_label("Search by name, URN or postcode").fill(school["urn"])
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=SCHOOL).click()

    _heading(page, "Claims")
    expect(page.get_by_role("banner")).to_contain_text(
        f"You are viewing {SCHOOL} as a support user"
    )
    expect(page.get_by_role("link", name="Back to organisations")).to_be_visible()

    # The school's users, with when each last signed in.
    page.get_by_role("link", name="Users", exact=True).click()
    _heading(page, "Users")
    expect(page.get_by_role("row").filter(has_text="Riley Head")).to_contain_text("Never")

    # A mentor added for the school, as its own users would.
    page.get_by_role("link", name="Mentors", exact=True).click()
    page.get_by_role("button", name="Add mentor").click()
    _heading(page, "Find a mentor")
    born = teacher.date_of_birth
    page.get_by_label("Teacher reference number (TRN)").fill(teacher.trn)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Confirm mentor details")
    page.get_by_label(f"I have told {mentor} how DfE will use their information").check()
    page.get_by_role("button", name="Confirm and add mentor").click()
    _heading(page, "Mentors")
    expect(page.get_by_role("alert")).to_contain_text(f"{mentor} has been added as a mentor")

    # Support-only: remove the grant conditions agreement, behind an "Are you sure" page.
    page.get_by_role("link", name="Organisation details", exact=True).click()
    _heading(page, "Organisation details")
    page.get_by_role("link", name="Remove grant conditions agreement").click()
    _heading(page, f"Are you sure you want to remove {SCHOOL}’s grant conditions agreement?")
    page.get_by_role("button", name="Remove agreement").click()
    _heading(page, "Organisation details")
    expect(page.get_by_role("alert")).to_contain_text("grant conditions agreement has been removed")
    expect(page.get_by_role("main")).to_contain_text("Not accepted")

    # Both changes are in the activity log, as this support user's.
    page.get_by_role("link", name="Back to organisations").click()
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Activity log").click()
    log = page.get_by_role("main")
    expect(log).to_contain_text(f"Removed the grant conditions agreement of {SCHOOL}")
    expect(log).to_contain_text(f"Added {mentor} (TRN {teacher.trn}) as a mentor for {SCHOOL}")

    # The school's user is asked to accept the grant conditions again.
    page.get_by_role("button", name="Sign out").click()
    sign_in_as_user(page, base_url, school["user"], f"/schools/{school['school']}/claims")
    _heading(page, "Grant conditions")
    page.get_by_role("button", name="Accept grant conditions").click()
    _heading(page, "Claims")
    expect(page.get_by_role("banner")).not_to_contain_text("as a support user")
