"""Charts drawn on the server as SVG shapes: positions and sizes worked out here, in pure code.

The template draws each shape with presentation attributes and colours it by CSS class from the
service's stylesheet, so the charts need no JavaScript and no inline styles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

import msgspec

from web.research.figures import FunnelStage, GoingBack, JavaScriptSplit, QuestionTimes
from web.research.record import ARRIVALS, GOING_BACK, Run

WIDTH = 720
LABELS = 270  # the left column, for question names
PLOT = 380  # the drawing area, leaving room on the right for a value
ROW = 36
TOP = 8
AXIS = 34
LABEL_CHARACTERS = 38
# Points on one row are spread over a few lines so equal times stay visible.
SPREAD = (0, -6, 6, -11, 11)


class Rect(msgspec.Struct, frozen=True):
    """A bar."""

    x: float
    y: float
    width: float
    height: float
    kind: str
    label: str = ""


class Circle(msgspec.Struct, frozen=True):
    """A point."""

    cx: float
    cy: float
    kind: str
    label: str = ""
    r: float = 5


class Line(msgspec.Struct, frozen=True):
    """A rule: an axis, a gridline, a median."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: str


class Text(msgspec.Struct, frozen=True):
    """A label."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    kind: str = ""


class Chart(msgspec.Struct, frozen=True, kw_only=True):
    """Everything an SVG chart draws, and its key."""

    id: str
    title: str
    height: float
    rects: tuple[Rect, ...] = ()
    circles: tuple[Circle, ...] = ()
    lines: tuple[Line, ...] = ()
    texts: tuple[Text, ...] = ()
    key: tuple[tuple[str, str], ...] = ()
    width: float = WIDTH


def nice_maximum(value: float) -> float:
    """A round number at least `value`, for the end of an axis (1, 2, 2.5 or 5 times 10^n)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    # Below 1e-308 the power of ten underflows to 0: the value itself ends the axis.
    return value


def seconds_text(seconds: float) -> str:
    """A duration, short enough for an axis or the end of a bar."""
    if seconds < 60:
        return f"{seconds:.0f}s" if seconds == int(seconds) or seconds >= 10 else f"{seconds:.1f}s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest}s" if rest else f"{minutes}m"


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def _x(value: float, maximum: float) -> float:
    return round(LABELS + value / maximum * PLOT, 1)


def _axis(top: float, bottom: float, maximum: float, text) -> tuple[list[Line], list[Text]]:
    lines = [
        Line(LABELS, top, LABELS, bottom, "axis"),
        Line(LABELS, bottom, LABELS + PLOT, bottom, "axis"),
    ]
    texts = []
    for quarter in range(5):
        value = maximum * quarter / 4
        x = _x(value, maximum)
        if quarter:
            lines.append(Line(x, top, x, bottom, "grid"))
        texts.append(Text(x, bottom + 18, text(value), "middle", "tick"))
    return lines, texts


def _row_label(index: int, name: str) -> Text:
    return Text(LABELS - 10, TOP + index * ROW + ROW / 2 + 5, _short(name), "end", "label")


def time_on_questions(times: Sequence[QuestionTimes]) -> Chart:
    """Each participant's time on each question as a point, with the median marked."""
    maximum = nice_maximum(max((p.seconds for each in times for p in each.points), default=0))
    bottom = TOP + len(times) * ROW
    lines, texts = _axis(TOP, bottom, maximum, seconds_text)
    circles = []
    for index, each in enumerate(times):
        middle = TOP + index * ROW + ROW / 2
        texts.append(_row_label(index, each.question))
        for number, point in enumerate(each.points):
            circles.append(
                Circle(
                    _x(point.seconds, maximum),
                    middle + SPREAD[number % len(SPREAD)],
                    "point" if point.javascript else "point-off",
                    f"{point.label}: {seconds_text(point.seconds)}",
                )
            )
        median_x = _x(each.median, maximum)
        lines.append(Line(median_x, middle - 15, median_x, middle + 15, "median"))
        texts.append(Text(LABELS + PLOT + 8, middle + 5, f"median {seconds_text(each.median)}"))
    return Chart(
        id="time-chart",
        title="Time on each question: every participant a point, the median a line",
        height=bottom + AXIS,
        circles=tuple(circles),
        lines=tuple(lines),
        texts=tuple(texts),
        key=(("point", "JavaScript on"), ("point-off", "JavaScript off"), ("median", "Median")),
    )


def bars(
    chart_id: str, title: str, rows: Sequence[tuple[str, float, str]], kind: str = "bar"
) -> Chart:
    """One bar per row, from name, value and the value as written at the bar's end."""
    maximum = nice_maximum(max((value for _, value, _ in rows), default=0))
    bottom = TOP + len(rows) * ROW
    lines = [Line(LABELS, TOP, LABELS, bottom, "axis")]
    rects, texts = [], []
    for index, (name, value, written) in enumerate(rows):
        top = TOP + index * ROW + 6
        width = _x(value, maximum) - LABELS
        rects.append(Rect(LABELS, top, width, ROW - 12, kind, f"{name}: {written}"))
        texts.append(_row_label(index, name))
        texts.append(Text(LABELS + width + 6, top + (ROW - 12) / 2 + 5, written))
    return Chart(
        id=chart_id,
        title=title,
        height=bottom + TOP,
        rects=tuple(rects),
        lines=tuple(lines),
        texts=tuple(texts),
    )


