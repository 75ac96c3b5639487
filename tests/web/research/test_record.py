"""Reading a session record back: timeline, time on each page, going back, errors, exports."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from db.queries.research import EventValue, SessionValue
from web.research.record import as_json as record_json
from web.research.record import runs, summary_csv, visits_csv

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


CLAIMS, PROVIDER, MENTORS = "/claims", "/claims/new/provider", "/claims/new/mentors"


def test_time_on_each_page_runs_until_the_next_page():
    [run] = runs([page(0, CLAIMS, "a"), page(12.5, PROVIDER, "b"), page(40, MENTORS, "c")])
    assert [visit.seconds for visit in run.visits] == [12.5, 27.5, None]
    assert [visit.step for visit in run.visits] == [CLAIMS, PROVIDER, MENTORS]


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
    assert [visit.arrived_by for visit in run.visits] == ["", "", "back-link", "change-link"]
    assert [visit.revisit for visit in run.visits] == [False, False, True, True]
    by_step = {step.step: step for step in run.summary}
    assert by_step[CLAIMS].back_links == 1 and by_step[CLAIMS].revisits == 1
    assert by_step[PROVIDER].change_links == 1 and by_step[PROVIDER].visits == 2
    assert by_step[CLAIMS].seconds == 8.0


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
    assert [(row["step"], row["visits"], row["back_links"]) for row in rows] == [
        (CLAIMS, "2", "1"),
        (PROVIDER, "1", "0"),
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
    data = json.loads(record_json(session, "A window closing", runs([page(0, CLAIMS, "a")])))
    assert data["session"]["code"] == "ABC234"
    assert data["runs"][0]["visits"][0]["step"] == CLAIMS
    assert data["runs"][0]["summary"][0]["visits"] == 1
