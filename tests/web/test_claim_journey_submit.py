"""Check your answers, changing answers from it, submitting once, and resuming a draft."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from db.queries.claim_drafts import claim_for_school
from db.queries.claim_submission import SubmittedClaim
from db.tables import EmailOutbox, Membership
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import (
    answer,
    back_link,
    claim_id_of,
    claim_lines,
    claim_row,
    complete_claim,
    error_summary,
    heading,
    journey_school,
    link,
    words,
)
from tests.fixtures.factories import new_mentor, new_school, new_user, provider_id, stored_claim
from web.emails import claim_submitted_fields

pytestmark = pytest.mark.db


def change_links(page: str) -> dict[str, str]:
    """Each Change link's visually hidden text and address."""
    found = re.findall(
        r'<a class="govuk-link" href="([^"]+)">Change<span class="govuk-visually-hidden"> ([^<]+)'
        r"</span></a>",
        page,
    )
    return {text: href for href, text in found}


def test_check_your_answers_shows_the_whole_claim(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})

    page = client.get(f"{claim}/check-answers")

    assert heading(page.text) == "Check your answers before submitting your claim"
    text = words(page.text)
    for expected in (
        "Organisation Journey Test School",
        "Academic year 2025 to 2026",
        f"Accredited provider {school.provider_name}",
        "Mentors Ada Lovelace Ada Turing",
        "Ada Lovelace 16 hours",
        "Ada Turing 5 hours",
        "Total hours 21 hours",
        "Hourly rate £43.80",
        "Claim amount £919.80",
        "I am authorised to make this claim for the school",
        "not early career teacher (ECT) mentors",
        "You cannot change this claim after you submit it.",
    ):
        assert expected in text, expected
    assert change_links(page.text) == {
        "accredited provider": f"{claim}/provider",
        "mentors": f"{claim}/mentors",
        "hours for Ada Lovelace": f"{claim}/hours/{school.mentors['Lovelace']}",
        "hours for Ada Turing": f"{claim}/hours/{school.mentors['Turing']}",
        f"whether you confirmed the hours with {school.provider_name}": f"{claim}/confirm-hours",
    }
    assert f"Hours confirmed with {school.provider_name} Yes" in text
    assert "the mentors on this claim have completed their training" in text
    assert f'action="{claim}/submit"' in page.text
    assert "Accept and submit" in text
    assert back_link(page.text) == f"{claim}/confirm-hours"


def test_the_hourly_rate_is_the_schools_regions(client, db):
    school = db(journey_school, region="Inner London")
    client.sign_in(school.user_key)
    claim = complete_claim(client, school, {"Hopper": 16})

    text = words(client.get(f"{claim}/check-answers").text)

    assert "Hourly rate £53.60" in text and "Claim amount £857.60" in text


def test_changing_hours_returns_to_check_your_answers_which_asks_the_confirmation_again(
    client, school, db
):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})
    client.get(f"{claim}/check-answers")
    turing = school.mentors["Turing"]

    page = client.get(f"{claim}/hours/{turing}")
    assert back_link(page.text) == f"{claim}/check-answers"
    assert answer(client, f"{claim}/hours/{turing}", {"hours": "another", "custom_hours": "5"}) == (
        f"{claim}/check-answers"
    ), "the same answer needs no new confirmation"
    location = answer(client, f"{claim}/hours/{turing}", {"hours": "another", "custom_hours": "3"})
    assert location == f"{claim}/check-answers"
    page = client.get(location)
    assert "Ada Turing 3 hours" in words(page.text)
    # The changed hours are not confirmed yet: check your answers asks, beside the submit button.
    assert f"Have you confirmed these hours with {school.provider_name}?" in words(page.text)
    refused = client.post_form(f"{claim}/submit", {})
    assert refused.status_code == 200
    assert error_summary(refused.text) == [
        (f"Select yes if you have confirmed these hours with {school.provider_name}", "#confirmed")
    ]
    assert db(claim_row, claim_id_of(claim))["status"] == "draft"
    submitted = client.post_form(f"{claim}/submit", {"confirmed": "no"}, follow_redirects=False)
    assert submitted.headers["location"] == f"{claim}/submitted"
    assert db(claim_row, claim_id_of(claim))["hours_confirmed_with_provider"] in (False, 0)