def grouped_bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[tuple[str, str]],
    text=lambda value: f"{value:g}",
) -> Chart:
    """A bar per series on each row; a value of None draws nothing (no participant)."""
    maximum = nice_maximum(
        max((value for _, values in rows for value in values if value is not None), default=0)
    )
    height = 12
    row = max(ROW, len(series) * (height + 2) + 10)
    bottom = TOP + len(rows) * row
    lines = [Line(LABELS, TOP, LABELS, bottom, "axis")]
    rects, texts = [], []
    for index, (name, values) in enumerate(rows):
        top = TOP + index * row + 5
        texts.append(
            Text(LABELS - 10, TOP + index * row + row / 2 + 5, _short(name), "end", "label")
        )
        for number, ((kind, label), value) in enumerate(zip(series, values, strict=True)):
            y = top + number * (height + 2)
            if value is None:
                texts.append(Text(LABELS + 6, y + height - 2, f"{label}: none", kind="small"))
                continue
            width = _x(value, maximum) - LABELS
            rects.append(Rect(LABELS, y, width, height, kind, f"{name}, {label}: {text(value)}"))
            texts.append(Text(LABELS + width + 6, y + height - 2, text(value), kind="small"))
    return Chart(
        id=chart_id,
        title=title,
        height=bottom + TOP,
        rects=tuple(rects),
        lines=tuple(lines),
        texts=tuple(texts),
        key=tuple(series),
    )


def funnel(stages: Sequence[FunnelStage]) -> Chart:
    """How many participants reached each question, in the order they reached them."""
    return bars(
        "funnel-chart",
        "How far participants got: how many reached each question",
        [(each.question, each.reached, f"{each.reached} of {each.of}") for each in stages],
        "reached",
    )


def going_back(rows: Sequence[GoingBack]) -> Chart:
    """Back links, browser back and change links on each question."""
    return grouped_bars(
        "going-back-chart",
        "Going back: back links, the browser's back button and change links, by question",
        [
            (each.question, (each.back_links, each.browser_backs, each.change_links))
            for each in rows
        ],
        (("back", "Back link"), ("browser-back", "Browser back"), ("change", "Change link")),
    )


def javascript(rows: Sequence[JavaScriptSplit]) -> Chart:
    """Median time on each question with JavaScript on and off, side by side."""
    return grouped_bars(
        "javascript-chart",
        "JavaScript on and off: median time on each question",
        [(each.question, (each.on_median, each.off_median)) for each in rows],
        (("js-on", "JavaScript on"), ("js-off", "JavaScript off")),
        seconds_text,
    )


def timeline(run: Run, notes: Sequence[tuple[datetime, str]] = ()) -> Chart:
    """A run's pages in order, each a bar as long as the time on it; errors, going back, notes."""
    if not run.visits:
        return Chart(id="timeline", title="Timeline", height=0)
    start = run.visits[0].at
    end = max([run.visits[-1].at, *(at for at, _ in notes)])
    total = max((end - start).total_seconds(), 1.0)
    maximum = nice_maximum(total)
    notes_lane = 24 if notes else 0
    top = TOP + notes_lane
    bottom = top + len(run.visits) * ROW
    lines, texts = _axis(TOP, bottom, maximum, seconds_text)
    rects, circles = [], []
    for index, visit in enumerate(run.visits):
        y = top + index * ROW + 8
        x = _x((visit.at - start).total_seconds(), maximum)
        known = visit.seconds is not None
        width = max(_x(visit.seconds, maximum) - LABELS, 2) if known else 2
        kind = "error" if visit.errors else "back" if visit.arrived_by in GOING_BACK else "bar"
        spent = seconds_text(visit.seconds) if known else "time not known (last page)"
        how = ARRIVALS.get(visit.arrived_by, "")
        found = f", {len(visit.errors)} error(s)" if visit.errors else ""
        rects.append(
            Rect(
                x,
                y,
                width,
                ROW - 16,
                kind,
                f"{visit.number}. {visit.question}: {spent}, {how}{found}",
            )
        )
        texts.append(
            Text(
                LABELS - 10,
                y + (ROW - 16) / 2 + 5,
                _short(f"{visit.number}. {visit.question}"),
                "end",
                "label",
            )
        )
        marks = ("!" * min(len(visit.errors), 3)) + ("↩" if visit.arrived_by in GOING_BACK else "")
        if marks:
            texts.append(Text(x + width + 4, y + (ROW - 16) / 2 + 5, marks, kind="mark"))
    for at, text in notes:
        circles.append(
            Circle(
                _x(max((at - start).total_seconds(), 0), maximum),
                TOP + 10,
                "note",
                f"Note: {text}",
                6,
            )
        )
    if notes:
        texts.append(Text(LABELS - 10, TOP + 15, "Notes", "end", "label"))
    return Chart(
        id="timeline",
        title="Timeline: each page a bar as long as the time on it",
        height=bottom + AXIS,
        rects=tuple(rects),
        circles=tuple(circles),
        lines=tuple(lines),
        texts=tuple(texts),
        key=(
            ("bar", "Page"),
            ("error", "Page with errors (!)"),
            ("back", "Reached by going back (↩)"),
            *((("note", "Facilitator's note"),) if notes else ()),
        ),
    )
