"""The add-claim journey through the app, page by page, without JavaScript: answers and errors."""

from __future__ import annotations

import re

import pytest

from db.queries.claim_drafts import claim_for_school
from db.tables import Claim, Membership, Mentor, SchoolMentor
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import (
    JourneySchool,
    answer,
    at_hours,
    back_link,
    claim_id_of,
    error_summary,
    heading,
    journey_school,
    link,
    radio_values,
    start_claim,
    words,
)
from tests.fixtures.client import TODAY
from tests.fixtures.factories import new_mentor, new_school, provider_id, stored_claim

pytestmark = pytest.mark.db


# Accredited provider.


def test_the_provider_question(client, school):
    page = client.get(f"/schools/{school.school_id}/claims/new")

    assert page.status_code == 200
    assert heading(page.text) == "Enter the accredited provider for this claim"
    text = words(page.text)
    assert "Search by name, UKPRN, URN or postcode" in text
    assert "You need to make a separate claim for each accredited provider" in text
    assert back_link(page.text) == school.claims_url
    assert link(page.text, "Cancel") == school.claims_url
    assert "Your claim so far" in text


def test_a_blank_search_is_an_error_and_starts_nothing(client, school, db):
    page = client.post_form(f"/schools/{school.school_id}/claims/new", {"provider": "  "})

    assert page.status_code == 200
    assert error_summary(page.text) == [
        ("Enter the name, UKPRN, URN or postcode of the accredited provider", "#provider")
    ]
    assert db(Claim.count().where(Claim.school == school.school_id).run) == 0


def test_a_search_without_javascript_goes_to_the_results(client, school, db):
    location = answer(client, f"/schools/{school.school_id}/claims/new", {"provider": "leeds"})

    assert location == f"/schools/{school.school_id}/claims/new/provider-results?provider=leeds"
    page = client.get(location)
    assert heading(page.text) == "3 results found for ‘leeds’"
    assert len(radio_values(page.text, "provider_id")) == 3
    assert "Leeds Beckett University" in page.text
    assert "Showing the first" not in page.text
    assert db(Claim.count().where(Claim.school == school.school_id).run) == 0


def test_many_results_show_fifteen_and_a_hint_to_narrow_the_search(client, school):
    page = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results?provider=university"
    )

    assert re.fullmatch(r"\d+ results found for ‘university’", heading(page.text))
    assert int(heading(page.text).split()[0]) > 15
    assert len(radio_values(page.text, "provider_id")) == 15
    assert "Showing the first 15" in words(page.text)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("10045988", "2Schools Consortium"),
        ("N13 6BY", "2Schools Consortium"),
        ("n136by", "2Schools"),
    ],
)
def test_providers_are_found_by_ukprn_and_postcode(client, school, search, expected):
    page = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results", params={"provider": search}
    )
    assert heading(page.text) == f"1 result found for ‘{search}’"
    assert expected in page.text


def test_only_accredited_providers_are_found(client, school):
    page = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results",
        params={"provider": "BEC Teacher Training"},
    )
    assert heading(page.text) == "No results found for ‘BEC Teacher Training’"


def test_no_results_links_back_to_the_search(client, school):
    page = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results", params={"provider": "100%_x"}
    )

    assert heading(page.text) == "No results found for ‘100%_x’"
    change = f"/schools/{school.school_id}/claims/new?provider=100%25_x"
    assert link(page.text, "Change your search") == change
    again = client.get(change)
    assert 'value="100%_x"' in again.text


def test_a_result_must_be_picked(client, school):
    url = f"/schools/{school.school_id}/claims/new/provider-results"
    for data in ({"provider": "leeds"}, {"provider": "leeds", "provider_id": "not-a-provider"}):
        page = client.post_form(url, data)
        assert page.status_code == 200
        assert heading(page.text) == "3 results found for ‘leeds’"
        assert error_summary(page.text) == [("Select the accredited provider", "#provider_id")]


