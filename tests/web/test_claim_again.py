"""Claiming again: from an earlier claim's page, from the hours left on this year's claims, and
picking up the one draft in progress from the claims list."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from db.tables import Claim, ClaimMentor, Provider
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import (
    JourneySchool,
    heading,
    link,
    words,
)
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

pytestmark = pytest.mark.db

LAST_YEAR = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
# Inside the window the tests' clock is in (tests/fixtures/client.py TODAY).
THIS_WINDOW = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
BUTTON = "Start a new claim for these mentors"


def _claim(db, school: JourneySchool, lines, *, year=2024, at=LAST_YEAR, **options) -> int:
    options.setdefault("provider", school.provider_id)
    return db(
        new_claim,
        school.school_id,
        lines,
        year=year,
        created_at=at,
        submitted_at=at if options.get("status") != "draft" else None,
        hourly_rate_pence=4380,
        amount_pence=4380,
        **options,
    )


def _last_year(db, school: JourneySchool, *surnames: str) -> int:
    """A paid claim of last year with the school's provider, for these mentors."""
    return _claim(
        db, school, [(school.mentors[name], 16, "initial") for name in surnames], status="paid"
    )


def _again_url(school: JourneySchool, claim_id: int) -> str:
    return f"/schools/{school.school_id}/claims/{claim_id}/claim-again"


def _drafts(db, school_id: int) -> dict[int, dict[int, int | None]]:
    """The school's drafts: each one's mentors and their hours."""

    async def read() -> dict[int, dict[int, int | None]]:
        claims = await Claim.select(Claim.id).where(
            (Claim.school == school_id) & (Claim.status == ClaimStatus.DRAFT.value)
        )
        found = {}
        for claim in claims:
            lines = await ClaimMentor.select(ClaimMentor.mentor, ClaimMentor.hours).where(
                ClaimMentor.claim == claim["id"]
            )
            found[claim["id"]] = {line["mentor"]: line["hours"] for line in lines}
        return found

    return db(read)


async def _provider_and_year(claim_id: int) -> tuple[int, int]:
    row = (
        await Claim.select(Claim.provider, Claim.academic_year.start_year.as_alias("start_year"))
        .where(Claim.id == claim_id)
        .first()
    )
    return row["provider"], row["start_year"]


async def _reference(claim_id: int) -> str:
    return (await Claim.select(Claim.reference).where(Claim.id == claim_id).first())["reference"]


async def _provider_name(provider: int) -> str:
    return (await Provider.select(Provider.name).where(Provider.id == provider).first())["name"]


def _claim_again(client, school: JourneySchool, claim_id: int):
    return client.post_form(_again_url(school, claim_id), follow_redirects=False)


def _form_actions(page: str) -> list[str]:
    return re.findall(r'<form method="post" action="([^"]+)"', page)


# From an earlier claim's page.


def test_last_years_claim_offers_to_start_a_new_claim_for_its_mentors(client, school, db):
    claim_id = _last_year(db, school, "Lovelace", "Turing")
    page = client.get(f"/schools/{school.school_id}/claims/{claim_id}").text
    assert BUTTON in page
    assert _again_url(school, claim_id) in _form_actions(page)
    assert (
        f"Start a new claim with {school.provider_name} for the academic year 2025 to 2026"
    ) in words(page)

    response = _claim_again(client, school, claim_id)

    assert response.status_code == 303
    [(draft_id, lines)] = _drafts(db, school.school_id).items()
    lovelace, turing = school.mentors["Lovelace"], school.mentors["Turing"]
    assert lines == {lovelace: None, turing: None}
    assert response.headers["location"] == f"/schools/{school.school_id}/claims/{draft_id}/resume"
    assert db(_provider_and_year, draft_id) == (school.provider_id, 2025)
    # Only the hours are asked: the first mentor's, in name order, as refresher training.
    hours = client.get(response.headers["location"], follow_redirects=False)
    assert hours.headers["location"].endswith(f"/claims/{draft_id}/hours/{lovelace}")
    question = client.get(hours.headers["location"]).text
    assert heading(question) == "How many hours of training did Ada Lovelace complete?"
    assert "Up to 6 hours of refresher training" in words(question)
    assert "are not on this claim" not in words(question)


def test_mentors_with_no_hours_left_or_no_longer_at_the_school_are_named(client, school, db):
    elsewhere = db(new_school, "Another Primary")
    gone = db(new_mentor, elsewhere, first_name="Cy", last_name="Young")
    lines = [(school.mentors[name], 16, "initial") for name in ("Lovelace", "Hopper")]
    claim_id = _claim(db, school, [*lines, (gone, 10, "initial")], status="paid")
    # Another school used Ada Hopper's refresher hours this year.
    db(new_claim, elsewhere, [(school.mentors["Hopper"], 6)], provider=school.provider_id)

    response = _claim_again(client, school, claim_id)

    [(draft_id, drafted)] = _drafts(db, school.school_id).items()
    assert drafted == {school.mentors["Lovelace"]: None}
    page = client.get(response.headers["location"], follow_redirects=True).text
    text = words(page)
    assert heading(page) == "How many hours of training did Ada Lovelace complete?"
    assert "Some mentors on the earlier claim are not on this claim" in text
    assert (
        f"Ada Hopper has no hours left with {school.provider_name} in the academic year 2025 to "
        "2026: all 6 hours of refresher training have been claimed (6 hours by another school)."
    ) in text
    assert (
        "Cy Young is no longer one of Journey Test School’s mentors: add them again to claim "
        "for them."
    ) in text
    # Named once: the next view of the question is the question alone.
    again = client.get(
        f"/schools/{school.school_id}/claims/{draft_id}/hours/{school.mentors['Lovelace']}"
    )
    assert "are not on this claim" not in words(again.text)


