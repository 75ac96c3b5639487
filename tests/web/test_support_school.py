"""A support user acting inside a school: its own pages, recorded actions and support-only ones."""

from __future__ import annotations

import re

import pytest

from db.tables import Claim, School, SupportEvent
from db.teacher_records import fake_teachers
from tests.fixtures.claim_journey import (
    complete_claim,
    heading,
    journey_school,
    link,
    words,
)

pytestmark = pytest.mark.db

# Late teachers of the local Teaching Record System: no seeded school holds them.
TEACHER = fake_teachers(300)[297]


@pytest.fixture
def school(db):
    return db(journey_school)


@pytest.fixture
def agent(client, support):
    """A support user, signed in; their user id."""
    key, user_id = support.user("Sam", "Agent")
    client.sign_in(key)
    return user_id


async def _events(user_id: int) -> list[dict]:
    return await (
        SupportEvent.select(SupportEvent.action, SupportEvent.description, SupportEvent.claim)
        .where(SupportEvent.user == user_id)
        .order_by(SupportEvent.id)
    )


async def _accepted(school_id: int) -> dict:
    return await (
        School.select(School.grant_conditions_accepted_at, School.grant_conditions_accepted_by)
        .where(School.id == school_id)
        .first()
    )


async def _urn(school_id: int) -> str:
    from db.tables import School

    return (await School.select(School.urn).where(School.id == school_id).first())["urn"]


def test_organisations_open_the_school_with_the_consoles_context(client, db, school, agent):
    # By URN: other tests' schools share the name, more than a page of them.
    found = client.get("/support/organisations", params={"q": db(_urn, school.school_id)}).text
    assert f'href="/schools/{school.school_id}"' in found

    landing = client.get(f"/schools/{school.school_id}")

    assert landing.url.path == f"/schools/{school.school_id}/claims"
    text = words(landing.text)
    assert "You are viewing Journey Test School as a support user" in text
    assert link(landing.text, "Back to organisations") == "/support/organisations"
    nav = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', landing.text)
    assert nav[:4] == [
        f"/schools/{school.school_id}/claims",
        f"/schools/{school.school_id}/mentors",
        f"/schools/{school.school_id}/users",
        f"/schools/{school.school_id}/organisation-details",
    ]


def test_a_schools_own_user_sees_no_support_banner(client, school):
    client.sign_in(school.user_key)
    page = client.get(f"/schools/{school.school_id}/claims").text
    assert "as a support user" not in page
    assert (
        "Remove grant conditions agreement"
        not in client.get(f"/schools/{school.school_id}/organisation-details").text
    )


def test_a_claim_submitted_by_support_says_so_and_is_recorded(client, school, agent, db):
    claim = complete_claim(client, school, {"Lovelace": 6})
    client.get(f"{claim}/check-answers")

    response = client.post_form(f"{claim}/submit", {}, follow_redirects=False)

    assert response.headers["location"] == f"{claim}/submitted"
    claim_id = int(claim.rsplit("/", 1)[1])
    row = db(Claim.select(Claim.created_by, Claim.submitted_by).where(Claim.id == claim_id).first)
    assert row == {"created_by": agent, "submitted_by": agent}
    [event] = db(_events, agent)
    assert event["action"] == "claim_submitted"
    assert event["claim"] == claim_id
    assert "Journey Test School" in event["description"]
    # The school's own user sees who submitted it for them.
    client.sign_in(school.user_key)
    page = client.get(f"/schools/{school.school_id}/claims/{claim_id}").text
    assert "Submitted by Sam Agent (Department for Education support) on" in words(page)


def test_a_claim_submitted_by_the_schools_user_records_no_support_event(client, school, db):
    client.sign_in(school.user_key)
    claim = complete_claim(client, school, {"Lovelace": 6})
    client.get(f"{claim}/check-answers")
    client.post_form(f"{claim}/submit", {}, follow_redirects=False)
    page = client.get(claim).text
    assert "Department for Education support" not in page
    assert db(_events, school.user_id) == []


def test_a_mentor_added_by_support_is_recorded(client, school, agent, db):
    born = TEACHER.date_of_birth
    add = f"/schools/{school.school_id}/mentors/add"
    client.post_form(
        add,
        {
            "trn": TEACHER.trn,
            "date-of-birth-day": str(born.day),
            "date-of-birth-month": str(born.month),
            "date-of-birth-year": str(born.year),
        },
    )

    response = client.post_form(f"{add}/confirm", {"privacy": "confirmed"}, follow_redirects=False)

    assert response.headers["location"] == f"/schools/{school.school_id}/mentors"
    assert (
        f"{TEACHER.first_name} {TEACHER.last_name}" in client.get(response.headers["location"]).text
    )
    [event] = db(_events, agent)
    assert event["action"] == "mentor_added"
    assert TEACHER.trn in event["description"]
    assert "Journey Test School" in event["description"]


