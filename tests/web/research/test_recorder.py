"""The session record as a participant's requests write it: pages, errors, going back, JS."""

from __future__ import annotations

import re
import uuid

import pytest

from db.queries.research import session_by_code
from db.tables import ResearchEvent
from tests.fixtures.database import run


def _token(html: str) -> str:
    return re.search(r'data-research-page="([0-9a-f]{32})"', html).group(1)


def _stored_text(code: str) -> str:
    """Every column of every event of the session, as one string to search."""
    session = run(session_by_code(code))
    rows = run(ResearchEvent.select().where(ResearchEvent.session == session.id).run())
    return " ".join(str(value) for row in rows for value in row.values())


def test_pages_are_recorded_by_step_without_ids(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    research.client.get(f"/schools/{school_id}/mentors")
    research.client.get(f"/schools/{school_id}/users")
    steps = [(event.step, event.route) for event in research.pages(code)]
    assert steps[-3:] == [
        ("/schools/{school_id}/claims", "claims"),
        ("/schools/{school_id}/mentors", "mentors"),
        ("/schools/{school_id}/users", "users"),
    ]
    assert str(school_id) not in " ".join(step for step, _ in steps)


def test_redirects_and_form_posts_are_kept_apart_from_pages(research):
    code = research.start("window-closing")
    research.join(code)
    kinds = [(event.kind, event.step) for event in research.events(code)]
    assert ("redirect", "/schools") in kinds
    assert ("redirect", "/schools/{school_id}") in kinds
    assert ("page", "/schools/{school_id}/claims") in kinds


def test_each_page_notes_the_date_the_service_believed_and_the_countdown_shown(research):
    code = research.start("window-closing")
    research.join(code)
    [claims] = [event for event in research.pages(code) if event.route == "claims"]
    assert claims.notice == "2 days remaining"
    assert claims.service_at.date().isoformat() == "2026-07-15"


def test_errors_are_recorded_by_field_with_typed_answers_left_out(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    response = research.client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Zebedee", "last_name": "", "email": "zebedee.quill@@example"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    errors = [event for event in research.events(code) if event.kind == "error"]
    assert [error.field for error in errors] == ["last_name", "email"]
    assert all(error.message for error in errors)
    assert all(error.step == "/schools/{school_id}/users/add" for error in errors)
    [shown] = [event for event in research.pages(code) if event.method == "POST"]
    assert shown.page == errors[0].page


def test_an_error_message_quoting_an_answer_is_recorded_without_it(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    # The participant adds themselves: the error names what they typed.
    email = f"casey.jones.{code.lower()}@example.org"
    response = research.client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Casey", "last_name": "Jones", "email": email},
    )
    assert response.status_code == 200
    [error] = [event for event in research.events(code) if event.kind == "error"]
    assert error.field == "email"
    assert email not in error.message


def test_the_record_never_holds_what_the_participant_typed(research):
    code = research.start("no-mentors")
    school_id = research.join(code)
    typed = {
        "trn": "98 76 54",
        "date-of-birth-day": "29",
        "date-of-birth-month": "Feb",
        "date-of-birth-year": "1983",
    }
    response = research.client.post_form(f"/schools/{school_id}/mentors/add", typed)
    assert "There is a problem" in response.text
    research.client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Philippa", "last_name": "Quixote-Smythe", "email": "pq@example"},
    )
    stored = _stored_text(code)
    assert run_errors(research, code) >= 3
    for value in ("98 76 54", "987654", "1983", "Philippa", "Quixote-Smythe", "pq@example"):
        assert value not in stored, value


def run_errors(research, code: str) -> int:
    return sum(1 for event in research.events(code) if event.kind == "error")


def test_back_links_are_flagged_and_following_one_is_recorded(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    form = research.client.get(f"/schools/{school_id}/users/add")
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link"', form.text).group(1)
    assert back == f"/schools/{school_id}/users?research-via=back"
    research.client.get(back)
    last = research.pages(code)[-1]
    assert (last.route, last.via) == ("users", "back-link")


def test_a_flagged_link_that_redirects_carries_its_flag_to_the_page(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    response = research.client.get(
        f"/schools/{school_id}?research-via=back", follow_redirects=False
    )
    assert response.headers["location"] == f"/schools/{school_id}/claims?research-via=back"


def test_change_links_are_flagged_and_following_one_is_recorded(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    research.client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Ada", "last_name": "Lovelace", "email": f"ada.{code.lower()}@example.org"},
    )
    check = research.client.get(f"/schools/{school_id}/users/add/check")
    changes = re.findall(r'href="([^"]+)"[^>]*>Change<', check.text)
    assert changes and all("research-via=change" in href for href in changes)
    research.client.get(changes[0].split("#")[0])
    last = research.pages(code)[-1]
    assert (last.route, last.via) == ("add_user", "change-link")


def test_a_change_button_is_recorded_as_a_change(research):
    code = research.start("no-mentors")
    school_id = research.join(code)
    research.client.post_form(f"/schools/{school_id}/mentors/add", {"change": "trn"})
    last = research.pages(code)[-1]
    assert (last.method, last.via) == ("POST", "change-link")


def test_links_are_not_flagged_for_anyone_but_a_participant(research):
    code = research.start("window-closing")
    page = research.client.get(f"/research/sessions/{code}")
    assert "research-via" not in page.text
    assert "data-research-page" not in page.text


def test_a_javascript_beacon_marks_the_page_it_came_from(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    token = _token(research.client.get(f"/schools/{school_id}/mentors").text)
    response = research.client.post_form(
        "/research/beacon", {"page": token, "navigation": "back_forward"}
    )
    assert response.status_code == 204
    [beacon] = [event for event in research.events(code) if event.kind == "js"]
    assert (beacon.page, beacon.via) == (token, "back_forward")


@pytest.mark.parametrize(
    "form",
    [{"page": "not-a-token", "navigation": "navigate"}, {"page": "a" * 32, "navigation": "x"}],
)
def test_a_beacon_that_makes_no_sense_is_ignored(research, form):
    code = research.start("window-closing")
    research.join(code)
    assert research.client.post_form("/research/beacon", form).status_code == 204
    assert not [event for event in research.events(code) if event.kind == "js"]


def test_a_beacon_from_outside_a_research_session_is_ignored(research_client):
    token = uuid.uuid4().hex
    response = research_client.post_form(
        "/research/beacon", {"page": token, "navigation": "navigate"}
    )
    assert response.status_code == 204
    research_client.get("/research")  # waits for anything still being written
    assert run(ResearchEvent.count().where(ResearchEvent.page == token).run()) == 0


def test_htmx_requests_are_recorded_as_fragments(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    research.client.get(
        f"/schools/{school_id}/claims/new/provider-results?provider=Harris",
        headers={"HX-Request": "true"},
    )
    [fragment] = [event for event in research.events(code) if event.kind == "fragment"]
    assert fragment.step == "/schools/{school_id}/claims/new/provider-results"
    assert "Harris" not in _stored_text(code)


def test_facilitator_pages_are_not_part_of_the_record(research):
    code = research.start("window-closing")
    research.join(code)
    before = len(research.events(code))
    research.client.get(f"/research/sessions/{code}")
    research.client.get(f"/research/sessions/{code}/record")
    assert len(research.events(code)) == before


def test_a_reset_starts_a_new_run_of_the_record(research):
    code = research.start("window-closing")
    research.join(code)
    research.client.post_form(f"/research/sessions/{code}/reset")
    school_id = research.join(code)
    research.client.get(f"/schools/{school_id}/mentors")
    runs = {event.run for event in research.events(code)}
    assert runs == {1, 2}
