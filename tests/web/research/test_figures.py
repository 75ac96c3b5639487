"""A study's figures against the raw records they come from: medians, counts, empty sessions."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from statistics import median

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.queries.research import EventValue
from web.research.figures import Participant, study_figures
from web.research.questions import question
from web.research.record import runs

START = datetime(2026, 11, 23, 10, tzinfo=UTC)
SCHOOL = "/schools/{school_id}"
CLAIM = f"{SCHOOL}/claims/{{claim_id}}"
# Two steps share a question ("Accredited provider"), as a new claim and a draft's provider do.
STEPS = (
    f"{SCHOOL}/claims",
    f"{SCHOOL}/claims/new",
    f"{CLAIM}/provider",
    f"{CLAIM}/mentors",
    f"{CLAIM}/hours/*",
    f"{CLAIM}/check-answers",
)
FIELDS = ("provider", "mentors", "hours", "custom_hours")


def session_events(rng: random.Random, session: int) -> list[EventValue]:
    """A session's raw record: a few runs of pages, errors, going back and JavaScript beacons."""
    events = []
    at = START + timedelta(days=session)
    for run in range(1, rng.randint(1, 3) + 1):
        javascript = rng.random() < 0.5
        for number in range(rng.randint(0, 12)):
            token = f"{session:08d}{run:04d}{number:020d}"
            post = rng.random() < 0.2
            events.append(
                EventValue(
                    session=session,
                    run=run,
                    kind="page",
                    at=at,
                    page=token,
                    step=rng.choice(STEPS),
                    method="POST" if post else "GET",
                    status=200,
                    via="" if post else rng.choice(["", "", "back-link", "change-link"]),
                )
            )
            if post:
                events += [
                    EventValue(
                        session=session, run=run, kind="error", at=at, page=token, field=field
                    )
                    for field in rng.sample(FIELDS, rng.randint(0, 2))
                ]
            if javascript:
                events.append(
                    EventValue(
                        session=session,
                        run=run,
                        kind="js",
                        at=at + timedelta(milliseconds=200),
                        page=token,
                        via="navigate",
                    )
                )
            at += timedelta(seconds=rng.randint(1, 900))
    rng.shuffle(events)  # the record is read in any order it comes back in
    return events


def _participants(records: dict[int, list[EventValue]]) -> list[Participant]:
    return [
        Participant(f"S{session:05d}", run)
        for session, events in records.items()
        for run in runs(events)
    ]


def _raw_runs(records: dict[int, list[EventValue]]) -> list[list[EventValue]]:
    """Each run's events straight from the record, for runs that showed a page."""
    by_run: dict[tuple[int, int], list[EventValue]] = {}
    for events in records.values():
        for event in events:
            by_run.setdefault((event.session, event.run), []).append(event)
    return [
        sorted(events, key=lambda event: event.at)
        for _, events in sorted(by_run.items())
        if any(event.kind == "page" for event in events)
    ]


def check_against_the_raw_records(records: dict[int, list[EventValue]]) -> None:
    """Every figure is what counting the raw events gives."""
    figures = study_figures(_participants(records))
    raw = _raw_runs(records)
    pages = [[event for event in each if event.kind == "page"] for each in raw]

    assert len(figures.participants) == len(raw)
    assert figures.javascript_on == sum(any(e.kind == "js" for e in each) for each in raw)

    times: dict[str, list[float]] = {}
    for shown in pages:
        spent: dict[str, float] = {}
        for page, following in pairwise(shown):
            name = question(page.step)
            spent[name] = spent.get(name, 0) + (following.at - page.at).total_seconds()
        for name, seconds in spent.items():
            times.setdefault(name, []).append(seconds)
    assert {each.question: sorted(p.seconds for p in each.points) for each in figures.times} == {
        name: sorted(values) for name, values in times.items()
    }
    for each in figures.times:
        assert each.median == median(times[each.question])

    errors: dict[tuple[str, str], list[int]] = {}
    for index, each in enumerate(raw):
        steps = {event.page: event.step for event in each if event.kind == "page"}
        for event in each:
            if event.kind == "error":
                errors.setdefault((question(steps[event.page]), event.field), []).append(index)
    assert {(e.question, e.field): (e.errors, e.participants) for e in figures.errors} == {
        key: (len(found), len(set(found))) for key, found in errors.items()
    }

    reached = [{question(page.step) for page in shown} for shown in pages]
    assert {stage.question: stage.reached for stage in figures.funnel} == {
        name: sum(name in each for each in reached) for name in set().union(*reached)
    }
    assert all(stage.of == len(raw) for stage in figures.funnel)

    for row in figures.going_back:
        chosen = [page for shown in pages for page in shown if question(page.step) == row.question]
        assert row.back_links == sum(page.via == "back-link" for page in chosen)
        assert row.change_links == sum(page.via == "change-link" for page in chosen)
        assert row.browser_backs == 0

    for row in figures.javascript:
        assert row.on_participants + row.off_participants == next(
            stage.reached for stage in figures.funnel if stage.question == row.question
        )


# A seed rather than hypothesis's own randoms: records of realistic size, generated quickly.
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@settings(max_examples=40, deadline=None)
@given(sessions=st.integers(min_value=0, max_value=8), seed=SEEDS)
def test_figures_match_the_raw_records(sessions, seed):
    rng = random.Random(seed)
    check_against_the_raw_records({each: session_events(rng, each) for each in range(sessions)})


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions=st.integers(min_value=200, max_value=400), seed=SEEDS)
def test_figures_match_the_raw_records_across_hundreds_of_sessions(sessions, seed):
    rng = random.Random(seed)
    records = {each: session_events(rng, each) for each in range(sessions)}
    check_against_the_raw_records(records)
    assert len(study_figures(_participants(records)).participants) > 100


def test_a_session_with_no_events_adds_no_participant_and_no_figure():
    figures = study_figures(_participants({1: []}))
    assert figures.participants == figures.times == figures.funnel == ()
    assert figures.errors == figures.going_back == figures.javascript == ()
    assert figures.javascript_on == 0


def test_a_run_that_showed_no_page_is_not_a_participant():
    # Signing in redirects before any page is shown; a reset can follow straight away.
    redirect = EventValue(session=1, run=1, kind="redirect", at=START, step="/schools")
    figures = study_figures(_participants({1: [redirect]}))
    assert figures.participants == ()


def test_a_question_only_seen_as_the_last_page_has_no_time_but_counts_as_reached():
    rng = random.Random(0)
    events = [
        EventValue(session=1, run=1, kind="page", at=START, page="a", step=STEPS[0]),
        EventValue(
            session=1, run=1, kind="page", at=START + timedelta(seconds=30), page="b", step=STEPS[5]
        ),
    ]
    rng.shuffle(events)
    figures = study_figures(_participants({1: events}))
    assert [(each.question, each.median) for each in figures.times] == [("Claims", 30)]
    assert [(stage.question, stage.reached) for stage in figures.funnel] == [
        ("Claims", 1),
        ("Check your answers", 1),
    ]
    assert figures.participants[0].last_question == "Check your answers"