def test_a_user_added_by_support_is_recorded(client, school, agent, db):
    add = f"/schools/{school.school_id}/users/add"
    client.post_form(
        add, {"first_name": "Robin", "last_name": "New", "email": "robin.new@example.org"}
    )

    response = client.post_form(f"{add}/check", {}, follow_redirects=False)

    assert response.headers["location"] == f"/schools/{school.school_id}/users"
    assert "Robin New" in client.get(response.headers["location"]).text
    [event] = db(_events, agent)
    assert event["action"] == "user_added"
    assert "robin.new@example.org" in event["description"]


def test_support_sees_when_each_user_last_signed_in(client, school, support, db):
    db(_user_named, "Never", "Signed", school.school_id)
    client.sign_in(school.user_key)
    assert "Last signed in" not in client.get(f"/schools/{school.school_id}/users").text

    key, _ = support.user()
    client.sign_in(key)
    page = client.get(f"/schools/{school.school_id}/users").text

    assert "Last signed in" in page
    rows = {
        words(name): words(last)
        for name, last in re.findall(
            r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(.*?)</td>\s*'
            r'<td class="govuk-table__cell">.*?</td>\s*<td class="govuk-table__cell">(.*?)</td>',
            page,
            re.DOTALL,
        )
    }
    assert rows["Never Signed"] == "Never"
    # Signing in as the school's user a moment ago was recorded.
    assert rows["Casey Tester"] not in ("", "Never")
    assert re.search(r"\d{1,2} \w+ \d{4}", rows["Casey Tester"])


async def _user_named(first_name: str, last_name: str, school_id: int):
    from tests.fixtures.factories import new_user

    return await new_user(school_id, first_name=first_name, last_name=last_name)


def test_support_cannot_accept_grant_conditions_for_a_school(client, make, agent, db):
    school_id = make.school(name="Not Yet Agreed School", accepted=False)

    landing = client.get(f"/schools/{school_id}")
    assert landing.url.path == f"/schools/{school_id}/claims"
    conditions = client.get(f"/schools/{school_id}/grant-conditions").text
    assert "Accept grant conditions" not in conditions
    assert "Only a user at Not Yet Agreed School can accept" in words(conditions)
    details = words(client.get(f"/schools/{school_id}/organisation-details").text)
    assert "Status Not accepted" in details

    refused = client.post_form(f"/schools/{school_id}/grant-conditions", {"next": ""})

    assert refused.status_code == 404
    assert db(_accepted, school_id)["grant_conditions_accepted_at"] is None


def test_removing_the_agreement_makes_the_school_accept_again(client, school, agent, db):
    details = client.get(f"/schools/{school.school_id}/organisation-details").text
    remove = link(details, "Remove grant conditions agreement")
    assert remove == f"/support/organisations/{school.school_id}/remove-grant-conditions"

    sure = client.get(remove)
    assert heading(sure.text) == (
        "Are you sure you want to remove Journey Test School’s grant conditions agreement?"
    )
    assert "You are viewing Journey Test School as a support user" in words(sure.text)
    done = client.post_form(remove, {}, follow_redirects=False)
    again = client.post_form(remove, {}, follow_redirects=False)

    assert done.headers["location"] == f"/schools/{school.school_id}/organisation-details"
    assert again.headers["location"] == done.headers["location"]
    shown = words(client.get(done.headers["location"]).text)
    assert "grant conditions agreement has been removed" in shown
    assert "Status Not accepted" in shown
    assert db(_accepted, school.school_id) == {
        "grant_conditions_accepted_at": None,
        "grant_conditions_accepted_by": None,
    }
    # Recorded once, however often the button was pressed.
    [event] = db(_events, agent)
    assert event["action"] == "grant_conditions_removed"
    assert "Journey Test School" in event["description"]
    # An old link to the question now leads back to the details.
    assert client.get(remove, follow_redirects=False).status_code == 303

    client.sign_in(school.user_key)
    claims = client.get(f"/schools/{school.school_id}/claims")
    assert claims.url.path == f"/schools/{school.school_id}/grant-conditions"
    assert "Accept grant conditions" in claims.text


def test_nobody_but_support_may_remove_an_agreement(client, school, db):
    remove = f"/support/organisations/{school.school_id}/remove-grant-conditions"
    client.sign_in(school.user_key)
    assert client.get(remove, follow_redirects=False).status_code == 404
    assert client.post_form(remove, {}, follow_redirects=False).status_code == 404
    assert db(_accepted, school.school_id)["grant_conditions_accepted_at"] is not None


def test_an_unknown_school_is_not_found_for_support(client, agent):
    assert client.get("/schools/999999999/claims", follow_redirects=False).status_code == 404
    remove = "/support/organisations/999999999/remove-grant-conditions"
    assert client.get(remove, follow_redirects=False).status_code == 404
