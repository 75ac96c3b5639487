"""A session record read back: each run's pages in order, time on each, errors and counts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from web.research.questions import question

if TYPE_CHECKING:
    # Only their shape: reading a record needs no database, so study figures stay pure.
    from db.queries.research import EventValue, NoteValue, SessionValue

LINK = "link"
BROWSER_BACK = "browser-back"
BACK_LINK = "back-link"
CHANGE_LINK = "change-link"
FORM_SENT = "form"
FORM_ERROR = "form-error"
RELOAD = "reload"
# How a page was reached, as the facilitator reads it.
ARRIVALS = {
    LINK: "Link",
    BACK_LINK: "Back link",
    BROWSER_BACK: "Browser back",
    CHANGE_LINK: "Change link",
    FORM_SENT: "Form sent",
    FORM_ERROR: "Form error",
    RELOAD: "Reloaded",
}
GOING_BACK = {BACK_LINK, BROWSER_BACK}
# What a JavaScript beacon says about how the page was reached (Navigation Timing types).
NAVIGATIONS = {"navigate", "reload", "back_forward", "prerender"}
# Spreadsheets run cells that start like a formula: such cells are written as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ShownError(msgspec.Struct, frozen=True):
    """An error message shown on a page, by field id."""

    field: str
    message: str


class PageVisit(msgspec.Struct, frozen=True, kw_only=True):
    """One page as the participant saw it."""

    number: int
    question: str
    step: str
    route: str
    method: str
    status: int
    at: datetime
    service_at: datetime | None
    seconds: float | None
    arrived_by: str
    revisit: bool
    javascript: bool
    countdown: str
    errors: tuple[ShownError, ...]


class StepSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Counts for one question across a run."""

    question: str
    steps: tuple[str, ...]
    visits: int
    seconds: float
    errors: int
    back_links: int
    change_links: int
    browser_backs: int
    revisits: int


class Run(msgspec.Struct, frozen=True):
    """One participant's go at the session, between resets."""

    run: int
    visits: tuple[PageVisit, ...]
    summary: tuple[StepSummary, ...]
    fragments: int
    # Whether JavaScript ran at any point of the run.
    javascript: bool

    @property
    def service_days(self) -> list[datetime]:
        """The service dates the run's pages were shown on, one per day, in order."""
        days: dict = {}
        for visit in self.visits:
            if visit.service_at is not None:
                days.setdefault(visit.service_at.date(), visit.service_at)
        return list(days.values())

    @property
    def seconds(self) -> float:
        """Time from the first page to the last one."""
        return (self.visits[-1].at - self.visits[0].at).total_seconds() if self.visits else 0.0


class _Draft(msgspec.Struct, kw_only=True):
    page: str
    step: str
    route: str
    method: str
    status: int
    at: datetime
    service_at: datetime | None
    arrived_by: str
    javascript: bool
    countdown: str
    errors: tuple[ShownError, ...] = ()


def runs(events: Sequence[EventValue]) -> list[Run]:
    """The record's runs, oldest first, each with its pages in order."""
    by_run: dict[int, list[EventValue]] = {}
    for event in events:
        by_run.setdefault(event.run, []).append(event)
    return [_run(number, by_run[number]) for number in sorted(by_run)]


def _run(number: int, events: list[EventValue]) -> Run:
    events = sorted(events, key=lambda event: event.at)
    errors: dict[str, list[ShownError]] = {}
    beacons: dict[str, list[EventValue]] = {}
    for event in events:
        if event.kind == "error":
            errors.setdefault(event.page, []).append(ShownError(event.field, event.message))
        elif event.kind == "js":
            beacons.setdefault(event.page, []).append(event)
    pages = [event for event in events if event.kind == "page"]
    drafts = [
        _Draft(
            page=event.page,
            step=event.step,
            route=event.route,
            method=event.method,
            status=event.status,
            at=event.at,
            service_at=event.service_at,
            arrived_by=event.via or _arrival(event, errors, previous),
            javascript=event.page in beacons,
            countdown=event.notice,
            errors=tuple(errors.get(event.page, ())),
        )
        for event, previous in _with_previous_request(events)
    ]
    _mark_javascript_from_fragments(drafts, [event for event in events if event.kind == "fragment"])
    visits = _visits(_with_browser_back(drafts, pages, beacons))
    fragments = sum(1 for event in events if event.kind == "fragment")
    return Run(
        run=number,
        visits=tuple(visits),
        summary=tuple(summary(visits)),
        fragments=fragments,
        javascript=fragments > 0 or any(visit.javascript for visit in visits),
    )


def _with_previous_request(
    events: list[EventValue],
) -> Iterable[tuple[EventValue, EventValue | None]]:
    # The request before a page tells how it was reached: a form sent and redirected, or not.
    previous = None
    for event in events:
        if event.kind == "page":
            yield event, previous
        if event.kind in {"page", "submit", "redirect"}:
            previous = event


def _arrival(
    page: EventValue, errors: dict[str, list[ShownError]], previous: EventValue | None
) -> str:
    if page.method == "POST":
        return FORM_ERROR if page.page in errors else FORM_SENT
    if previous is not None and previous.kind == "submit":
        return FORM_SENT
    return LINK


def _mark_javascript_from_fragments(drafts: list[_Draft], fragments: list[EventValue]) -> None:
    # htmx only asks for fragments when JavaScript runs: the page it asked from had it on.
    for fragment in fragments:
        earlier = [draft for draft in drafts if draft.at <= fragment.at]
        if earlier:
            earlier[-1].javascript = True


