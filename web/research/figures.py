"""A study's figures across its participants: time, errors, going back, how far, JavaScript.

Pure: it reads session records (web/research/record.py) and imports no database or web code,
so the numbers can be checked against raw records in tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from statistics import median

import msgspec

from web.research.record import BACK_LINK, BROWSER_BACK, CHANGE_LINK, Run, table_csv


class Participant(msgspec.Struct, frozen=True):
    """One participant's go: a run of a session, and the notes written during it."""

    code: str
    run: Run
    notes: int = 0

    @property
    def label(self) -> str:
        """The session and run, as the facilitator knows them."""
        return f"{self.code} run {self.run.run}"


class ParticipantSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A participant's go in numbers."""

    code: str
    run: int
    javascript: bool
    pages: int
    seconds: float
    errors: int
    back_tracks: int
    change_links: int
    last_question: str
    notes: int


class Point(msgspec.Struct, frozen=True):
    """One participant's time on a question."""

    label: str
    seconds: float
    javascript: bool


class QuestionTimes(msgspec.Struct, frozen=True):
    """Every participant's time on a question, and the median."""

    question: str
    points: tuple[Point, ...]
    median: float


class FieldErrors(msgspec.Struct, frozen=True):
    """Errors shown for one field of a question."""

    question: str
    field: str
    errors: int
    participants: int


class GoingBack(msgspec.Struct, frozen=True):
    """Back-tracks and change links on a question."""

    question: str
    back_links: int
    browser_backs: int
    change_links: int


class FunnelStage(msgspec.Struct, frozen=True):
    """How many participants reached a question."""

    question: str
    reached: int
    of: int


class JavaScriptSplit(msgspec.Struct, frozen=True):
    """A question for participants with JavaScript on and off, side by side."""

    question: str
    on_participants: int
    off_participants: int
    on_median: float | None
    off_median: float | None
    on_errors: int
    off_errors: int


class StudyFigures(msgspec.Struct, frozen=True, kw_only=True):
    """Every figure of a study's page and downloads."""

    participants: tuple[ParticipantSummary, ...]
    questions: tuple[str, ...]
    times: tuple[QuestionTimes, ...]
    errors: tuple[FieldErrors, ...]
    going_back: tuple[GoingBack, ...]
    funnel: tuple[FunnelStage, ...]
    javascript: tuple[JavaScriptSplit, ...]

    @property
    def javascript_on(self) -> int:
        """Participants whose JavaScript ran."""
        return sum(each.javascript for each in self.participants)


def question_seconds(run: Run) -> dict[str, float]:
    """Time on each question of a run; a question only seen as the run's last page has none."""
    seconds: dict[str, float] = {}
    for visit in run.visits:
        if visit.seconds is not None:
            seconds[visit.question] = seconds.get(visit.question, 0.0) + visit.seconds
    return seconds


def _order(runs: Sequence[Run]) -> tuple[str, ...]:
    # Questions in the order participants typically first reached them: how far they got.
    positions: dict[str, list[int]] = {}
    for run in runs:
        first: dict[str, int] = {}
        for index, visit in enumerate(run.visits):
            first.setdefault(visit.question, index)
        for name, index in first.items():
            positions.setdefault(name, []).append(index)
    return tuple(sorted(positions, key=lambda name: (median(positions[name]), name)))


def _median(values: Iterable[float]) -> float | None:
    values = list(values)
    return median(values) if values else None


def _summary(participant: Participant) -> ParticipantSummary:
    run = participant.run
    return ParticipantSummary(
        code=participant.code,
        run=run.run,
        javascript=run.javascript,
        pages=len(run.visits),
        seconds=run.seconds,
        errors=sum(len(visit.errors) for visit in run.visits),
        back_tracks=sum(visit.arrived_by in {BACK_LINK, BROWSER_BACK} for visit in run.visits),
        change_links=sum(visit.arrived_by == CHANGE_LINK for visit in run.visits),
        last_question=run.visits[-1].question if run.visits else "",
        notes=participant.notes,
    )


def study_figures(participants: Sequence[Participant]) -> StudyFigures:
    """The figures of every participant who saw at least one page."""
    seen = [each for each in participants if each.run.visits]
    order = _order([each.run for each in seen])
    seconds = [question_seconds(each.run) for each in seen]
    reached = [{visit.question for visit in each.run.visits} for each in seen]
    times = []
    for name in order:
        points = tuple(
            Point(each.label, spent[name], each.run.javascript)
            for each, spent in zip(seen, seconds, strict=True)
            if name in spent
        )
        if points:
            times.append(QuestionTimes(name, points, median(each.seconds for each in points)))
    errors: dict[tuple[str, str], list[int]] = {}
    for index, each in enumerate(seen):
        for visit in each.run.visits:
            for error in visit.errors:
                errors.setdefault((visit.question, error.field), []).append(index)
    field_errors = sorted(
        (
            FieldErrors(name, field, len(shown), len(set(shown)))
            for (name, field), shown in errors.items()
        ),
        key=lambda each: (-each.errors, order.index(each.question), each.field),
    )
    going_back = []
    for name in order:
        visits = [visit for each in seen for visit in each.run.visits if visit.question == name]
        going_back.append(
            GoingBack(
                name,
                back_links=sum(visit.arrived_by == BACK_LINK for visit in visits),
                browser_backs=sum(visit.arrived_by == BROWSER_BACK for visit in visits),
                change_links=sum(visit.arrived_by == CHANGE_LINK for visit in visits),
            )
        )
    funnel = [FunnelStage(name, sum(name in each for each in reached), len(seen)) for name in order]
    split = []
    for name in order:
        groups = {True: [], False: []}
        for each, spent, questions in zip(seen, seconds, reached, strict=True):
            if name in questions:
                groups[each.run.javascript].append((each, spent.get(name)))
        split.append(
            JavaScriptSplit(
                name,
                on_participants=len(groups[True]),
                off_participants=len(groups[False]),
                on_median=_median(spent for _, spent in groups[True] if spent is not None),
                off_median=_median(spent for _, spent in groups[False] if spent is not None),
                on_errors=_errors(name, [each for each, _ in groups[True]]),
                off_errors=_errors(name, [each for each, _ in groups[False]]),
            )
        )
    return StudyFigures(
        participants=tuple(_summary(each) for each in seen),
        questions=order,
        times=tuple(times),
        errors=tuple(field_errors),
        going_back=tuple(going_back),
        funnel=tuple(funnel),
        javascript=tuple(split),
    )


def _errors(name: str, participants: Iterable[Participant]) -> int:
    return sum(
        len(visit.errors)
        for each in participants
        for visit in each.run.visits
        if visit.question == name
    )


def study_csv(study: str, participants: Sequence[Participant]) -> str:
    """One row per participant and question: the numbers behind every chart."""
    return table_csv(
        [
            "study",
            "session",
            "run",
            "javascript",
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
                study,
                each.code,
                each.run.run,
                "yes" if each.run.javascript else "no",
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
            for each in participants
            for step in each.run.summary
        ),
    )
