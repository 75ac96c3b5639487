"""Why a mentor is not listed, by name, and each mentor's hours with each provider this year.

The mentors question and its "No mentors" page name the claim that used a mentor's hours only
when it is this school's or a school the user belongs to (or sees, as support); the mentors list
shows the hours used and left with each provider.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from db.tables import Claim, Membership, Provider, SchoolMentor
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import (
    JourneySchool,
    heading,
    journey_school,
    link,
    radio_values,
    start_claim,
    words,
)
from tests.fixtures.factories import new_school, provider_id, stored_claim

pytestmark = pytest.mark.db


async def _reference(claim_id: int) -> str:
    return (await Claim.select(Claim.reference).where(Claim.id == claim_id).first())["reference"]


async def _provider_name(provider: int) -> str:
    return (await Provider.select(Provider.name).where(Provider.id == provider).first())["name"]


async def _other_school(mentor_id: int, member: int | None = None) -> tuple[int, str]:
    """Another school holding the mentor, with a name no other test uses; perhaps the user's."""
    name = f"Elsewhere Academy {uuid.uuid4().hex[:8]}"
    school_id = await new_school(name)
    now = datetime.now(UTC)
    await SchoolMentor(school=school_id, mentor=mentor_id, created_at=now).save()
    if member is not None:
        await Membership(user=member, school=school_id, created_at=now).save()
    return school_id, name


def not_listed(page: str) -> list[str]:
    """The reasons given, one per mentor not offered, in words."""
    found = re.search(
        r'<ul class="govuk-list govuk-list--bullet" id="not-offered">(.*?)</ul>', page, re.DOTALL
    )
    return (
        [words(each) for each in re.findall(r"<li>(.*?)</li>", found.group(1), re.DOTALL)]
        if found
        else []
    )


def used_up(db, school: JourneySchool, surname: str, claimed_by: int) -> str:
    """A claim of `claimed_by` for the mentor's whole allowance this year; its reference."""
    claim = db(stored_claim, claimed_by, school.provider_id, 2025, [(school.mentors[surname], 16)])
    return db(_reference, claim)


def mentors_question(client, school: JourneySchool) -> str:
    claim = start_claim(client, school)
    page = client.get(f"{claim}/mentors")
    assert page.status_code == 200
    return page.text


# The mentors question.


def test_hours_used_on_this_schools_claim_are_named_with_the_reference(client, school, db):
    reference = used_up(db, school, "Lovelace", school.school_id)

    page = mentors_question(client, school)

    assert radio_values(page, "mentors") == [
        str(school.mentors[name]) for name in ("Hopper", "Turing")
    ]
    assert not_listed(page) == [
        (
            f"Ada Lovelace has no hours left with {school.provider_name} in the academic year"
            " 2025 to 2026: all 16 hours of initial training have been claimed"
            f" (16 hours on claim {reference} (Journey Test School))."
        )
    ]
    text = words(page)
    assert "Any other mentor is not listed because they have not been added" in text
    assert link(page, "add a mentor") == f"/schools/{school.school_id}/mentors/add"


def test_hours_used_by_a_school_the_user_cannot_see_are_not_named(client, school, db):
    other, other_name = db(_other_school, school.mentors["Hopper"])
    reference = used_up(db, school, "Hopper", other)

    page = mentors_question(client, school)

    assert not_listed(page) == [
        (
            f"Ada Hopper has no hours left with {school.provider_name} in the academic year"
            " 2025 to 2026: all 16 hours of initial training have been claimed"
            " (16 hours by another school)."
        )
    ]
    assert reference not in page
    assert other_name not in page


def test_a_user_of_both_schools_is_told_which_claim_used_the_hours(client, school, db):
    # A trust's user: a member of the other school too.
    other, other_name = db(_other_school, school.mentors["Hopper"], member=school.user_id)
    reference = used_up(db, school, "Hopper", other)
    ours = db(
        stored_claim, school.school_id, school.provider_id, 2025, [(school.mentors["Hopper"], 0)]
    )

    page = mentors_question(client, school)

    [reason] = not_listed(page)
    assert reason.endswith(f"(16 hours on claim {reference} ({other_name})).")
    # A line of no hours used none: it is not named.
    assert db(_reference, ours) not in reason


def test_a_support_user_acting_for_the_school_is_told_which_claim_used_the_hours(
    client, school, db, support
):
    other, other_name = db(_other_school, school.mentors["Turing"])
    reference = used_up(db, school, "Turing", other)
    key, _ = support.user("Sam", "Support")
    client.sign_in(key)

    page = mentors_question(client, school)

    [reason] = not_listed(page)
    assert reason.endswith(f"(16 hours on claim {reference} ({other_name})).")


