"""Reading a session record back: timeline, time on each page, going back, errors, exports."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import msgspec

from db.queries.research import EventValue, NoteValue, SessionValue
from web.research.record import as_json as record_json
from web.research.record import notes_csv, runs, summary_csv, visits_csv

START = datetime(2026, 11, 23, 10, tzinfo=UTC)


def _at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def page(seconds, step, token, *, run=1, method="GET", via="", notice="", status=200):
    return EventValue(
        session=1,
        run=run,
        kind="page",
        at=_at(seconds),
        service_at=_at(seconds) + timedelta(days=233),
        page=token,
        step=step,
        route=step.strip("/").replace("/", "_"),
        method=method,
        status=status,
        via=via,
        notice=notice,
    )


def error(seconds, token, field, message, run=1):
    return EventValue(
        session=1, run=run, kind="error", at=_at(seconds), page=token, field=field, message=message
    )


def beacon(seconds, token, navigation, run=1):
    return EventValue(session=1, run=run, kind="js", at=_at(seconds), page=token, via=navigation)


def fragment(seconds, run=1):
    return EventValue(session=1, run=run, kind="fragment", at=_at(seconds), page="f" * 32)


CLAIMS = "/schools/{school_id}/claims"
PROVIDER = "/schools/{school_id}/claims/{claim_id}/provider"
MENTORS = "/schools/{school_id}/claims/{claim_id}/mentors"


def test_time_on_each_page_runs_until_the_next_page():
    [run] = runs([page(0, CLAIMS, "a"), page(12.5, PROVIDER, "b"), page(40, MENTORS, "c")])
    assert [visit.seconds for visit in run.visits] == [12.5, 27.5, None]
    assert [visit.step for visit in run.visits] == [CLAIMS, PROVIDER, MENTORS]
    assert [visit.question for visit in run.visits] == [
        "Claims",
        "Accredited provider",
        "Mentors for the claim",
    ]


def test_errors_belong_to_the_page_that_showed_them():
    [run] = runs(
        [
            page(0, PROVIDER, "a"),
            page(5, PROVIDER, "b", method="POST"),
            error(5, "b", "provider", "Enter the accredited provider"),
            page(9, MENTORS, "c"),
        ]
    )
    assert run.visits[0].errors == ()
    assert [(e.field, e.message) for e in run.visits[1].errors] == [
        ("provider", "Enter the accredited provider")
    ]
    assert not run.visits[1].revisit  # an error shown again on the same step is not going back
    assert run.summary[0].errors == 1


def test_back_links_change_links_and_revisits_are_told_apart():
    [run] = runs(
        [
            page(0, CLAIMS, "a"),
            page(5, PROVIDER, "b"),
            page(9, CLAIMS, "c", via="back-link"),
            page(12, PROVIDER, "d", via="change-link"),
        ]
    )
    assert [visit.arrived_by for visit in run.visits] == [
        "link",
        "link",
        "back-link",
        "change-link",
    ]
    assert [visit.revisit for visit in run.visits] == [False, False, True, True]
    by_question = {step.question: step for step in run.summary}
    assert by_question["Claims"].back_links == 1 and by_question["Claims"].revisits == 1
    provider = by_question["Accredited provider"]
    assert provider.change_links == 1 and provider.visits == 2
    assert by_question["Claims"].seconds == 8.0


def test_a_page_reached_by_a_form_says_whether_it_was_sent_or_came_back_with_an_error():
    submit = msgspec.structs.replace(page(4, PROVIDER, "x", method="POST"), kind="submit")
    [run] = runs(
        [
            page(0, PROVIDER, "a"),
            page(2, PROVIDER, "b", method="POST"),
            error(2, "b", "provider", "Enter the accredited provider"),
            submit,
            page(4.1, MENTORS, "c"),
            page(6, MENTORS, "d", method="POST"),
            page(8, CLAIMS, "e"),
            beacon(8.2, "e", "reload"),
        ]
    )
    assert [visit.arrived_by for visit in run.visits] == [
        "link",
        "form-error",
        "form",
        "form",
        "reload",
    ]


def test_a_page_no_route_answered_is_named_by_what_the_participant_was_told():
    [run] = runs([page(0, "/schools/12/nothing-here", "a", status=404)])
    assert run.visits[0].question == "Page not found"


def test_a_fresh_page_loaded_by_the_browser_back_button():
    [run] = runs(
        [
            page(0, CLAIMS, "a"),
            page(5, PROVIDER, "b"),
            page(9, CLAIMS, "c"),
            beacon(9.2, "c", "back_forward"),
        ]
    )
    assert run.visits[2].arrived_by == "browser-back"
    assert len(run.visits) == 3


def test_a_page_restored_from_the_browser_cache_is_a_visit_of_its_own():
    [run] = runs(
        [
            page(0, CLAIMS, "a"),
            beacon(0.3, "a", "navigate"),
            page(5, PROVIDER, "b"),
            beacon(9, "a", "back_forward"),
            page(20, PROVIDER, "c"),
        ]
    )
    assert [visit.step for visit in run.visits] == [CLAIMS, PROVIDER, CLAIMS, PROVIDER]
    assert run.visits[2].arrived_by == "browser-back"
    assert run.visits[2].revisit
    assert [visit.seconds for visit in run.visits] == [5, 4, 11, None]


def test_javascript_is_on_for_pages_that_sent_a_beacon_or_asked_for_fragments():
    [run] = runs([page(0, CLAIMS, "a"), page(5, PROVIDER, "b"), fragment(6), page(9, MENTORS, "c")])
    assert [visit.javascript for visit in run.visits] == [False, True, False]
    assert run.javascript
    [off] = runs([page(0, CLAIMS, "a"), page(5, PROVIDER, "b")])
    assert not off.javascript


def test_runs_are_kept_apart():
    record = runs([page(0, CLAIMS, "a"), page(3, PROVIDER, "b"), page(60, CLAIMS, "c", run=2)])
    assert [run.run for run in record] == [1, 2]
    assert [len(run.visits) for run in record] == [2, 1]
    assert record[0].visits[-1].seconds is None  # the reset ended the first run


def test_the_countdown_shown_is_kept_on_the_visit():
    [run] = runs([page(0, CLAIMS, "a", notice="2 days remaining")])
    assert run.visits[0].countdown == "2 days remaining"


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_pages_csv_has_a_row_per_visit_with_its_errors():
    record = runs(
        [
            page(0, PROVIDER, "a", notice="2 days remaining"),
            page(4, PROVIDER, "b", method="POST"),
            error(4, "b", "provider", "Enter the accredited provider"),
            page(10, MENTORS, "c"),
        ]
    )
    rows = _rows(visits_csv("ABC234", record))
    assert [row["step"] for row in rows] == [PROVIDER, PROVIDER, MENTORS]
    assert [row["question"] for row in rows][-1] == "Mentors for the claim"
    assert rows[0]["seconds_on_page"] == "4.0"
    assert rows[0]["countdown"] == "2 days remaining"
    assert rows[0]["service_date"] == "2027-07-14"
    assert rows[1]["errors"] == "provider: Enter the accredited provider"
    assert rows[1]["error_count"] == "1"
    assert rows[2]["seconds_on_page"] == ""


def test_the_summary_csv_has_a_row_per_step():
    record = runs(
        [page(0, CLAIMS, "a"), page(5, PROVIDER, "b"), page(8, CLAIMS, "c", via="back-link")]
    )
    rows = _rows(summary_csv("ABC234", record))
    assert [(row["question"], row["steps"], row["visits"], row["back_links"]) for row in rows] == [
        ("Claims", CLAIMS, "2", "1"),
        ("Accredited provider", PROVIDER, "1", "0"),
    ]


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text():
    record = runs([page(0, PROVIDER, "a"), error(0, "a", "x", "=HYPERLINK(1)")])
    assert _rows(visits_csv("ABC234", record))[0]["errors"] == "x: =HYPERLINK(1)"
    assert _rows(visits_csv("ABC234", runs([page(0, "=SUM(A1)", "a")])))[0]["step"] == "'=SUM(A1)"


def test_the_json_export_holds_the_session_runs_visits_and_summary():
    session = SessionValue(
        id=1,
        code="ABC234",
        scenario="window-closing",
        run=1,
        trn_block=0,
        participant_key="research-abc234",
        clock_offset_seconds=None,
        school_ids=[],
        briefing=[],
        created_at=START,
        built_at=START,
    )
    notes = [NoteValue(session=1, run=1, at=_at(3), text="Paused at the provider question")]
    data = json.loads(record_json(session, "A window closing", runs([page(0, CLAIMS, "a")]), notes))
    assert data["session"]["code"] == "ABC234"
    assert data["notes"] == [
        {"run": 1, "at": "2026-11-23T10:00:03Z", "text": "Paused at the provider question"}
    ]
    assert data["runs"][0]["visits"][0]["step"] == CLAIMS
    assert data["runs"][0]["summary"][0]["visits"] == 1


def test_the_notes_csv_has_a_row_per_note_and_keeps_formulas_as_text():
    notes = [
        NoteValue(session=1, run=2, at=_at(0), text="Looked for a save button"),
        NoteValue(session=1, run=2, at=_at(9), text="=1+1"),
    ]
    rows = _rows(notes_csv("ABC234", notes))
    assert [(row["session"], row["run"], row["note"]) for row in rows] == [
        ("ABC234", "2", "Looked for a save button"),
        ("ABC234", "2", "'=1+1"),
    ]
    assert rows[0]["written_at"] == "2026-11-23T10:00:00+00:00"