def test_picking_a_result_starts_the_claim(client, school, db):
    page = client.get(f"/schools/{school.school_id}/claims/new/provider-results?provider=leeds")
    picked = radio_values(page.text, "provider_id")[0]

    location = answer(
        client,
        f"/schools/{school.school_id}/claims/new/provider-results",
        {"provider": "leeds", "provider_id": picked},
    )

    claim_id = int(location.split("/")[4])
    assert location == f"/schools/{school.school_id}/claims/{claim_id}/mentors"
    draft = db(claim_for_school, claim_id, school.school_id)
    assert draft.status is ClaimStatus.DRAFT
    assert draft.provider.id == int(picked)
    assert len(draft.reference) == 8


def test_one_organisation_listed_twice_in_the_register_is_offered_once(client, school):
    page = client.get(
        f"/schools/{school.school_id}/claims/new/provider-results",
        params={"provider": "University of Buckingham"},
    )
    assert heading(page.text) == "1 result found for ‘University of Buckingham’"
    assert words(page.text).count("UKPRN 10007787") == 1


def test_returning_to_the_provider_question_shows_the_chosen_provider(client, school, db):
    page = client.get(f"/schools/{school.school_id}/claims/new/provider-results?provider=leeds")
    picked = radio_values(page.text, "provider_id")[0]
    location = answer(
        client,
        f"/schools/{school.school_id}/claims/new/provider-results",
        {"provider": "leeds", "provider_id": picked},
    )
    mentors_page = client.get(location)
    back = back_link(mentors_page.text)
    chosen = db(claim_for_school, int(location.split("/")[4]), school.school_id).provider

    again = client.get(back)

    assert heading(again.text) == "Enter the accredited provider for this claim"
    assert f'value="{chosen.name}"' in again.text


def test_a_provider_that_is_not_accredited_cannot_be_picked(client, school, db):
    not_accredited = db(provider_id, 0, accredited=False)

    location = answer(
        client,
        f"/schools/{school.school_id}/claims/new",
        {"provider": "Bishop", "provider_id": str(not_accredited)},
    )

    assert "/claims/new/provider-results?provider=Bishop" in location
    assert db(Claim.count().where(Claim.school == school.school_id).run) == 0


# Mentors.


def test_the_mentors_question_lists_mentors_with_hours_left(client, school, db):
    used_up = db(new_mentor, school.school_id, first_name="Grace", last_name="Used")
    db(stored_claim, db(new_school), school.provider_id, 2025, [(used_up, 16)])
    claim = start_claim(client, school)

    page = client.get(f"{claim}/mentors")

    assert heading(page.text) == f"Select mentors that trained with {school.provider_name}"
    assert radio_values(page.text, "mentors") == [
        str(school.mentors[name]) for name in ("Hopper", "Lovelace", "Turing")
    ]
    assert "Grace Used" not in re.search(
        r'class="govuk-checkboxes".*?</div>\s*</div>\s*</fieldset>', page.text, re.DOTALL
    ).group(0)
    text = words(page.text)
    assert "My mentor is not listed" in text
    assert link(page.text, "add a mentor") == f"/schools/{school.school_id}/mentors/add"
    assert (
        f"Grace Used has no hours left with {school.provider_name} in the academic year"
        " 2025 to 2026: all 16 hours of initial training have been claimed"
        " (16 hours by another school)." in text
    )
    assert back_link(page.text) == f"{claim}/provider"


def test_a_trn_is_the_hint_for_each_mentor(client, school, db):
    claim = start_claim(client, school)
    page = client.get(f"{claim}/mentors")

    trn = db(Mentor.select(Mentor.trn).where(Mentor.id == school.mentors["Hopper"]).first().run)
    assert f"TRN {trn['trn']}" in words(page.text)


def test_nobody_ticked_is_an_error(client, school):
    claim = start_claim(client, school)

    page = client.post_form(f"{claim}/mentors", {})

    assert page.status_code == 200
    assert error_summary(page.text) == [
        ("Select the mentors that trained with the accredited provider", "#mentors")
    ]


