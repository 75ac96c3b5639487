"""The trust-wide view's order and filters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.trust_view import (
    Action,
    Progress,
    SchoolSummary,
    by_what_needs_action,
    filtered,
    named,
    only_draft,
    progress_counts,
)


def school(name, eligible=True, drafts=0, submitted=0, left=0, mentors=3, draft_id=None):
    return SchoolSummary(
        name, name, eligible, drafts, submitted, submitted * 100, left, mentors, draft_id=draft_id
    )


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


@pytest.mark.parametrize(
    ("summary", "action"),
    [
        (school("one draft", drafts=1, draft_id=7), Action.CONTINUE_DRAFT),
        (school("two drafts", drafts=2, draft_id=7), Action.VIEW_DRAFTS),
        (school("draft not known", drafts=1), Action.VIEW_DRAFTS),
        (school("nothing yet"), Action.START_CLAIM),
        (school("no mentors", mentors=0), Action.ADD_MENTOR),
        (school("hours left", submitted=1, left=1), Action.START_CLAIM),
        (school("claimed", submitted=2), Action.VIEW_CLAIMS),
        (school("not eligible", eligible=False, drafts=1, draft_id=3), Action.VIEW_CLAIMS),
    ],
)
def test_one_click_goes_to_the_work_the_progress_calls_for(summary, action):
    assert summary.next_action is action


@pytest.mark.parametrize(
    ("schools", "offered"),
    [
        ([school("a", drafts=1, draft_id=4), school("b", submitted=1)], "a"),
        ([school("a", drafts=1, draft_id=4), school("b", drafts=1, draft_id=5)], None),
        ([school("a", drafts=2, draft_id=4)], None),
        ([school("a"), school("b", submitted=1)], None),
        ([], None),
    ],
)
def test_only_a_single_draft_in_all_the_schools_is_offered_to_continue(schools, offered):
    found = only_draft(schools)
    assert (found.name if found else None) == offered


def test_names_match_ignoring_case_and_spaces():
    schools = [school("Harris Academy  Chobham"), school("Harris Academy Purley")]
    assert [each.name for each in named(schools, "  academy   CHOBHAM ")] == [
        "Harris Academy  Chobham"
    ]
    assert len(named(schools, "")) == 2


def test_progress_counts_every_progress_even_when_none():
    counts = progress_counts([school("a"), school("b"), school("c", drafts=1)])
    assert list(counts) == list(Progress)
    assert counts[Progress.NOT_STARTED] == 2 and counts[Progress.DRAFT] == 1
    assert counts[Progress.DONE] == 0
