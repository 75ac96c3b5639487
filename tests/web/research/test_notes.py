"""Facilitator notes: kept with the record and its downloads, never shown to the participant."""

from __future__ import annotations

import csv
import io
import json

import pytest

NOTE = "Hesitated over the provider search"


def _add(research, code: str, text: str):
    return research.client.post_form(
        f"/research/sessions/{code}/notes", {"note": text}, follow_redirects=False
    )


def test_a_note_is_kept_with_the_run_and_its_time_and_goes_into_the_downloads(research, clock):
    code = research.start("window-closing")
    research.join(code)
    added = _add(research, code, f"  {NOTE}  ")
    assert added.headers["location"] == f"/research/sessions/{code}?done=note#notes"

    page = research.client.get(f"/research/sessions/{code}?done=note").text
    assert "Note added" in page
    assert f"1:00pm, run 1</span><br>{NOTE}" in page

    record = research.client.get(f"/research/sessions/{code}/record").text
    assert NOTE in record and "Your notes" in record
    rows = list(
        csv.DictReader(
            io.StringIO(research.client.get(f"/research/sessions/{code}/notes.csv").text)
        )
    )
    assert rows == [
        {"session": code, "run": "1", "written_at": clock.now().isoformat(), "note": NOTE}
    ]
    data = json.loads(research.client.get(f"/research/sessions/{code}/record.json").text)
    assert data["notes"] == [{"run": 1, "at": "2026-06-10T12:00:00Z", "text": NOTE}]


def test_the_participant_never_sees_a_note(research):
    code = research.start("window-closing")
    assert NOTE not in research.client.get(f"/research/join/{code}").text
    school_id = research.join(code)
    _add(research, code, NOTE)
    for path in ("/", "/schools", f"/schools/{school_id}/claims", f"/schools/{school_id}/mentors"):
        assert NOTE not in research.client.get(path).text, path


def test_notes_stay_with_their_own_session(research):
    first, second = research.start("first-claim"), research.start("first-claim")
    _add(research, first, NOTE)
    assert NOTE not in research.client.get(f"/research/sessions/{second}").text
    assert NOTE not in research.client.get(f"/research/sessions/{second}/notes.csv").text


def test_a_note_after_a_reset_belongs_to_the_next_run(research):
    code = research.start("first-claim")
    _add(research, code, "First participant")
    research.client.post_form(f"/research/sessions/{code}/reset")
    _add(research, code, "Second participant")
    rows = list(
        csv.DictReader(
            io.StringIO(research.client.get(f"/research/sessions/{code}/notes.csv").text)
        )
    )
    assert [(row["run"], row["note"]) for row in rows] == [
        ("1", "First participant"),
        ("2", "Second participant"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a note"),
        ("   ", "Enter a note"),
        ("x" * 1001, "Note must be 1,000 characters or fewer"),
        ("Wrote to sam.jones@example.org", "Remove the email address"),
    ],
)
def test_a_note_that_cannot_be_kept_says_why_and_keeps_what_was_typed(research, text, message):
    code = research.start("first-claim")
    response = _add(research, code, text)
    assert response.status_code == 200
    assert message in response.text
    assert 'href="#note"' in response.text
    if text.strip():
        assert text[:40] in response.text
    kept = research.client.get(f"/research/sessions/{code}/notes.csv").text
    assert kept == "session,run,written_at,note\r\n"