def test_a_claim_whose_mentors_have_no_hours_left_starts_nothing(client, school, db):
    claim_id = _last_year(db, school, "Lovelace")
    elsewhere = db(new_school, "Another Primary")
    db(new_claim, elsewhere, [(school.mentors["Lovelace"], 6)], provider=school.provider_id)

    response = _claim_again(client, school, claim_id)

    assert response.status_code == 200
    assert heading(response.text) == f"No mentors have hours left with {school.provider_name}"
    assert "Ada Lovelace has no hours left" in words(response.text)
    assert link(response.text, "Return to your claims") == school.claims_url
    assert _drafts(db, school.school_id) == {}


def test_pressing_the_button_twice_continues_the_same_draft(client, school, db):
    claim_id = _last_year(db, school, "Lovelace", "Turing")

    first = _claim_again(client, school, claim_id)
    second = _claim_again(client, school, claim_id)

    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(_drafts(db, school.school_id)) == 1


def test_once_hours_are_answered_claiming_again_starts_another_draft(client, school, db):
    claim_id = _last_year(db, school, "Lovelace")
    first = _claim_again(client, school, claim_id)
    hours = client.get(first.headers["location"], follow_redirects=False).headers["location"]
    client.post_form(hours, {"hours": "another", "custom_hours": "2"}, follow_redirects=False)

    second = _claim_again(client, school, claim_id)

    assert second.headers["location"] != first.headers["location"]
    drafts = _drafts(db, school.school_id)
    lovelace = school.mentors["Lovelace"]
    assert sorted(drafts.values(), key=str) == [{lovelace: 2}, {lovelace: None}]


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (datetime(2026, 8, 1, 12, 0, tzinfo=UTC), "closed at 11:59pm on Friday 17 July 2026"),
    ],
)
def test_with_no_window_open_there_is_no_button_and_a_post_says_why(
    client, school, db, clock, moment, message
):
    claim_id = _last_year(db, school, "Lovelace")
    clock.moment = moment
    page = client.get(f"/schools/{school.school_id}/claims/{claim_id}").text
    assert BUTTON not in page

    response = _claim_again(client, school, claim_id)

    assert response.status_code == 200
    assert heading(response.text) == "You cannot start a claim"
    assert message in words(response.text)
    assert _drafts(db, school.school_id) == {}


def test_a_school_not_eligible_this_year_has_no_button_and_a_post_says_why(client, db):
    school_id = db(new_school, "Not Eligible Primary", eligible_years=(2024,))
    _, key = db(new_user, school_id)
    mentor = db(new_mentor, school_id)
    provider = db(provider_id)
    claim_id = db(
        new_claim,
        school_id,
        [(mentor, 16, "initial")],
        provider=provider,
        year=2024,
        created_at=LAST_YEAR,
        status="paid",
    )
    client.sign_in(key)
    assert BUTTON not in client.get(f"/schools/{school_id}/claims/{claim_id}").text

    response = client.post_form(
        f"/schools/{school_id}/claims/{claim_id}/claim-again", follow_redirects=False
    )

    assert response.status_code == 200
    assert heading(response.text) == "You cannot start a claim"
    assert "not recorded as hosting initial teacher training" in words(response.text)


@pytest.mark.parametrize("window_open", [True, False])
def test_another_schools_claim_is_not_found(client, school, db, clock, window_open):
    elsewhere = db(new_school, "Another Primary")
    theirs = db(
        new_claim,
        elsewhere,
        [(school.mentors["Lovelace"], 16, "initial")],
        provider=school.provider_id,
        year=2024,
        created_at=LAST_YEAR,
        status="paid",
    )
    if not window_open:
        clock.moment = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)

    response = _claim_again(client, school, theirs)

    assert response.status_code == 404
    assert _drafts(db, school.school_id) == {}


def test_a_draft_is_continued_not_claimed_again(client, school, db):
    draft = _claim(db, school, [(school.mentors["Lovelace"], None)], year=2025, status="draft")
    assert BUTTON not in client.get(f"/schools/{school.school_id}/claims/{draft}").text
    assert _claim_again(client, school, draft).status_code == 404


def test_a_claim_of_the_window_open_now_is_offered_on_the_claims_list_instead(client, school, db):
    claim_id = _claim(
        db, school, [(school.mentors["Lovelace"], 10, "initial")], year=2025, at=THIS_WINDOW
    )
    assert BUTTON not in client.get(f"/schools/{school.school_id}/claims/{claim_id}").text


