"""Signing in, choosing an organisation, grant conditions and organisation details."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from db.personas import PERSONAS
from tests.fixtures.database import run
from web.navigation import school_home


def test_start_page_says_when_you_can_claim(client):
    page = client.get("/")
    assert "You have until 11:59pm on Friday 17 July 2026" in page.text
    assert 'href="/sign-in"' in page.text


def test_start_page_title_names_the_service_once(client):
    # The start page is named after the service, so "- Claim funding for mentor training -"
    # would repeat its own heading.
    title = re.search(r"<title>(.*?)</title>", client.get("/").text, re.DOTALL)[1]
    assert " ".join(title.split()) == "Claim funding for mentor training - GOV.UK"


def test_sign_in_page_lists_every_persona_with_what_it_shows(client):
    page = client.get("/sign-in")
    for persona in PERSONAS:
        assert f"Sign in as {persona.first_name} {persona.last_name}" in page.text
        assert persona.description in page.text


def test_anonymous_user_is_sent_to_sign_in_and_back_afterwards(client):
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/account"
    signed_in = client.sign_in("single-school", next_path="/account")
    assert signed_in.headers["location"] == "/account"


def test_sign_in_never_redirects_off_the_service(client):
    response = client.sign_in("single-school", next_path="https://evil.example/")
    assert response.headers["location"] == "/schools"
    response = client.sign_in("single-school", next_path="//evil.example/")
    assert response.headers["location"] == "/schools"


def test_unknown_persona_goes_back_to_sign_in(client):
    response = client.sign_in("nobody-at-all")
    assert response.headers["location"] == "/sign-in"
    assert client.get("/schools", follow_redirects=False).status_code == 303


def test_single_school_user_goes_straight_to_their_school(client):
    client.sign_in("single-school")
    page = client.get("/schools")
    assert "Adderley CofE Primary School" in page.text
    assert "Change organisation" not in page.text


def test_trust_user_chooses_from_their_schools_most_pressing_then_by_name(client):
    client.sign_in("trust")
    names = []
    for number in ("1", "2"):
        page = client.get("/schools", params={"page": number})
        assert "Select an organisation" in page.text
        names += re.findall(r'href="/schools/\d+">([^<]+)</a>', page.text)
    assert len(names) == 44
    # The seeded trust has no claims yet: every school is "Not started", so name order holds.
    assert names == sorted(names, key=str.casefold)
    assert 'id="q"' in page.text, "a trust with 44 schools gets a filter box"


def test_filtering_schools_without_javascript(client):
    client.sign_in("trust")
    page = client.get("/schools", params={"q": "  harris   academy CHOBHAM "})
    names = re.findall(r'href="/schools/\d+">([^<]+)</a>', page.text)
    assert names == ["Harris Academy Chobham"]
    assert "1 organisation found for ‘harris academy CHOBHAM’" in page.text


def test_a_filter_matching_nothing_offers_every_organisation_again(client):
    client.sign_in("trust")
    page = client.get("/schools", params={"q": "zzz-no-such"})
    assert "No organisations match your filters" in page.text
    assert '<a class="govuk-link" href="/schools">Show all organisations</a>' in page.text


def test_trust_user_sees_change_organisation_inside_a_school(client):
    client.sign_in("trust")
    school_id = client.school_ids()[0]
    page = client.get(f"/schools/{school_id}")
    assert 'href="/schools">Change organisation</a>' in page.text


def test_no_access_persona_is_told_how_to_get_access(client):
    client.sign_in("no-access")
    page = client.get("/schools")
    assert page.status_code == 403
    assert "You do not have access to this service" in page.text


def test_school_must_accept_grant_conditions_first(client, make):
    school_id = make.school(name="Conditions Pending School", accepted=False)
    client.sign_in(make.user(school_id, first_name="Ada", last_name="Lovelace"))
    details = f"/schools/{school_id}/organisation-details"
    response = client.get(details, follow_redirects=False)
    assert response.headers["location"] == f"/schools/{school_id}/grant-conditions"
    conditions = client.get(f"/schools/{school_id}/grant-conditions")
    assert "Accept grant conditions" in conditions.text
    assert "authorised representative of Conditions Pending School" in conditions.text
    accepted = client.post_form(f"/schools/{school_id}/grant-conditions", {"next": details})
    assert accepted.url.path == details
    assert "Ada Lovelace" in accepted.text
    assert "10 June 2026" in accepted.text


def test_accepting_grant_conditions_never_redirects_to_another_school(client, make):
    school_id = make.school(accepted=False)
    client.sign_in(make.user(school_id))
    response = client.post_form(
        f"/schools/{school_id}/grant-conditions",
        {"next": "/schools/1/organisation-details"},
        follow_redirects=False,
    )
    assert response.headers["location"] == school_home(school_id)


def test_first_acceptance_is_the_one_recorded(client, make):
    school_id = make.school(accepted=False)
    first = make.user(school_id, first_name="First", last_name="Accepter")
    second = make.user(school_id, first_name="Second", last_name="Person")
    client.sign_in(first)
    client.post_form(f"/schools/{school_id}/grant-conditions")
    client.sign_in(second)
    page = client.get(f"/schools/{school_id}/grant-conditions", follow_redirects=False)
    assert page.headers["location"] == school_home(school_id), "an accepted school skips it"
    details = client.get(f"/schools/{school_id}/organisation-details")
    assert "First Accepter" in details.text


def test_organisation_details_show_region_and_this_years_rate(client, make):
    school_id = make.school(name="Inner London Test School", region="Inner London")
    client.sign_in(make.user(school_id))
    page = client.get(f"/schools/{school_id}/organisation-details")
    assert "Inner London" in page.text
    assert "Hourly rate (2025 to 2026)" in page.text
    assert "£53.60" in page.text


def test_organisation_details_say_an_unconfirmed_years_rate_is_not_confirmed(client, make, clock):
    school_id = make.school(name="Inner London Test School", region="Inner London")
    client.sign_in(make.user(school_id))
    # 2026 to 2027: the guidance says its funding "will be confirmed in due course".
    clock.moment = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    page = client.get(f"/schools/{school_id}/organisation-details")
    assert page.status_code == 200
    assert "Hourly rate (2026 to 2027)" in page.text
    assert "Not confirmed yet" in page.text
    assert "£" not in page.text


def test_organisation_details_link_the_website(client):
    client.sign_in("single-school")
    school_id = int(client.get("/schools").url.path.split("/")[2])
    page = client.get(f"/schools/{school_id}/organisation-details")
    assert (
        '<a class="govuk-link" href="https://www.adderley.shropshire.sch.uk">'
        "www.adderley.shropshire.sch.uk</a>" in page.text
    )
    assert "&lt;a" not in page.text


def test_organisation_details_for_a_rest_of_england_school(client):
    client.sign_in("single-school")
    school_path = client.get("/schools").url.path
    school_id = int(school_path.split("/")[2])
    page = client.get(f"/schools/{school_id}/organisation-details")
    assert "Adderley CofE Primary School" in page.text
    assert "Rest of England" in page.text
    assert "£43.80" in page.text


def test_another_schools_page_is_not_found(client, make):
    other = make.school(name="Somebody Else's School")
    client.sign_in("single-school")
    page = client.get(f"/schools/{other}/organisation-details")
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert "Somebody Else" not in page.text


def test_unknown_page_is_a_govuk_404(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.text


def test_form_without_csrf_token_is_refused_with_a_page(client, make):
    school_id = make.school(accepted=False)
    client.sign_in(make.user(school_id))
    response = client.post(f"/schools/{school_id}/grant-conditions", data={})
    assert response.status_code == 403
    assert "Sorry, we could not send your form" in response.text
    assert run(_accepted(school_id)) is False


async def _accepted(school_id: int) -> bool:
    from db.tables import School

    school = await School.objects().get(School.id == school_id)
    return school.grant_conditions_accepted_at is not None


def test_sign_out_ends_the_session(client):
    client.sign_in("single-school")
    assert client.get("/account").status_code == 200
    page = client.post_form("/sign-out")
    assert "You have signed out" in page.text
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_sign_out_in_the_header_is_a_form_that_works_without_javascript(client):
    client.sign_in("single-school")
    header = client.get("/account").text.split("</header>")[0]
    form = re.search(
        r'<form class="app-sign-out" method="post" action="/sign-out".*?</form>', header, re.DOTALL
    )
    assert form and 'name="_csrf_token"' in form[0]
    assert '<button type="submit"' in form[0] and "Sign out</button>" in form[0]
    assert 'href="/sign-out"' not in header


def test_a_link_to_sign_out_no_longer_signs_anyone_out(client):
    client.sign_in("single-school")
    page = client.get("/sign-out")
    assert page.status_code == 200
    assert '<form method="post" action="/sign-out"' in page.text
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_signing_out_without_the_token_is_refused_with_a_page(client):
    client.sign_in("single-school")
    refused = client.post("/sign-out", data={})
    assert refused.status_code == 403
    assert "Sorry, we could not send your form" in refused.text
    assert client.get("/account", follow_redirects=False).status_code == 200


def test_account_page_lists_the_users_organisations(client):
    client.sign_in("trust")
    page = client.get("/account")
    assert "jordan.taylor@example.org" in page.text
    assert page.text.count('href="/schools/') >= 44


def test_an_unexpected_error_is_a_govuk_page_not_a_traceback(client, monkeypatch):
    async def broken():
        raise RuntimeError("database fell over")

    monkeypatch.setattr("web.routes.pages.all_windows", broken)
    page = client.get("/")
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.text
    assert "database fell over" not in page.text and "Traceback" not in page.text


def test_a_malformed_request_is_a_govuk_page_not_json(client):
    client.sign_in("single-school")
    page = client.get("/schools/not-a-number/organisation-details")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