def test_a_mentor_not_offered_is_an_error(client, school, db):
    claim = start_claim(client, school)
    elsewhere = db(new_mentor, db(new_school))

    for ticked in (["nonsense"], [str(elsewhere)], [str(school.mentors["Hopper"]), "99999999"]):
        page = client.post_form(f"{claim}/mentors", {"mentors": ticked})
        assert error_summary(page.text) == [("Select mentors from the list", "#mentors")]
    assert db(claim_for_school, claim_id_of(claim), school.school_id).mentors == ()


def test_one_mentor_ticked(client, school, db):
    claim = start_claim(client, school)
    hopper = school.mentors["Hopper"]

    location = answer(client, f"{claim}/mentors", {"mentors": str(hopper)})

    assert location == f"{claim}/hours/{hopper}"
    [mentor] = db(claim_for_school, claim_id_of(claim), school.school_id).mentors
    assert (mentor.mentor_id, mentor.hours) == (hopper, None)


def test_several_mentors_ticked_are_asked_about_in_list_order(client, school, db):
    claim = start_claim(client, school)
    turing, lovelace = school.mentors["Turing"], school.mentors["Lovelace"]

    location = answer(client, f"{claim}/mentors", {"mentors": [str(turing), str(lovelace)]})

    assert location == f"{claim}/hours/{lovelace}"
    mentors = db(claim_for_school, claim_id_of(claim), school.school_id).mentors
    assert [mentor.mentor_id for mentor in mentors] == [lovelace, turing]


def test_no_mentors_with_hours_left(client, db):
    school = db(journey_school, surnames=("Only",))
    client.sign_in(school.user_key)
    db(stored_claim, db(new_school), school.provider_id, 2025, [(school.mentors["Only"], 16)])
    claim = start_claim(client, school)

    page = client.get(f"{claim}/mentors")

    assert heading(page.text) == f"No mentors for {school.provider_name}"
    assert link(page.text, "Change the accredited provider") == f"{claim}/provider"
    assert link(page.text, "Add a mentor") == f"/schools/{school.school_id}/mentors/add"
    assert "Ada Only" in words(page.text)
    assert radio_values(page.text, "mentors") == []


def test_a_school_without_mentors_cannot_start_a_claim_and_is_sent_to_add_one(client):
    client.sign_in("no-mentors")
    claims = client.get("/schools", follow_redirects=True).url.path
    school_id = int(re.fullmatch(r"/schools/(\d+)/claims", claims)[1])

    page = client.get(f"/schools/{school_id}/claims/new")

    assert page.status_code == 200
    assert heading(page.text) == "You cannot start a claim"
    assert "<title>You cannot start a claim - " in page.text
    assert "Before you can start a claim you need to add a mentor." in words(page.text)
    add_mentor = link(page.text, "Add a mentor")
    assert add_mentor == f"/schools/{school_id}/mentors/add"
    assert client.get(add_mentor).status_code == 200
    assert link(page.text, "Return to your claims") == claims


# Hours.


def test_the_hours_question_states_the_allowance(client, school):
    url = at_hours(client, school, "Lovelace")

    page = client.get(url)

    assert heading(page.text) == "How many hours of training did Ada Lovelace complete?"
    text = words(page.text)
    assert "Up to 16 hours of initial training in the academic year 2025 to 2026." in text
    assert radio_values(page.text, "hours") == ["maximum", "another"]
    assert re.search(r'<label[^>]*for="hours">\s*16 hours\s*</label>', page.text)
    assert "Enter a whole number up to 16" in text
    assert 'inputmode="numeric"' in page.text and 'type="number"' not in page.text
    assert "early career teacher (ECT) mentors" in text


def test_a_refresher_mentor_has_the_refresher_allowance(client, school, db):
    # A submitted claim with this provider in an earlier year makes this year's a refresher.
    db(stored_claim, db(new_school), school.provider_id, 2024, [(school.mentors["Turing"], 16)])
    url = at_hours(client, school, "Turing")

    page = client.get(url)

    assert "Up to 6 hours of refresher training in the academic year 2025 to 2026." in words(
        page.text
    )
    assert re.search(r'<label[^>]*for="hours">\s*6 hours\s*</label>', page.text)
    assert "Enter a whole number up to 6" in words(page.text)


