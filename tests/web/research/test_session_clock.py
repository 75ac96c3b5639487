"""Each research session's own date moves every date rule for that session, and only that one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from db.queries.research import session_by_code
from db.tables import School
from tests.fixtures.client import TODAY
from tests.fixtures.database import run
from web.clock import SystemClock
from web.research.clock import research_clock, session_clock
from web.research.recording import CURRENT_VISIT, Visit


def claims_page(research, code: str) -> str:
    school_id = research.join(code)
    response = research.client.get(f"/schools/{school_id}/claims")
    assert response.status_code == 200
    return response.text


def set_date(research, code: str, **form) -> None:
    response = research.client.post_form(
        f"/research/sessions/{code}/date", form, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def test_two_sessions_and_the_live_service_each_see_their_own_date(research):
    closing, closed = research.start("window-closing"), research.start("window-closed")

    closing_page = claims_page(research, closing)
    assert "2 days remaining" in closing_page
    assert "You have until 11:59pm on Friday 17 July 2026" in closing_page
    assert "Add claim" in closing_page

    closed_page = claims_page(research, closed)
    assert "Claims for the academic year September 2024 to July 2025 closed at" in closed_page
    assert "from Tuesday 5 May 2026" in closed_page
    assert "days remaining" not in closed_page
    assert "Add claim" not in closed_page

    # A persona outside any research session sees the service's own date: open, no countdown.
    research.client.sign_in("single-school")
    persona_school = research.client.school_ids() or [
        int(research.client.get("/schools").url.path.split("/")[2])
    ]
    persona_page = research.client.get(f"/schools/{persona_school[0]}/claims").text
    assert "Add claim" in persona_page
    assert "remaining" not in persona_page

    assert "2 days remaining" in claims_page(research, closing)


def test_changing_one_sessions_date_leaves_the_other_and_the_server_clock_alone(research, clock):
    one, other = research.start("window-closing"), research.start("window-closing")
    set_date(research, one, date="closed-yesterday")
    assert "Claims for the academic year September 2025 to July 2026 closed at" in claims_page(
        research, one
    )
    assert "2 days remaining" in claims_page(research, other)
    assert clock.now() == TODAY


def test_the_last_day_counts_down_hours_and_time_moves_on_from_the_session_date(research, clock):
    code = research.start("window-closing")
    set_date(research, code, date="closes-today")
    assert "14 hours remaining" in claims_page(research, code)
    clock.moment = TODAY + timedelta(hours=3, minutes=30)
    assert "10 hours and 30 minutes remaining" in claims_page(research, code)


def test_another_date_puts_the_session_on_that_day(research):
    code = research.start("window-closing")
    set_date(
        research,
        code,
        **{
            "date": "another",
            "another-date-day": "16",
            "another-date-month": "7",
            "another-date-year": "2026",
        },
    )
    assert "1 day remaining" in claims_page(research, code)


def test_the_start_page_follows_the_session_date(research):
    code = research.start("window-closed")
    research.join(code)
    start = research.client.get("/").text
    assert "You can claim from 5 May 2026 to 17 July 2026" in start
    assert "You have until" not in start
    research.client.post_form("/sign-out")
    assert "You have until 11:59pm on Friday 17 July 2026" in research.client.get("/").text


def test_what_the_participant_does_is_dated_on_the_session_date(research):
    code = research.start("first-claim")
    set_date(research, code, date="closes-tomorrow")
    school_id = research.join(code)
    accepted = research.client.post_form(
        f"/schools/{school_id}/grant-conditions", {"next": f"/schools/{school_id}/claims"}
    )
    assert accepted.status_code == 200
    row = run(
        School.select(School.grant_conditions_accepted_at)
        .where(School.id == school_id)
        .first()
        .run()
    )
    assert row["grant_conditions_accepted_at"].date() == date(2026, 7, 16)


def test_the_service_date_setting_takes_the_session_back_to_the_live_date(research):
    code = research.start("window-closing")
    set_date(research, code, date="service")
    assert run(session_by_code(code)).clock_offset_seconds is None
    assert "remaining" not in claims_page(research, code)


def test_the_research_clock_is_the_service_clock_outside_a_research_request():
    base = SystemClock()
    assert research_clock(base) is base
    assert session_clock(None, base) is base


def test_the_research_clock_moves_by_the_visits_offset():
    class Fixed:
        def now(self) -> datetime:
            return datetime(2026, 11, 23, 12, tzinfo=UTC)

    token = CURRENT_VISIT.set(
        Visit(session_id=1, code="ABC234", run=1, offset_seconds=86_400, page="0" * 32)
    )
    try:
        assert research_clock(Fixed()).now() == datetime(2026, 11, 24, 12, tzinfo=UTC)
    finally:
        CURRENT_VISIT.reset(token)
