"""Chart shapes: positions in proportion to the numbers, inside the drawing area."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.queries.research import EventValue
from web.research.charts import (
    LABELS,
    PLOT,
    bars,
    nice_maximum,
    seconds_text,
    time_on_questions,
    timeline,
)
from web.research.figures import Point, QuestionTimes
from web.research.record import runs

START = datetime(2026, 11, 23, 10, tzinfo=UTC)
SECONDS = st.floats(min_value=0, max_value=36_000, allow_nan=False)


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_an_axis_ends_on_a_round_number_no_more_than_twice_past_the_largest_value(value):
    maximum = nice_maximum(value)
    assert value <= maximum <= 2.5 * value
    leading = maximum / 10 ** math.floor(math.log10(maximum))
    assert min(abs(leading - step) for step in (1, 2, 2.5, 5, 10)) < 1e-9


@settings(max_examples=50)
@given(st.lists(st.lists(SECONDS, min_size=1, max_size=20), min_size=1, max_size=8))
def test_each_point_and_median_sits_where_its_time_is(rows):
    times = [
        QuestionTimes(
            f"Q{index}",
            tuple(Point(f"P{n}", s, n % 2 == 0) for n, s in enumerate(row)),
            sorted(row)[len(row) // 2],
        )
        for index, row in enumerate(rows)
    ]
    chart = time_on_questions(times)
    maximum = nice_maximum(max(s for row in rows for s in row))
    assert len(chart.circles) == sum(len(row) for row in rows)
    expected = [round(LABELS + s / maximum * PLOT, 1) for row in rows for s in row]
    assert [circle.cx for circle in chart.circles] == expected
    assert all(LABELS <= circle.cx <= LABELS + PLOT for circle in chart.circles)
    assert all(0 < circle.cy < chart.height for circle in chart.circles)
    medians = [line.x1 for line in chart.lines if line.kind == "median"]
    assert medians == [round(LABELS + each.median / maximum * PLOT, 1) for each in times]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30))
def test_bars_are_as_long_as_their_numbers(values):
    chart = bars(
        "chart", "Bars", [(f"Row {n}", value, str(value)) for n, value in enumerate(values)]
    )
    maximum = nice_maximum(max(values))
    assert [rect.width for rect in chart.rects] == pytest.approx(
        [value / maximum * PLOT for value in values], abs=0.1
    )
    assert len({rect.y for rect in chart.rects}) == len(values)


def _page(seconds: float, step: str, token: str, **fields) -> EventValue:
    return EventValue(
        session=1,
        run=1,
        kind="page",
        at=START + timedelta(seconds=seconds),
        page=token,
        step=step,
        **fields,
    )


def test_a_timeline_bar_is_as_long_as_the_time_on_its_page_with_errors_and_going_back_marked():
    [run] = runs(
        [
            _page(0, "/schools/{school_id}/claims", "a"),
            _page(30, "/schools/{school_id}/mentors/add", "b"),
            _page(40, "/schools/{school_id}/mentors/add", "c", method="POST"),
            EventValue(
                session=1,
                run=1,
                kind="error",
                at=START + timedelta(seconds=40),
                page="c",
                field="trn",
            ),
            _page(100, "/schools/{school_id}/claims", "d", via="back-link"),
        ]
    )
    chart = timeline(run, [(START + timedelta(seconds=50), "Looked for help")])
    widths = [rect.width for rect in chart.rects]
    # 100 seconds in all: the axis runs to 100, so 30 seconds is 30% of the plot.
    assert widths[:3] == pytest.approx([0.3 * PLOT, 0.1 * PLOT, 0.6 * PLOT], abs=0.1)
    assert widths[3] == 2  # the last page's time is not known
    assert [rect.kind for rect in chart.rects] == ["bar", "bar", "error", "back"]
    assert [rect.x for rect in chart.rects] == pytest.approx(
        [LABELS, LABELS + 0.3 * PLOT, LABELS + 0.4 * PLOT, LABELS + PLOT], abs=0.1
    )
    [note] = chart.circles
    assert note.cx == pytest.approx(LABELS + 0.5 * PLOT) and note.label == "Note: Looked for help"
    assert "3. Find a mentor: 1m, Form error, 1 error(s)" in [rect.label for rect in chart.rects]
    assert {text.text for text in chart.texts if text.kind == "mark"} == {"!", "↩"}


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (2.5, "2.5s"), (42, "42s"), (60, "1m"), (95, "1m 35s")]
)
def test_durations_are_short(seconds, text):
    assert seconds_text(seconds) == text


@pytest.mark.parametrize("tiny", [5e-324, 1e-310, 2.2250738585072014e-308])
def test_an_axis_ends_at_or_above_a_time_too_small_for_a_power_of_ten(tiny):
    assert nice_maximum(tiny) >= tiny > 0
