"""A session record read back: each run's pages in order, time on each, errors and counts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec

from db.queries.research import EventValue, SessionValue

BROWSER_BACK = "browser-back"
BACK_LINK = "back-link"
CHANGE_LINK = "change-link"
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
    """Counts for one step across a run."""

    step: str
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

    @property
    def javascript(self) -> bool:
        """Whether JavaScript ran at any point of the run."""
        return self.fragments > 0 or any(visit.javascript for visit in self.visits)


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
    numbers = sorted({event.run for event in events})
    return [_run(number, [event for event in events if event.run == number]) for number in numbers]


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
            arrived_by=event.via,
            javascript=event.page in beacons,
            countdown=event.notice,
            errors=tuple(errors.get(event.page, ())),
        )
        for event in pages
    ]
    _mark_javascript_from_fragments(drafts, [event for event in events if event.kind == "fragment"])
    visits = _visits(_with_browser_back(drafts, pages, beacons))
    return Run(
        run=number,
        visits=tuple(visits),
        summary=tuple(summary(visits)),
        fragments=sum(1 for event in events if event.kind == "fragment"),
    )


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
            if beacon.via != "back_forward":
                continue
            later_pages = [page for page in pages if draft.at < page.at <= beacon.at]
            if not later_pages:
                # The page itself was loaded by going back: a fresh request.
                draft.arrived_by = draft.arrived_by or BROWSER_BACK
            else:
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
    """Counts per step, in the order the steps were first seen."""
    steps: dict[str, list[PageVisit]] = {}
    for visit in visits:
        steps.setdefault(visit.step, []).append(visit)
    return [
        StepSummary(
            step=step,
            visits=len(each),
            seconds=round(sum(visit.seconds or 0 for visit in each), 1),
            errors=sum(len(visit.errors) for visit in each),
            back_links=sum(visit.arrived_by == BACK_LINK for visit in each),
            change_links=sum(visit.arrived_by == CHANGE_LINK for visit in each),
            browser_backs=sum(visit.arrived_by == BROWSER_BACK for visit in each),
            revisits=sum(visit.revisit for visit in each),
        )
        for step, each in steps.items()
    ]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(header: list[str], lines: Iterable[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in line] for line in lines)
    return out.getvalue()


def visits_csv(code: str, record: Sequence[Run]) -> str:
    """Every page of every run, one row each."""
    return _csv(
        [
            "session",
            "run",
            "visit",
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
    return _csv(
        [
            "session",
            "run",
            "step",
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
                step.step,
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


def as_json(session: SessionValue, scenario_name: str, record: Sequence[Run]) -> bytes:
    """The whole record: the session, and each run's pages and counts."""
    return msgspec.json.encode(
        {
            "session": {
                "code": session.code,
                "scenario": session.scenario,
                "scenario_name": scenario_name,
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
        }
    )
