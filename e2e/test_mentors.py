"""Mentors in a real browser: find a teacher by TRN and date of birth, add, refuse, remove.

Each test makes its own school in the live server's database, so no persona school is changed.
Teachers come from the local Teaching Record System's fake teachers, the same people the server's
seed holds.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from db.tables import Claim, Mentor, SchoolMentor
from db.teacher_records import fake_teachers
from e2e.fixtures.personas import sign_in_as_user
from e2e.fixtures.server import LiveServer
from tests.fixtures.factories import new_claim, new_school, new_user

TEACHERS = fake_teachers(300)


async def _seed(held: list[int], on_draft: int | None) -> dict:
    school = await new_school(
        name="Mentors Journey Primary", region="Rest of England", eligible_years=(2025,)
    )
    _, key = await new_user(school, first_name="Morgan", last_name="Mentorson")
    now = datetime.now(UTC)
    mentor_ids = {}
    for index in held:
        teacher = TEACHERS[index]
        await Mentor.insert(
            Mentor(
                trn=teacher.trn,
                first_name=teacher.first_name,
                last_name=teacher.last_name,
                created_at=now,
            )
        ).on_conflict(target=Mentor.trn, action="DO NOTHING")
        mentor = await Mentor.objects().get(Mentor.trn == teacher.trn)
        await SchoolMentor(school=school, mentor=mentor.id, created_at=now).save()
        mentor_ids[index] = mentor.id
    reference = None
    if on_draft is not None:
        claim = await new_claim(
            school, [(mentor_ids[on_draft], 4)], provider=None, status="draft", created_at=now
        )
        reference = (await Claim.select(Claim.reference).where(Claim.id == claim).first())[
            "reference"
        ]
    return {"school": school, "user": key, "reference": reference}


def make_school(live_server: LiveServer, held: list[int], on_draft: int | None = None) -> dict:
    """A school of the test's own holding these teachers, one of them perhaps on a draft claim."""
    return live_server.database.run(_seed, held, on_draft)


def name_of(teacher) -> str:
    return f"{teacher.first_name} {teacher.last_name}"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def go_to_mentors(page: Page) -> None:
    page.get_by_role("link", name="Mentors", exact=True).click()
    expect(heading(page)).to_have_text("Mentors")


def fill_in(page: Page, trn: str, day: str, month: str, year: str) -> None:
    page.get_by_label("Teacher reference number (TRN)").fill(trn)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


def fill_in_teacher(page: Page, teacher, trn: str | None = None) -> None:
    born = teacher.date_of_birth
    fill_in(page, trn or teacher.trn, str(born.day), str(born.month), str(born.year))


def teacher_index(test: int, javascript: bool) -> int:
    """A teacher no persona holds, different per test and for the JavaScript and no-JS runs."""
    return 260 + test * 2 + (0 if javascript else 1)


def test_add_a_mentor(page: Page, base_url: str, live_server: LiveServer, javascript: bool):
    teacher = TEACHERS[teacher_index(0, javascript)]
    school = make_school(live_server, held=[])
    sign_in_as_user(page, base_url, school["user"])
    go_to_mentors(page)
    expect(
        page.get_by_text("There are no mentors for Mentors Journey Primary yet.")
    ).to_be_visible()

    page.get_by_role("button", name="Add mentor").click()
    expect(heading(page)).to_have_text("Find a mentor")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Find a mentor"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a teacher reference number (TRN)")
    expect(summary).to_contain_text("Enter date of birth")

    # Dictated TRNs arrive with spaces.
    fill_in_teacher(page, teacher, trn=f"{teacher.trn[:3]} {teacher.trn[3:]}")
    preview = page.locator("#mentor-preview")
    if javascript:
        # The name shows while still on this page, before Continue.
        expect(preview).to_contain_text(f"belong to {name_of(teacher)}")
        expect(heading(page)).to_have_text("Find a mentor")
    else:
        expect(preview).to_have_text("")
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("Confirm mentor details")
    expect(page.locator("#mentor-name")).to_have_text(name_of(teacher))
    expect(page.get_by_text(teacher.trn, exact=True)).to_be_visible()

    # Change keeps the TRN; the date of birth is never stored, so it is typed again.
    page.get_by_role("link", name="Change teacher reference number (TRN)").click()
    expect(heading(page)).to_have_text("Find a mentor")
    expect(page.get_by_label("Teacher reference number (TRN)")).to_have_value(teacher.trn)
    expect(page.get_by_label("Year")).to_have_value("")
    fill_in_teacher(page, teacher)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Confirm mentor details")

    page.get_by_role("button", name="Confirm and add mentor").click()
    expect(page).to_have_title(re.compile(r"^Error: Confirm mentor details"))
    page.get_by_label(f"I have told {name_of(teacher)} how DfE will use their information").check()
    page.get_by_role("button", name="Confirm and add mentor").click()

    expect(heading(page)).to_have_text("Mentors")
    expect(page.get_by_role("alert")).to_contain_text(
        f"{name_of(teacher)} has been added as a mentor"
    )
    row = page.get_by_role("row").filter(has_text=teacher.trn)
    expect(row).to_contain_text(name_of(teacher))