def test_adding_a_mentor_from_check_your_answers_asks_their_hours_first(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.get(f"{claim}/check-answers")
    lovelace, hopper = school.mentors["Lovelace"], school.mentors["Hopper"]

    location = answer(client, f"{claim}/mentors", {"mentors": [str(lovelace), str(hopper)]})

    assert location == f"{claim}/hours/{hopper}"
    assert answer(client, location, {"hours": "another", "custom_hours": "2"}) == (
        f"{claim}/check-answers"
    )
    draft = db(claim_for_school, claim_id_of(claim), school.school_id)
    assert [(m.mentor_id, m.hours) for m in draft.mentors] == [(hopper, 2), (lovelace, 16)]


def test_removing_a_mentor_from_check_your_answers_drops_their_hours(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})
    client.get(f"{claim}/check-answers")

    location = answer(client, f"{claim}/mentors", {"mentors": str(school.mentors["Lovelace"])})

    assert location == f"{claim}/check-answers"
    assert list(db(claim_lines, claim_id_of(claim))) == [school.mentors["Lovelace"]]
    text = words(client.get(location).text)
    assert "Ada Turing" not in text and "Total hours 16 hours" in text


def test_changing_the_provider_from_check_your_answers_asks_again_about_mentors(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.get(f"{claim}/check-answers")
    other = db(provider_id, 1)

    page = client.get(f"{claim}/provider")
    assert f'value="{school.provider_name}"' in page.text, "the box starts with the provider"
    assert answer(client, f"{claim}/provider", {"provider": school.provider_name}) == (
        f"{claim}/check-answers"
    ), "the same provider changes nothing"
    location = answer(client, f"{claim}/provider", {"provider": "x", "provider_id": str(other)})

    assert location == f"{claim}/mentors"
    draft = db(claim_for_school, claim_id_of(claim), school.school_id)
    assert (draft.provider.id, draft.mentors) == (other, ())
    response = client.get(f"{claim}/check-answers", follow_redirects=False)
    assert response.headers["location"] == f"{claim}/mentors"


def test_changing_the_provider_by_searching_without_javascript(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.get(f"{claim}/check-answers")

    results = answer(client, f"{claim}/provider", {"provider": "leeds"})
    assert results == f"{claim}/provider-results?provider=leeds"
    page = client.get(results)
    assert back_link(page.text) == f"{claim}/provider?provider=leeds"
    picked = re.findall(r'name="provider_id" type="radio" value="(\d+)"', page.text)[0]

    assert answer(
        client, f"{claim}/provider-results", {"provider": "leeds", "provider_id": picked}
    ) == (f"{claim}/mentors")


def test_submitting_stores_the_claim_and_queues_one_email(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})
    client.get(f"{claim}/check-answers")

    response = client.post_form(f"{claim}/submit", {}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"{claim}/submitted"
    row = db(claim_row, claim_id_of(claim))
    assert row["status"] == ClaimStatus.SUBMITTED.value
    assert (row["hourly_rate_pence"], row["amount_pence"]) == (4380, 91980)
    assert row["submitted_by"] == school.user_id
    assert {line["training_type"] for line in db(claim_lines, claim_id_of(claim)).values()} == {
        "initial"
    }
    page = client.get(f"{claim}/submitted")
    assert heading(page.text) == "Claim submitted"
    text = words(page.text)
    assert f"Your reference number {row['reference']}" in text
    assert f"We will send a confirmation email to {school.user_key}@example.org" in text
    assert "What happens next" in text and "What did you think of this service?" in text
    [email] = db(
        EmailOutbox.select().where(EmailOutbox.to_address == f"{school.user_key}@example.org").run
    )
    fields = json.loads(email["personalisation"])
    assert email["kind"] == "claim_submitted"
    assert fields["reference"] == row["reference"]
    assert (fields["total_hours"], fields["amount"]) == ("21 hours", "£919.80")
    # Submitted in the first 2025 to 2026 window, so paid when that window's claims are.
    paid = (
        "Claims submitted from 5 May 2026 to 17 July 2026 will be paid in September and "
        "October 2026."
    )
    assert fields["payment"] == paid
    # Every field as the service's email builder makes it, so the route cannot drift from it.
    assert fields == claim_submitted_fields(
        SubmittedClaim(
            claim_id=claim_id_of(claim),
            reference=row["reference"],
            school_name="Journey Test School",
            provider_name=school.provider_name,
            total_hours=21,
            hourly_rate_pence=4380,
            amount_pence=91980,
            submitted_at=row["submitted_at"],
            submitter_email=f"{school.user_key}@example.org",
            submitter_first_name="Casey",
        ),
        paid,
    )
    assert paid in text
    assert "academies" not in text and "local authority" not in text


def test_a_claim_in_the_second_window_is_paid_from_december(client, school, clock, db):
    # The second 2025 to 2026 window, for schools that missed the July deadline.
    clock.moment = datetime(2026, 9, 15, 10, 0, tzinfo=UTC)
    claim = complete_claim(client, school, {"Lovelace": 6})

    response = client.post_form(f"{claim}/submit", {}, follow_redirects=False)

    assert response.headers["location"] == f"{claim}/submitted"
    paid = (
        "Claims submitted from 1 September 2026 to 30 September 2026 will be paid from "
        "December 2026."
    )
    text = words(client.get(f"{claim}/submitted").text)
    assert paid in text
    assert "September and October" not in text
    [email] = db(
        EmailOutbox.select().where(EmailOutbox.to_address == f"{school.user_key}@example.org").run
    )
    assert json.loads(email["personalisation"])["payment"] == paid
    assert db(claim_row, claim_id_of(claim))["status"] == ClaimStatus.SUBMITTED.value


def test_a_replayed_submit_goes_to_the_confirmation_and_changes_nothing(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.post_form(f"{claim}/submit", {})
    before = db(claim_row, claim_id_of(claim))

    again = client.post_form(f"{claim}/submit", {}, follow_redirects=False)

    assert again.headers["location"] == f"{claim}/submitted"
    assert db(claim_row, claim_id_of(claim)) == before
    emails = db(
        EmailOutbox.count().where(EmailOutbox.to_address == f"{school.user_key}@example.org").run
    )
    assert emails == 1


def test_a_submitted_claim_cannot_be_answered_again(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.post_form(f"{claim}/submit", {})

    for step in ("mentors", "check-answers", "resume"):
        response = client.get(f"{claim}/{step}", follow_redirects=False)
        assert response.headers["location"] == claim
    response = client.post_form(f"{claim}/mentors", {"mentors": "1"}, follow_redirects=False)
    assert response.headers["location"] == claim


def test_the_confirmation_of_a_draft_is_its_journey(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16})
    response = client.get(f"{claim}/submitted", follow_redirects=False)
    assert response.headers["location"] == f"{claim}/resume"


def test_an_incomplete_claim_is_not_submitted(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    hopper = school.mentors["Hopper"]
    answer(client, f"{claim}/mentors", {"mentors": [str(hopper), str(school.mentors["Lovelace"])]})

    response = client.post_form(f"{claim}/submit", {}, follow_redirects=False)

    assert response.headers["location"] == f"{claim}/hours/{hopper}"
    assert db(claim_row, claim_id_of(claim))["status"] == "draft"


def test_hours_claimed_elsewhere_since_answering_stop_the_submit(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})
    db(stored_claim, db(new_school), school.provider_id, 2025, [(school.mentors["Lovelace"], 6)])

    page = client.post_form(f"{claim}/submit", {})

    assert page.status_code == 200
    assert heading(page.text) == "You cannot submit this claim"
    text = words(page.text)
    assert (
        f"Ada Lovelace has 10 hours left to claim with {school.provider_name} for the academic "
        "year 2025 to 2026, but this claim has 16 hours." in text
    )
    assert link(page.text, "Change the hours for Ada Lovelace") == (
        f"{claim}/hours/{school.mentors['Lovelace']}"
    )
    draft = db(claim_for_school, claim_id_of(claim), school.school_id)
    assert draft.status is ClaimStatus.DRAFT
    assert [m.hours for m in draft.mentors] == [16, 5], "the answers are kept"


def test_a_closed_window_stops_the_submit(client, school, clock, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    # 00:30 on 1 October in London: the second 2025 to 2026 window has closed.
    clock.moment = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)

    page = client.post_form(f"{claim}/submit", {})

    assert heading(page.text) == "You cannot submit this claim"
    assert (
        "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
        "Wednesday 30 September 2026." in words(page.text)
    )
    assert db(claim_row, claim_id_of(claim))["status"] == "draft"


def test_resume_goes_to_the_first_unanswered_question(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16})
    response = client.get(f"{claim}/resume", follow_redirects=False)
    assert response.headers["location"] == f"{claim}/check-answers"

    answer(client, f"{claim}/mentors", {"mentors": [str(school.mentors["Hopper"])]})
    response = client.get(f"{claim}/resume", follow_redirects=False)
    assert response.headers["location"] == f"{claim}/hours/{school.mentors['Hopper']}"


def test_a_colleague_continuing_a_draft_finds_the_confirmation_kept_on_the_claim(
    client, school, db
):
    claim = complete_claim(client, school, {"Lovelace": 16})
    _, colleague = db(new_user, school.school_id)
    client.sign_in(colleague)

    response = client.get(f"{claim}/resume", follow_redirects=False)

    assert response.headers["location"] == f"{claim}/check-answers"


def test_resuming_after_signing_out_and_in_again(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16})
    client.get(f"{claim}/check-answers")
    client.post_form("/sign-out")
    assert client.get(f"{claim}/resume", follow_redirects=False).status_code in (302, 303)

    client.sign_in(school.user_key)

    response = client.get(f"{claim}/resume", follow_redirects=False)
    assert response.headers["location"] == f"{claim}/check-answers"


# "Your claim so far", as a page and as the fragment htmx swaps in.


def test_the_summary_is_a_page_without_javascript(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16})

    page = client.get(f"{claim}/summary")

    assert heading(page.text) == "Your claim so far"
    assert "Ada Lovelace: 16 hours" in words(page.text)