def test_a_claim_of_an_earlier_window_of_this_year_offers_to_claim_again(client, school, db, clock):
    claim_id = _claim(
        db, school, [(school.mentors["Lovelace"], 10, "initial")], year=2025, at=THIS_WINDOW
    )
    # The September window for schools that missed the first deadline.
    clock.moment = datetime(2026, 9, 10, 12, 0, tzinfo=UTC)
    page = client.get(f"/schools/{school.school_id}/claims/{claim_id}").text
    assert BUTTON in page
    response = _claim_again(client, school, claim_id)
    hours = client.get(response.headers["location"], follow_redirects=True).text
    assert "6 hours" in words(hours)


def test_a_provider_no_longer_accredited_cannot_be_claimed_again(client, school, db):
    closed = db(provider_id, 0, accredited=False)
    name = db(_provider_name, closed)
    claim_id = _claim(
        db, school, [(school.mentors["Lovelace"], 16, "initial")], status="paid", provider=closed
    )

    response = _claim_again(client, school, claim_id)

    assert response.status_code == 200
    assert heading(response.text) == "You cannot start a claim"
    assert f"{name} is no longer an accredited provider" in words(response.text)
    assert _drafts(db, school.school_id) == {}


# The claims list: hours left this year, and the draft to pick up.


def test_the_claims_list_offers_the_hours_left_on_this_years_claims(client, school, db):
    lovelace, hopper = school.mentors["Lovelace"], school.mentors["Hopper"]
    claim_id = _claim(
        db, school, [(lovelace, 10, "initial"), (hopper, 16, "initial")], year=2025, at=THIS_WINDOW
    )
    reference = db(_reference, claim_id)

    page = client.get(school.claims_url).text

    text = words(page)
    assert (
        f"Mentors on claim {reference} still have hours left with {school.provider_name}: "
        "Ada Lovelace: 6 hours left"
    ) in text
    assert "Ada Hopper: " not in text
    assert f"Claim the hours left on claim {reference}" in text
    assert _again_url(school, claim_id) in _form_actions(page)

    response = _claim_again(client, school, claim_id)

    [(draft_id, lines)] = _drafts(db, school.school_id).items()
    assert lines == {lovelace: None}
    hours = client.get(response.headers["location"], follow_redirects=True).text
    assert heading(hours) == "How many hours of training did Ada Lovelace complete?"
    assert "10 hours already claimed, 6 hours left." in words(hours)
    # The draft with the provider now takes the hours left, and is offered to continue.
    page = client.get(school.claims_url).text
    assert "still have hours left" not in words(page)
    draft_reference = db(_reference, draft_id)
    assert link(page, f"Continue claim {draft_reference}") == (
        f"/schools/{school.school_id}/claims/{draft_id}/resume"
    )


def test_no_hours_left_are_offered_when_every_mentor_used_them(client, school, db):
    _claim(db, school, [(school.mentors["Lovelace"], 16, "initial")], year=2025, at=THIS_WINDOW)
    assert "still have hours left" not in words(client.get(school.claims_url).text)


def test_no_hours_left_are_offered_with_no_window_open(client, school, db, clock):
    _claim(db, school, [(school.mentors["Lovelace"], 4, "initial")], year=2025, at=THIS_WINDOW)
    assert "still have hours left" in words(client.get(school.claims_url).text)
    clock.moment = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
    assert "still have hours left" not in words(client.get(school.claims_url).text)


def test_the_one_draft_in_progress_is_offered_to_continue(client, school, db):
    assert "You have a claim in progress" not in words(client.get(school.claims_url).text)
    draft = _claim(db, school, [(school.mentors["Lovelace"], 4)], year=2025, status="draft")
    reference = db(_reference, draft)

    response = client.get(school.claims_url, follow_redirects=False)

    # Offered, not forced: the claims list itself, with a link to carry on.
    assert response.status_code == 200
    text = words(response.text)
    assert "Pick up where you left off" in text
    assert f"Claim {reference} with {school.provider_name}" in text
    assert link(response.text, f"Continue claim {reference}") == (
        f"/schools/{school.school_id}/claims/{draft}/resume"
    )

    _claim(db, school, [(school.mentors["Hopper"], None)], year=2025, status="draft")
    # Two drafts: the list shows both, and neither is put first.
    assert "Pick up where you left off" not in words(client.get(school.claims_url).text)


def test_another_schools_hours_count_once_however_many_claims_name_the_mentor(client, school, db):
    lovelace = school.mentors["Lovelace"]
    for hours in (4, 2):
        _claim(db, school, [(lovelace, hours, "initial")], year=2025, at=THIS_WINDOW)
    elsewhere = db(new_school, "Another Primary")
    db(new_claim, elsewhere, [(lovelace, 6)], provider=school.provider_id)

    text = words(client.get(school.claims_url).text)

    # 16 hours of initial training: 4 and 2 here, 6 at the other school.
    assert text.count("Ada Lovelace: 4 hours left") == 2
