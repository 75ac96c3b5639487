"""The trust-wide view's order and filters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.trust_view import Progress, SchoolSummary, by_what_needs_action, filtered


def school(name, eligible=True, drafts=0, submitted=0, left=0):
    return SchoolSummary(name, name, eligible, drafts, submitted, submitted * 100, left, 3)


@pytest.mark.parametrize(
    ("summary", "progress"),
    [
        (school("a", eligible=False, drafts=1), Progress.NOT_ELIGIBLE),
        (school("b", drafts=1, submitted=2), Progress.DRAFT),
        (school("c"), Progress.NOT_STARTED),
        (school("d", submitted=1, left=2), Progress.HOURS_LEFT),
        (school("e", submitted=1), Progress.DONE),
    ],
)
def test_progress(summary, progress):
    assert summary.progress is progress


def test_the_most_pressing_first_then_by_name():
    schools = [
        school("Oak", submitted=1),
        school("ash", submitted=1, left=1),
        school("Beech"),
        school("Cedar", drafts=1),
        school("Alder", eligible=False),
        school("Birch", drafts=1),
    ]
    assert [each.name for each in by_what_needs_action(schools)] == [
        "Birch",
        "Cedar",
        "Beech",
        "ash",
        "Alder",
        "Oak",
    ]


def test_filters_keep_only_what_is_chosen_and_nothing_chosen_keeps_all():
    schools = [school("a", drafts=1), school("b"), school("c", submitted=1)]
    assert [each.name for each in filtered(schools, [Progress.NOT_STARTED])] == ["b"]
    assert len(filtered(schools, [])) == 3


summaries = st.builds(
    school,
    st.text(min_size=1, max_size=5),
    st.booleans(),
    st.integers(0, 3),
    st.integers(0, 3),
    st.integers(0, 3),
)


@given(st.lists(summaries, max_size=50))
def test_every_school_that_needs_action_comes_before_any_that_does_not(schools):
    ordered = by_what_needs_action(schools)
    assert sorted(map(id, ordered)) == sorted(map(id, schools))
    flags = [each.progress.needs_action for each in ordered]
    assert flags == sorted(flags, reverse=True)