def test_the_summary_fragment_previews_hours_being_typed(client, school):
    claim = complete_claim(client, school, {"Lovelace": 16, "Turing": 5})
    turing = school.mentors["Turing"]
    htmx = {"HX-Request": "true"}

    typed = client.get(
        f"{claim}/summary",
        params={"mentor": turing, "hours": "another", "custom_hours": "2"},
        headers=htmx,
    )
    assert typed.status_code == 200
    assert "<html" not in typed.text
    assert typed.headers["vary"] == "HX-Request"
    text = words(typed.text)
    assert "Ada Turing: 2 hours" in text and "Total hours 18 hours" in text
    assert "£788.40" in text

    junk = client.get(
        f"{claim}/summary",
        params={"mentor": turing, "hours": "another", "custom_hours": "99"},
        headers=htmx,
    )
    assert "Ada Turing: 5 hours" in words(junk.text), "an invalid amount shows the saved one"


def test_the_summary_fragment_previews_mentors_being_ticked(client, school, db):
    claim = complete_claim(client, school, {"Lovelace": 16})
    elsewhere = db(new_school)
    stranger = db(new_mentor, elsewhere, first_name="Not", last_name="Yours")
    params = [
        ("preview", "mentors"),
        ("mentors", str(school.mentors["Hopper"])),
        ("mentors", str(stranger)),
    ]

    page = client.get(f"{claim}/summary", params=params, headers={"HX-Request": "true"})

    text = words(page.text)
    assert "Ada Hopper: Not answered yet" in text
    assert "Ada Lovelace" not in text
    assert "Not Yours" not in text, "another school's mentor is never shown"
    nothing = client.get(
        f"{claim}/summary", params={"preview": "mentors"}, headers={"HX-Request": "true"}
    )
    assert "None chosen yet" in words(nothing.text)