def test_no_teacher_found_keeps_the_answers(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
):
    teacher = TEACHERS[teacher_index(1, javascript)]
    school = make_school(live_server, held=[])
    sign_in_as_user(page, base_url, school["user"])
    go_to_mentors(page)
    page.get_by_role("button", name="Add mentor").click()

    fill_in(page, teacher.trn, "1", "Jan", "1959")
    if javascript:
        expect(page.locator("#mentor-preview")).to_contain_text("No teacher matches")
    page.get_by_role("button", name="Continue").click()

    expect(heading(page)).to_have_text("No teacher found")
    expect(page.get_by_text("1 January 1959")).to_be_visible()
    page.get_by_role("button", name="Check the TRN and date of birth").click()

    expect(heading(page)).to_have_text("Find a mentor")
    expect(page.get_by_label("Teacher reference number (TRN)")).to_have_value(teacher.trn)
    expect(page.get_by_label("Day")).to_have_value("1")
    expect(page.get_by_label("Month")).to_have_value("1")
    expect(page.get_by_label("Year")).to_have_value("1959")


def test_a_mentor_already_added_is_refused(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
):
    index = teacher_index(2, javascript)
    teacher = TEACHERS[index]
    school = make_school(live_server, held=[index])
    sign_in_as_user(page, base_url, school["user"])
    go_to_mentors(page)
    page.get_by_role("button", name="Add mentor").click()

    fill_in_teacher(page, teacher)
    if javascript:
        expect(page.locator("#mentor-preview")).to_contain_text("has already been added")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title(re.compile(r"^Error: Find a mentor"))
    message = f"{name_of(teacher)} has already been added as a mentor"
    expect(page.get_by_role("alert")).to_contain_text(message)
    page.get_by_role("alert").get_by_role("link", name=message).click()
    expect(page.get_by_label("Teacher reference number (TRN)")).to_be_focused()


def test_remove_a_mentor(page: Page, base_url: str, live_server: LiveServer, javascript: bool):
    index = teacher_index(3, javascript)
    teacher = TEACHERS[index]
    school = make_school(live_server, held=[index])
    sign_in_as_user(page, base_url, school["user"])
    go_to_mentors(page)

    page.get_by_role("link", name=f"Remove {name_of(teacher)}").click()
    expect(heading(page)).to_have_text(f"Are you sure you want to remove {name_of(teacher)}?")
    page.get_by_role("button", name="Remove mentor").click()

    expect(heading(page)).to_have_text("Mentors")
    expect(page.get_by_role("alert")).to_contain_text(f"{name_of(teacher)} has been removed")
    expect(page.get_by_role("row").filter(has_text=teacher.trn)).to_have_count(0)


def test_a_mentor_on_a_draft_claim_cannot_be_removed(
    page: Page, base_url: str, live_server: LiveServer, javascript: bool
):
    index = teacher_index(4, javascript)
    teacher = TEACHERS[index]
    school = make_school(live_server, held=[index], on_draft=index)
    sign_in_as_user(page, base_url, school["user"])
    go_to_mentors(page)

    page.get_by_role("link", name=f"Remove {name_of(teacher)}").click()

    expect(heading(page)).to_have_text(f"You cannot remove {name_of(teacher)} yet")
    claim = page.get_by_role("row").filter(has_text=school["reference"])
    expect(claim).to_contain_text("Draft")
    expect(page.get_by_role("button", name="Remove mentor")).to_have_count(0)
    page.get_by_role("link", name="Go back to your mentors").click()
    expect(page.get_by_role("row").filter(has_text=teacher.trn)).to_contain_text(name_of(teacher))


@pytest.fixture(autouse=True)
def _fail_loudly_on_server_errors(live_server: LiveServer):
    """A 500 inside a journey shows up as a failure here, with the server's log."""
    before = live_server.log().count("Unhandled error")
    yield
    log = live_server.log()
    assert log.count("Unhandled error") == before, log[-4000:]
