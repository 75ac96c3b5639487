"""The claims list: what it says and offers in each state of the claim windows."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import html5lib


def _main_text(html: str) -> str:
    document = html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)
    return " ".join("".join(document.find(".//main").itertext()).split())


def _claims_list(client, school_id: int):
    response = client.get(f"/schools/{school_id}/claims")
    assert response.status_code == 200
    return response, _main_text(response.text)


def _school_with_mentor(make, claims, **school) -> tuple[int, str]:
    school_id = make.school(**school)
    claims.mentor(school_id)
    return school_id, make.user(school_id)


def _add_claim_link(html: str, school_id: int) -> bool:
    return f'href="/schools/{school_id}/claims/new"' in html


def test_open_window_gives_the_deadline_and_the_add_claim_button(client, make, claims):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    response, text = _claims_list(client, school_id)
    assert (
        "You have until 11:59pm on Friday 17 July 2026 to submit claims for the academic year "
        "September 2025 to July 2026." in text
    )
    assert _add_claim_link(response.text, school_id)
    assert ">Add claim<" in response.text.replace("\n", "").replace("  ", "")
    # 10 June 2026 is more than 30 days before the deadline: no countdown yet.
    assert "remaining" not in text
    assert "govuk-notification-banner" not in response.text


def test_countdown_starts_in_the_last_30_days(client, make, claims, clock):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    # The window ends on 17 July 2026: 30 days before is still outside the countdown.
    clock.moment = datetime(2026, 6, 17, 12, 0, tzinfo=UTC)
    response, text = _claims_list(client, school_id)
    assert "remaining" not in text
    clock.moment = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
    response, text = _claims_list(client, school_id)
    assert "Important 29 days remaining You have until 11:59pm on Friday 17 July 2026" in text
    assert _add_claim_link(response.text, school_id)


def test_countdown_on_the_day_before_the_last(client, make, claims, clock):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    clock.moment = datetime(2026, 7, 16, 22, 30, tzinfo=UTC)  # 11:30pm in London (BST)
    _, text = _claims_list(client, school_id)
    assert "1 day remaining" in text


def test_final_day_counts_hours_and_minutes(client, make, claims, clock):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    # 9:15pm in London on the last day; the window closes at midnight London time.
    clock.moment = datetime(2026, 7, 17, 20, 15, tzinfo=UTC)
    response, text = _claims_list(client, school_id)
    assert "2 hours and 45 minutes remaining" in text
    assert "days remaining" not in text
    assert _add_claim_link(response.text, school_id)


def test_closed_window_says_when_claims_closed_and_when_the_next_window_opens(
    client, make, claims, clock
):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    clock.moment = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)
    response, text = _claims_list(client, school_id)
    assert (
        "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
        "Friday 17 July 2026." in text
    )
    # The second 2025 to 2026 window, for schools that missed the first deadline.
    assert (
        "You can submit claims for the academic year September 2025 to July 2026 from "
        "Tuesday 1 September 2026." in text
    )
    assert not _add_claim_link(response.text, school_id)
    assert "You have until" not in text


def test_closed_window_with_no_next_window_set(client, make, claims, clock):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    # No window for 2026 to 2027 has been announced.
    clock.moment = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    response, text = _claims_list(client, school_id)
    assert (
        "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
        "Wednesday 30 September 2026." in text
    )
    assert "You can submit claims" not in text
    assert not _add_claim_link(response.text, school_id)


def test_window_opens_at_midnight_london_time_not_utc(client, make, claims, clock):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    # 11:30pm UTC on 31 August is 00:30 on 1 September in London: the second window is open.
    clock.moment = datetime(2026, 8, 31, 23, 30, tzinfo=UTC)
    response, _ = _claims_list(client, school_id)
    assert _add_claim_link(response.text, school_id)
    clock.moment = datetime(2026, 8, 31, 22, 30, tzinfo=UTC)
    response, _ = _claims_list(client, school_id)
    assert not _add_claim_link(response.text, school_id)


def test_school_not_eligible_this_year_is_told_why_and_whom_to_contact(client, make, claims):
    school_id, user = _school_with_mentor(make, claims, eligible_years=(2023, 2024, 2026))
    client.sign_in(user)
    response, text = _claims_list(client, school_id)
    assert (
        "Your school cannot claim for the academic year September 2025 to July 2026 because it "
        "is not recorded as hosting initial teacher training (ITT) placements that year." in text
    )
    assert (
        "Ask your accredited provider to check your school's placement details in Register "
        "trainee teachers." in text
    )
    assert "a trainee who then withdrew from their course" in text
    assert "ittmentor.funding@education.gov.uk" in text
    assert not _add_claim_link(response.text, school_id)
    assert "You have until" not in text


def test_not_eligible_persona_sees_why(client):
    client.sign_in("not-eligible")
    response = client.get("/schools", follow_redirects=True)
    assert response.url.path.endswith("/claims")
    assert "Your school cannot claim for the academic year" in _main_text(response.text)


def test_school_without_mentors_is_asked_to_add_one(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    response, text = _claims_list(client, school_id)
    assert "Before you can start a claim you need to add a mentor." in text
    assert f'href="/schools/{school_id}/mentors/add"' in response.text
    assert not _add_claim_link(response.text, school_id)
    # They can still claim this year once a mentor is added, so the deadline is worth knowing.
    assert "You have until 11:59pm on Friday 17 July 2026" in text


def test_no_mentors_persona_is_asked_to_add_one(client):
    client.sign_in("no-mentors")
    response = client.get("/schools", follow_redirects=True)
    assert "Before you can start a claim you need to add a mentor." in _main_text(response.text)


def test_claims_is_the_first_navigation_item_and_the_schools_home(client, make, claims):
    school_id, user = _school_with_mentor(make, claims)
    client.sign_in(user)
    response = client.get(f"/schools/{school_id}", follow_redirects=False)
    assert response.headers["location"] == f"/schools/{school_id}/claims"
    page = client.get(f"/schools/{school_id}/claims").text
    navigation = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', page)
    assert navigation[0] == f"/schools/{school_id}/claims"
    assert re.search(
        r'govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link" '
        rf'href="/schools/{school_id}/claims" aria-current=',
        page,
    )


def test_single_school_user_lands_on_the_claims_list(client):
    client.sign_in("single-school")
    response = client.get("/schools", follow_redirects=True)
    assert response.url.path.endswith("/claims")
    assert '<h1 class="govuk-heading-l">Claims</h1>' in response.text


def test_grant_conditions_come_before_the_claims_list(client, make):
    school_id = make.school(accepted=False)
    client.sign_in(make.user(school_id))
    response = client.get(f"/schools/{school_id}/claims", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school_id}/grant-conditions"


def test_anonymous_user_is_sent_to_sign_in_and_back(client, make):
    school_id = make.school()
    response = client.get(f"/schools/{school_id}/claims", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next=/schools/{school_id}/claims"


def test_someone_from_another_school_gets_not_found(client, make, claims):
    school_id = make.school(name="Private Claims School")
    claims.draft(school_id, [(claims.mentor(school_id), 3)])
    client.sign_in(make.user(make.school()))
    response = client.get(f"/schools/{school_id}/claims")
    assert response.status_code == 404
    assert "Private Claims School" not in response.text