def test_provider_suggestions_as_the_search_is_typed(client, school):
    url = f"/schools/{school.school_id}/claims/new/provider-results"

    page = client.get(url, params={"provider": "university"}, headers={"HX-Request": "true"})

    assert page.status_code == 200 and "<html" not in page.text
    assert len(re.findall(r'name="provider_id" type="radio"', page.text)) == 5
    assert "Keep typing to narrow your search" in words(page.text)
    empty = client.get(url, params={"provider": ""}, headers={"HX-Request": "true"})
    assert words(empty.text) == ""
    none = client.get(url, params={"provider": "zzzz"}, headers={"HX-Request": "true"})
    assert "No accredited providers match ‘zzzz’" in words(none.text)


def test_a_suggestion_picked_with_javascript_starts_the_claim(client, school):
    url = f"/schools/{school.school_id}/claims/new/provider-results"
    page = client.get(url, params={"provider": "leeds"}, headers={"HX-Request": "true"})
    picked = re.findall(r'name="provider_id" type="radio" value="(\d+)"', page.text)[0]

    location = answer(
        client,
        f"/schools/{school.school_id}/claims/new",
        {"provider": "leeds", "provider_id": picked},
    )

    assert re.fullmatch(rf"/schools/{school.school_id}/claims/\d+/mentors", location)


def test_a_trust_users_claim_belongs_to_its_own_school(client, db):
    first = db(journey_school)
    second = db(journey_school)
    db(
        Membership(user=first.user_id, school=second.school_id, created_at=datetime.now(UTC))
        .save()
        .run
    )
    client.sign_in(first.user_key)
    claim = complete_claim(client, first, {"Lovelace": 16})
    elsewhere = claim.replace(f"/schools/{first.school_id}/", f"/schools/{second.school_id}/")

    assert client.get(f"{elsewhere}/check-answers").status_code == 404
    assert error_summary(client.get(f"{claim}/check-answers").text) == []
