"""Adding a mentor through the real Teaching Record System client, against real local servers."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import msgspec
import pytest

from tests.fixtures.client import ServiceClient, _check_html
from tests.web.integrations import fake_trs
from tests.web.test_mentors import (
    answers_for,
    error_summary,
    field_values,
    h1,
    table_rows,
)

KNOWN_ANSWERS = answers_for(fake_trs.KNOWN, "14", "3", "1980")
DOWN_ANSWERS = answers_for(fake_trs.SERVER_ERROR, "14", "3", "1980")
UNAVAILABLE_TITLE = "Sorry, the Teaching Record System is not available"


@pytest.fixture
def trs() -> Iterator[fake_trs.FakeTeachingRecordSystem]:
    server, thread = fake_trs.start()
    yield server
    fake_trs.stop(server, thread)


def _client_for(api_url: str, clock, timeout: float = 2.0) -> Iterator[ServiceClient]:
    from web.app import create_app
    from web.settings import load_settings

    settings = msgspec.structs.replace(
        load_settings(),
        teaching_record_api_url=api_url,
        teaching_record_api_key="test-key",
        teaching_record_timeout_seconds=timeout,
    )
    with ServiceClient(create_app(settings, clock=clock)) as client:
        client.event_hooks = {"request": [], "response": [_check_html]}
        yield client


@pytest.fixture
def trs_client(database, clock, trs) -> Iterator[ServiceClient]:
    """The app asking the fake TRS over HTTP."""
    yield from _client_for(trs.url, clock)


@pytest.fixture
def closed_port_client(database, clock) -> Iterator[ServiceClient]:
    """The app pointed at a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield from _client_for(f"http://127.0.0.1:{port}", clock)


@pytest.fixture
def impatient_client(database, clock, trs) -> Iterator[ServiceClient]:
    """The app giving the fake TRS less time than its slow teacher takes."""
    yield from _client_for(trs.url, clock, timeout=fake_trs.SLOW_SECONDS / 3)


@pytest.fixture
def school(trs_client, make) -> int:
    school_id = make.school()
    trs_client.sign_in(make.user(school_id))
    return school_id


def test_a_teacher_found_by_the_real_client_is_added(trs_client, school):
    confirm = trs_client.post_form(f"/schools/{school}/mentors/add", KNOWN_ANSWERS)
    assert h1(confirm.text) == "Confirm mentor details"
    assert "Siobhan O&#39;Brien" in confirm.text

    trs_client.post_form(f"/schools/{school}/mentors/add/confirm", {"privacy": "confirmed"})

    rows = table_rows(trs_client.get(f"/schools/{school}/mentors").text)
    assert rows[0][:2] == ["Siobhan O'Brien", fake_trs.KNOWN]


def test_the_teaching_record_system_is_asked_with_the_date_of_birth(trs_client, school, trs):
    trs_client.post_form(f"/schools/{school}/mentors/add", KNOWN_ANSWERS)

    [request] = [each for each in trs.requests if each.trn == fake_trs.KNOWN]
    assert request.path == f"/v3/teachers/{fake_trs.KNOWN}?dateOfBirth=1980-03-14"


def test_a_trs_404_is_no_teacher_found(trs_client, school):
    response = trs_client.post_form(
        f"/schools/{school}/mentors/add", answers_for(fake_trs.KNOWN, "15", "3", "1980")
    )

    assert h1(response.text) == "No teacher found"


def test_trs_down_shows_a_friendly_page_and_keeps_the_answers(trs_client, school, caplog):
    caplog.set_level(logging.INFO)

    response = trs_client.post_form(f"/schools/{school}/mentors/add", DOWN_ANSWERS)

    assert response.status_code == 503
    assert h1(response.text) == UNAVAILABLE_TITLE
    assert "Try again" in response.text
    assert field_values(response.text) == DOWN_ANSWERS
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any(f"school {school} was finding a mentor" in message for message in warnings)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "1980-03-14" not in logged and "14/3/1980" not in logged
    assert table_rows(trs_client.get(f"/schools/{school}/mentors").text) == []
    # Nothing was kept: confirming goes back to finding the teacher.
    confirm = trs_client.get(f"/schools/{school}/mentors/add/confirm", follow_redirects=False)
    assert confirm.headers["location"] == f"/schools/{school}/mentors/add"


def test_trying_again_after_trs_comes_back_finds_the_teacher(trs_client, school):
    # The unavailable page posts the kept answers to the find page again.
    retry = trs_client.post_form(f"/schools/{school}/mentors/add", KNOWN_ANSWERS)

    assert h1(retry.text) == "Confirm mentor details"


def test_trs_unreachable_shows_the_friendly_page(closed_port_client, make, caplog):
    school_id = make.school()
    closed_port_client.sign_in(make.user(school_id))
    caplog.set_level(logging.WARNING)

    response = closed_port_client.post_form(f"/schools/{school_id}/mentors/add", KNOWN_ANSWERS)

    assert response.status_code == 503
    assert h1(response.text) == UNAVAILABLE_TITLE
    assert field_values(response.text) == KNOWN_ANSWERS
    assert any("unreachable" in record.getMessage() for record in caplog.records)


def test_the_preview_says_when_trs_is_down(trs_client, school):
    response = trs_client.post_form(
        f"/schools/{school}/mentors/add", DOWN_ANSWERS, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "cannot check these details" in response.text


def test_the_preview_names_the_teacher_from_the_real_client(trs_client, school):
    response = trs_client.post_form(
        f"/schools/{school}/mentors/add", KNOWN_ANSWERS, headers={"HX-Request": "true"}
    )

    assert "Siobhan O&#39;Brien" in response.text
    assert error_summary(response.text) == []


def test_a_slow_trs_shows_the_friendly_page(impatient_client, make):
    school_id = make.school()
    impatient_client.sign_in(make.user(school_id))
    slow = answers_for(fake_trs.SLOW, "14", "3", "1980")

    response = impatient_client.post_form(f"/schools/{school_id}/mentors/add", slow)

    assert response.status_code == 503
    assert h1(response.text) == UNAVAILABLE_TITLE
    assert field_values(response.text) == slow


def test_the_lookup_is_made_at_startup_and_closed_at_shutdown(database, clock, trs):
    from web.integrations.teaching_record import TeachingRecordClient

    clients = _client_for(trs.url, clock)
    client = next(clients)
    lookup = client.app.state.teaching_record
    assert isinstance(lookup, TeachingRecordClient)
    assert not lookup._http.is_closed

    next(clients, None)  # leaves the test client, which shuts the app down

    assert lookup._http.is_closed