def _with_browser_back(
    drafts: list[_Draft], pages: list[EventValue], beacons: dict[str, list[EventValue]]
) -> list[_Draft]:
    """Pages reached with the browser's back button, including ones restored from its cache."""
    by_page = {draft.page: draft for draft in drafts}
    restored = []
    for token, events in beacons.items():
        draft = by_page.get(token)
        if draft is None:
            continue
        for beacon in events:
            if beacon.via not in {"back_forward", "reload"}:
                continue
            later_pages = [page for page in pages if draft.at < page.at <= beacon.at]
            if not later_pages:
                # The page itself was loaded by going back, or reloaded: a fresh request.
                if draft.arrived_by in {LINK, FORM_SENT}:
                    draft.arrived_by = BROWSER_BACK if beacon.via == "back_forward" else RELOAD
            elif beacon.via == "back_forward":
                # The browser showed its stored copy without asking the server again.
                restored.append(
                    msgspec.structs.replace(
                        draft, at=beacon.at, service_at=None, arrived_by=BROWSER_BACK, errors=()
                    )
                )
    return sorted([*drafts, *restored], key=lambda draft: draft.at)


def _visits(drafts: list[_Draft]) -> list[PageVisit]:
    visits = []
    seen: set[str] = set()
    for index, draft in enumerate(drafts):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        previous = drafts[index - 1] if index else None
        # Seeing a step again counts once the participant had moved on from it; an error
        # re-showing the same step straight away is not a revisit.
        revisit = draft.step in seen and (previous is None or previous.step != draft.step)
        seen.add(draft.step)
        visits.append(
            PageVisit(
                number=index + 1,
                question=question(draft.step, draft.status),
                step=draft.step,
                route=draft.route,
                method=draft.method,
                status=draft.status,
                at=draft.at,
                service_at=draft.service_at,
                seconds=(following.at - draft.at).total_seconds() if following else None,
                arrived_by=draft.arrived_by,
                revisit=revisit,
                javascript=draft.javascript,
                countdown=draft.countdown,
                errors=draft.errors,
            )
        )
    return visits


def summary(visits: Iterable[PageVisit]) -> list[StepSummary]:
    """Counts per question, in the order the questions were first seen."""
    questions: dict[str, list[PageVisit]] = {}
    for visit in visits:
        questions.setdefault(visit.question, []).append(visit)
    return [
        StepSummary(
            question=name,
            steps=tuple(dict.fromkeys(visit.step for visit in each)),
            visits=len(each),
            seconds=round(sum(visit.seconds or 0 for visit in each), 1),
            errors=sum(len(visit.errors) for visit in each),
            back_links=sum(visit.arrived_by == BACK_LINK for visit in each),
            change_links=sum(visit.arrived_by == CHANGE_LINK for visit in each),
            browser_backs=sum(visit.arrived_by == BROWSER_BACK for visit in each),
            revisits=sum(visit.revisit for visit in each),
        )
        for name, each in questions.items()
    ]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def table_csv(header: list[str], lines: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in line] for line in lines)
    return out.getvalue()


def visits_csv(code: str, record: Sequence[Run]) -> str:
    """Every page of every run, one row each."""
    return table_csv(
        [
            "session",
            "run",
            "visit",
            "question",
            "step",
            "route",
            "method",
            "status",
            "started_at",
            "seconds_on_page",
            "service_date",
            "arrived_by",
            "revisit",
            "javascript",
            "countdown",
            "error_count",
            "errors",
        ],
        (
            [
                code,
                run.run,
                visit.number,
                visit.question,
                visit.step,
                visit.route,
                visit.method,
                visit.status,
                visit.at.isoformat(),
                "" if visit.seconds is None else round(visit.seconds, 1),
                visit.service_at.date().isoformat() if visit.service_at else "",
                visit.arrived_by,
                "yes" if visit.revisit else "no",
                "yes" if visit.javascript else "no",
                visit.countdown,
                len(visit.errors),
                "; ".join(f"{error.field}: {error.message}" for error in visit.errors),
            ]
            for run in record
            for visit in run.visits
        ),
    )


def summary_csv(code: str, record: Sequence[Run]) -> str:
    """Counts per step of every run, one row each."""
    return table_csv(
        [
            "session",
            "run",
            "question",
            "steps",
            "visits",
            "seconds_total",
            "errors",
            "back_links",
            "change_links",
            "browser_backs",
            "revisits",
        ],
        (
            [
                code,
                run.run,
                step.question,
                "; ".join(step.steps),
                step.visits,
                step.seconds,
                step.errors,
                step.back_links,
                step.change_links,
                step.browser_backs,
                step.revisits,
            ]
            for run in record
            for step in run.summary
        ),
    )


def notes_csv(code: str, notes: Sequence[NoteValue]) -> str:
    """The facilitator's notes, one row each."""
    return table_csv(
        ["session", "run", "written_at", "note"],
        ([code, note.run, note.at.isoformat(), note.text] for note in notes),
    )


def as_json(
    session: SessionValue, scenario_name: str, record: Sequence[Run], notes: Sequence[NoteValue]
) -> bytes:
    """The whole record: the session, each run's pages and counts, and the facilitator's notes."""
    return msgspec.json.encode(
        {
            "session": {
                "code": session.code,
                "scenario": session.scenario,
                "scenario_name": scenario_name,
                "study": session.study,
                "created_at": session.created_at,
            },
            "runs": [
                {
                    "run": run.run,
                    "javascript": run.javascript,
                    "fragments": run.fragments,
                    "visits": run.visits,
                    "summary": run.summary,
                }
                for run in record
            ],
            "notes": [{"run": note.run, "at": note.at, "text": note.text} for note in notes],
        }
    )