def test_hours_given_back_by_a_rejected_claim_are_offered_again(client, school, db):
    other, _ = db(_other_school, school.mentors["Hopper"])
    db(
        stored_claim,
        other,
        school.provider_id,
        2025,
        [(school.mentors["Hopper"], 16)],
        ClaimStatus.PAYMENT_NOT_APPROVED,
    )

    page = mentors_question(client, school)

    assert str(school.mentors["Hopper"]) in radio_values(page, "mentors")
    assert not_listed(page) == []
    assert "A mentor is not listed if they have not been added" in words(page)


def test_no_mentors_page_says_why_by_name(client, db):
    school = db(journey_school, surnames=("Only", "Other"))
    client.sign_in(school.user_key)
    ours = used_up(db, school, "Only", school.school_id)
    elsewhere, elsewhere_name = db(_other_school, school.mentors["Other"])
    theirs = used_up(db, school, "Other", elsewhere)

    page = mentors_question(client, school)

    assert heading(page) == f"No mentors for {school.provider_name}"
    assert radio_values(page, "mentors") == []
    reasons = not_listed(page)
    assert [reason.split(" has no hours left")[0] for reason in reasons] == [
        "Ada Only",
        "Ada Other",
    ]
    assert reasons[0].endswith(f"(16 hours on claim {ours} (Journey Test School)).")
    assert reasons[1].endswith("(16 hours by another school).")
    assert theirs not in page and elsewhere_name not in page
    assert link(page, "Add a mentor") == f"/schools/{school.school_id}/mentors/add"


# The mentors list.


def mentor_row(page: str, name: str) -> list[str]:
    """The cells of the mentor's row, in words."""
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.DOTALL):
        cells = [words(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


def test_the_mentors_list_shows_hours_used_and_left_with_each_provider(client, school, db):
    best = school.provider_name
    second = db(provider_id, 1)
    second_name = db(_provider_name, second)
    lovelace, hopper, turing = (school.mentors[name] for name in ("Lovelace", "Hopper", "Turing"))
    db(stored_claim, school.school_id, school.provider_id, 2025, [(lovelace, 10)])
    other, other_name = db(_other_school, hopper)
    theirs = db(_reference, db(stored_claim, other, school.provider_id, 2025, [(hopper, 16)]))
    # Hopper trained with the second provider last year: refresher training this year.
    db(stored_claim, other, second, 2024, [(hopper, 20)], ClaimStatus.PAID)
    db(stored_claim, school.school_id, second, 2025, [(hopper, 2)], ClaimStatus.DRAFT)
    # Last year's claim is not this year's hours.
    db(stored_claim, school.school_id, second, 2024, [(turing, 5)])

    page = client.get(f"/schools/{school.school_id}/mentors")

    assert page.status_code == 200
    assert "Hours claimed in 2025 to 2026" in words(page.text)
    assert mentor_row(page.text, "Ada Lovelace")[2] == (
        f"{best}: 10 hours used, 6 hours left of 16 hours of initial training"
    )
    hopper_hours = sorted(
        [
            f"{best}: 16 hours used, 0 hours left of 16 hours of initial training",
            f"{second_name}: 2 hours used, 4 hours left of 6 hours of refresher training",
        ]
    )
    assert mentor_row(page.text, "Ada Hopper")[2] == " ".join(hopper_hours)
    assert mentor_row(page.text, "Ada Turing")[2] == "No claims"
    # Whose claim used the hours is not this list's to say.
    assert theirs not in page.text and other_name not in page.text
    # Each provider's hours are an item of their own for a screen reader.
    assert len(re.findall(r"<li>", page.text.split("Ada Hopper")[1].split("</tr>")[0])) == 2


def test_a_year_whose_hour_limits_are_not_confirmed_shows_no_hours(client, school, db, clock):
    hopper = school.mentors["Hopper"]
    db(stored_claim, school.school_id, school.provider_id, 2026, [(hopper, 4)], ClaimStatus.DRAFT)
    # The guidance has not confirmed 2026 to 2027's limits: nothing may be assumed.
    clock.moment = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)

    page = client.get(f"/schools/{school.school_id}/mentors")

    assert page.status_code == 200
    text = words(page.text)
    assert (
        "Each mentor’s hours used and left are shown here once the hour limits for the"
        " academic year 2026 to 2027 are confirmed." in text
    )
    assert "Hours claimed in" not in text
    # Name, TRN and the remove link: no column of hours.
    assert mentor_row(page.text, "Ada Hopper")[2:] == ["Remove Ada Hopper"]