def test_hours_another_school_claimed_are_taken_off(client, school, db):
    db(stored_claim, db(new_school), school.provider_id, 2025, [(school.mentors["Hopper"], 10)])
    url = at_hours(client, school, "Hopper")

    text = words(client.get(url).text)

    assert "10 hours already claimed, 6 hours left." in text
    assert "Enter a whole number up to 6" in text


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, [("Select the number of hours", "#hours")]),
        ({"hours": "nonsense"}, [("Select the number of hours", "#hours")]),
        ({"hours": "another"}, [("Enter the number of hours", "#custom_hours")]),
        (
            {"hours": "another", "custom_hours": "  "},
            [("Enter the number of hours", "#custom_hours")],
        ),
        (
            {"hours": "another", "custom_hours": "ten"},
            [("Number of hours must be a whole number", "#custom_hours")],
        ),
        (
            {"hours": "another", "custom_hours": "2.5"},
            [("Number of hours must be a whole number", "#custom_hours")],
        ),
        (
            {"hours": "another", "custom_hours": "0"},
            [("Number of hours must be between 1 and 16", "#custom_hours")],
        ),
        (
            {"hours": "another", "custom_hours": "17"},
            [("Number of hours must be between 1 and 16", "#custom_hours")],
        ),
    ],
)
def test_hours_errors(client, school, db, data, errors):
    url = at_hours(client, school, "Lovelace")

    page = client.post_form(url, data)

    assert page.status_code == 200
    assert error_summary(page.text) == errors
    assert db(claim_for_school, int(url.split("/")[4]), school.school_id).mentors[0].hours is None


def test_the_amount_typed_is_kept_and_shown_without_javascript(client, school):
    url = at_hours(client, school, "Lovelace")

    page = client.post_form(url, {"hours": "another", "custom_hours": "17"})

    assert 'value="17"' in page.text
    assert re.search(r'value="another" checked', page.text)
    # GOV.UK radios only hide the conditional input when it is not chosen.
    assert "govuk-radios__conditional--hidden" not in page.text


@pytest.mark.parametrize(
    ("data", "hours"),
    [
        ({"hours": "maximum"}, 16),
        ({"hours": "another", "custom_hours": "1"}, 1),
        ({"hours": "another", "custom_hours": " 16 "}, 16),
        ({"hours": "maximum", "custom_hours": "3"}, 16),
    ],
)
def test_hours_answered(client, school, db, data, hours):
    url = at_hours(client, school, "Lovelace", "Turing")
    claim = url.rsplit("/hours/", 1)[0]

    location = answer(client, url, data)

    assert location == f"{claim}/hours/{school.mentors['Turing']}"
    draft = db(claim_for_school, claim_id_of(claim), school.school_id)
    assert draft.mentor(school.mentors["Lovelace"]).hours == hours
    again = client.get(url)
    checked = "maximum" if hours == 16 else "another"
    assert re.search(rf'value="{checked}" checked', again.text)


def test_hours_taken_while_answering_are_refused(client, school, db):
    url = at_hours(client, school, "Hopper")
    client.get(url)
    db(stored_claim, db(new_school), school.provider_id, 2025, [(school.mentors["Hopper"], 12)])

    page = client.post_form(url, {"hours": "maximum", "shown": "16"})

    assert page.status_code == 200
    [(message, link)] = error_summary(page.text)
    assert link == "#hours"
    assert message == (
        "Another claim has used some of these hours, so there are only 4 hours left to claim"
    )
    assert re.search(r'<label[^>]*for="hours">\s*4 hours\s*</label>', page.text)
    claim = int(url.split("/")[4])
    assert db(claim_for_school, claim, school.school_id).mentors[0].hours is None


