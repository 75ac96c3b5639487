"""The facilitator's pages: starting a session, its briefing and date, reset, record, delete."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest


def test_the_sessions_page_lists_sessions_newest_first(research):
    first, second = research.start("first-claim"), research.start("trust")
    page = research.client.get("/research").text
    assert page.index(second) < page.index(first)
    assert "A trust user with over 30 schools" in page
    assert 'href="/research/sessions/new"' in page


def test_choosing_a_scenario_lists_every_one(research_client):
    page = research_client.get("/research/sessions/new").text
    for name in (
        "A single school making its first claim",
        "A refresher mentor",
        "A TRN the Teaching Record System does not find",
    ):
        assert name in page


@pytest.mark.parametrize("form", [{}, {"scenario": "no-such-scenario"}])
def test_starting_without_a_scenario_asks_for_one(research_client, form):
    response = research_client.post_form("/research/sessions", form)
    assert response.status_code == 200
    assert "Select a scenario" in response.text
    assert 'href="#scenario"' in response.text


def test_a_started_session_shows_its_link_briefing_and_date(research):
    code = research.start("no-mentors")
    page = research.client.get(f"/research/sessions/{code}?done=started").text
    assert "Session started" in page
    assert f'href="http://testserver.local/research/join/{code}"' in page
    assert "Christ Church Church of England Primary School" in page
    assert page.count("Mentor to add") == 2
    assert "The service thinks it is 10 June 2026 at 1:00pm" in page
    assert "Claim window closes in 2 days" in page


def test_choosing_no_date_is_an_error(research):
    code = research.start("first-claim")
    response = research.client.post_form(f"/research/sessions/{code}/date", {})
    assert response.status_code == 200
    assert "Select the date the service should think it is" in response.text
    assert 'href="#date"' in response.text


def test_an_impossible_other_date_is_an_error_and_keeps_the_answers(research):
    code = research.start("first-claim")
    response = research.client.post_form(
        f"/research/sessions/{code}/date",
        {
            "date": "another",
            "another-date-day": "31",
            "another-date-month": "2",
            "another-date-year": "2027",
        },
    )
    assert response.status_code == 200
    assert "The date must be a real date" in response.text
    assert 'href="#another-date-day"' in response.text
    assert 'value="31"' in response.text


def test_reset_asks_first_and_keeps_the_date_the_facilitator_chose(research):
    code = research.start("window-closing")
    research.client.post_form(f"/research/sessions/{code}/date", {"date": "closes-today"})
    page = research.client.get(f"/research/sessions/{code}").text
    # A link to a question, not a red button that resets at once.
    assert f'href="/research/sessions/{code}/reset"' in page
    assert f'action="/research/sessions/{code}/reset"' not in page
    assert "on the session's date: Last day of the claim window" in page

    confirm = research.client.get(f"/research/sessions/{code}/reset")
    assert f"Are you sure you want to reset session {code}?" in confirm.text
    assert "The session stays on its date: Last day of the claim window" in confirm.text
    assert f'action="/research/sessions/{code}/reset"' in confirm.text
    assert f'href="/research/sessions/{code}">Cancel</a>' in confirm.text

    research.client.post_form(f"/research/sessions/{code}/reset")
    page = research.client.get(f"/research/sessions/{code}").text
    assert "The service thinks it is 17 July 2026 at 10:00am" in page


def test_reset_from_the_page_removes_what_the_participant_added(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    email = f"grace.hopper.{code.lower()}@example.org"
    research.client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Grace", "last_name": "Hopper", "email": email},
    )
    research.client.post_form(f"/schools/{school_id}/users/add/check")
    assert email in research.client.get(f"/schools/{school_id}/users").text

    reset = research.client.post_form(f"/research/sessions/{code}/reset", follow_redirects=False)
    assert reset.headers["location"] == f"/research/sessions/{code}?done=reset"
    page = research.client.get(reset.headers["location"]).text
    assert "Session reset" in page
    again = research.client.post_form(f"/research/sessions/{code}/reset", follow_redirects=False)
    assert again.status_code == 303

    school_id = research.join(code)
    assert email not in research.client.get(f"/schools/{school_id}/users").text


def test_the_record_page_shows_pages_errors_and_the_countdown(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    research.client.post_form(f"/schools/{school_id}/mentors/add", {"trn": "12"})
    page = research.client.get(f"/research/sessions/{code}/record").text
    # Pages are named as the participant saw them; routes are left for the downloads.
    assert '<td class="govuk-table__cell">Claims</td>' in page
    assert '<td class="govuk-table__cell">Find a mentor</td>' in page
    assert "{school_id}" not in page
    assert "2 days remaining" in page
    assert "(trn)" in page
    assert page.count(">Form error</td>") == 1
    # JavaScript is said once for the run, not on every page.
    assert page.count("Off (no page reported it running)") == 1
    assert "JavaScript on" not in page
    # The timeline: a bar per page (Claims, the start page where the test client read its form
    # token, and Find a mentor), the one with the error marked.
    assert 'aria-labelledby="timeline-title"' in page
    assert page.count('class="app-chart__bar app-chart__bar--') == 3
    assert 'class="app-chart__bar app-chart__bar--error"' in page


def test_the_record_keeps_runs_apart(research):
    code = research.start("window-closing")
    research.join(code)
    research.client.post_form(f"/research/sessions/{code}/reset")
    school_id = research.join(code)
    research.client.get(f"/schools/{school_id}/users")
    latest = research.client.get(f"/research/sessions/{code}/record").text
    users = '<td class="govuk-table__cell">Users</td>'
    assert "<strong>Run 2</strong> (shown)" in latest
    assert f'href="/research/sessions/{code}/record?run=1"' in latest
    assert users in latest
    first = research.client.get(f"/research/sessions/{code}/record?run=1").text
    assert "<strong>Run 1</strong> (shown)" in first
    assert users not in first


def test_the_record_exports_as_csv_and_json(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    research.client.post_form(f"/schools/{school_id}/mentors/add", {"trn": "12"})

    pages = research.client.get(f"/research/sessions/{code}/record.csv")
    assert pages.headers["content-type"].startswith("text/csv")
    assert f"research-{code}-pages.csv" in pages.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(pages.text)))
    assert rows[-1]["question"] == "Find a mentor"
    assert rows[-1]["step"] == "/schools/{school_id}/mentors/add"
    assert rows[-1]["arrived_by"] == "form-error"
    assert rows[-1]["method"] == "POST"
    assert rows[-1]["errors"].startswith("trn: ")
    assert "2 days remaining" in {row["countdown"] for row in rows}

    summary = list(
        csv.DictReader(
            io.StringIO(research.client.get(f"/research/sessions/{code}/summary.csv").text)
        )
    )
    assert {row["question"] for row in summary} >= {"Claims", "Find a mentor"}

    data = json.loads(research.client.get(f"/research/sessions/{code}/record.json").text)
    assert data["session"]["code"] == code
    assert data["session"]["scenario_name"] == "A claim window closing in 2 days"
    assert data["runs"][0]["visits"][-1]["errors"][0]["field"] == "trn"


def test_deleting_a_session_asks_first_then_removes_it(research):
    code = research.start("first-claim")
    confirm = research.client.get(f"/research/sessions/{code}/delete")
    assert f"Are you sure you want to delete session {code}?" in confirm.text
    deleted = research.client.post_form(f"/research/sessions/{code}/delete", follow_redirects=False)
    assert deleted.headers["location"] == "/research?done=deleted"
    listing = research.client.get("/research?done=deleted").text
    assert "Session deleted" in listing
    assert code not in listing
    for path in (
        f"/research/sessions/{code}",
        f"/research/join/{code}",
        f"/research/sessions/{code}/record.csv",
    ):
        assert research.client.get(path).status_code == 404


@pytest.mark.parametrize("code", ["NOSUCH", "abc", "A" * 40])
def test_unknown_sessions_are_not_found(research_client, code):
    for path in (
        f"/research/sessions/{code}",
        f"/research/join/{code}",
        f"/research/sessions/{code}/record",
    ):
        assert research_client.get(path).status_code == 404


def test_the_participants_link_signs_them_in_without_telling_them_the_scenario(research):
    code = research.start("hours-used")
    page = research.client.get(f"/research/join/{code}").text
    assert re.search(r"<h1[^>]*>\s*Sign in as Morgan Reid\s*</h1>", page)
    assert "used all" not in page
    school_id = research.join(code)
    assert "Morgan Reid" in research.client.get("/account").text
    assert research.client.get(f"/schools/{school_id}/claims").status_code == 200