def test_a_trust_user_sees_one_allowance_across_two_schools(client, db):
    first = db(journey_school, surnames=("Shared",))
    second_school = db(new_school, name="Second Trust School")
    shared = first.mentors["Shared"]
    db(SchoolMentor(school=second_school, mentor=shared, created_at=TODAY).save().run)
    db(Membership(user=first.user_id, school=second_school, created_at=TODAY).save().run)
    client.sign_in(first.user_key)
    claim = start_claim(client, first)
    answer(client, f"{claim}/mentors", {"mentors": str(shared)})
    answer(client, f"{claim}/hours/{shared}", {"hours": "another", "custom_hours": "10"})

    second = JourneySchool(
        second_school, first.user_id, first.user_key, {}, first.provider_id, first.provider_name
    )
    other_claim = start_claim(client, second)
    answer(client, f"{other_claim}/mentors", {"mentors": str(shared)})
    page = client.get(f"{other_claim}/hours/{shared}")

    assert "10 hours already claimed, 6 hours left." in words(page.text)
    refused = client.post_form(
        f"{other_claim}/hours/{shared}", {"hours": "another", "custom_hours": "7"}
    )
    assert error_summary(refused.text) == [
        ("Number of hours must be between 1 and 6", "#custom_hours")
    ]


# Confirm the hours.


def test_confirming_the_hours_with_the_provider_is_a_yes_or_no_question(client, school):
    url = at_hours(client, school, "Lovelace")
    claim = url.rsplit("/hours/", 1)[0]
    assert answer(client, url, {"hours": "maximum"}) == f"{claim}/confirm-hours"

    page = client.get(f"{claim}/confirm-hours")
    question = f"Have you confirmed these hours with {school.provider_name}?"
    assert heading(page.text) == question
    # The question is the legend, visible as the page heading.
    assert "govuk-visually-hidden" not in page.text.split("<legend", 1)[1].split(">", 1)[0]
    assert "Ada Lovelace: 16 hours" in words(page.text)

    refused = client.post_form(f"{claim}/confirm-hours", {})
    assert error_summary(refused.text) == [
        (f"Select yes if you have confirmed these hours with {school.provider_name}", "#confirmed")
    ]
    assert answer(client, f"{claim}/confirm-hours", {"confirmed": "yes"}) == (
        f"{claim}/check-answers"
    )


def test_not_confirming_the_hours_is_allowed_with_advice(client, school):
    url = at_hours(client, school, "Lovelace")
    claim = url.rsplit("/hours/", 1)[0]
    answer(client, url, {"hours": "maximum"})
    advice = "strongly recommends that you check these hours with"
    assert advice in words(client.get(f"{claim}/confirm-hours").text)

    assert answer(client, f"{claim}/confirm-hours", {"confirmed": "no"}) == (
        f"{claim}/check-answers"
    )
    page = client.get(f"{claim}/check-answers")
    assert f"Hours confirmed with {school.provider_name} No" in words(page.text)
    assert advice in words(page.text)
    again = client.get(f"{claim}/confirm-hours")
    assert 'value="no" checked' in again.text


# Order and back links.


def test_a_later_question_cannot_be_skipped_to(client, school):
    claim = start_claim(client, school)
    lovelace = school.mentors["Lovelace"]

    for step in ("confirm-hours", "check-answers", f"hours/{lovelace}"):
        response = client.get(f"{claim}/{step}", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"{claim}/mentors"


def test_an_unknown_step_is_not_found(client, school):
    claim = start_claim(client, school)
    assert client.get(f"{claim}/nonsense").status_code == 404
    assert client.get(f"{claim}/hours/abc").status_code == 404


def test_back_links_follow_the_questions(client, school):
    url = at_hours(client, school, "Lovelace", "Turing")
    claim = url.rsplit("/hours/", 1)[0]
    lovelace, turing = school.mentors["Lovelace"], school.mentors["Turing"]
    answer(client, url, {"hours": "maximum"})

    assert back_link(client.get(url).text) == f"{claim}/mentors"
    assert back_link(client.get(f"{claim}/hours/{turing}").text) == f"{claim}/hours/{lovelace}"
