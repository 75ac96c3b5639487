"""The add-claim journey's order, as a table: answers in, exact step ids out."""

import pytest

from web.claim_state import (
    ClaimState,
    MentorHours,
    answer_confirmation,
    answer_hours,
    answer_mentors,
    answer_provider,
    needs_confirmation,
    reach_check_answers,
)
from web.journey import CLAIM
from web.steps import check_answers, mentor_hours, provider, provider_results

CHECK_ANSWERS = check_answers.ID
step_ids = CLAIM.step_ids
first_unanswered = CLAIM.first_unanswered
is_reachable = CLAIM.is_reachable
next_step = CLAIM.next_step
previous_step = CLAIM.previous_step

NOTHING = ClaimState()
PROVIDER_ONLY = ClaimState(provider_id=7)
ONE_MENTOR = ClaimState(provider_id=7, mentors=(MentorHours(3),))
ONE_ANSWERED = ClaimState(provider_id=7, mentors=(MentorHours(3, 16),))
SEVERAL = ClaimState(provider_id=7, mentors=(MentorHours(3, 16), MentorHours(5), MentorHours(9)))
# A refresher mentor is asked the same questions; only the allowance in the hint differs.
REFRESHER = ClaimState(provider_id=7, mentors=(MentorHours(4, 6),))
COMPLETE = ClaimState(
    provider_id=7,
    mentors=(MentorHours(3, 16), MentorHours(5, 2)),
    hours_confirmed=True,
    reached_check_answers=True,
)


@pytest.mark.parametrize(
    ("state", "steps", "first"),
    [
        (NOTHING, ["provider", "mentors", "confirm-hours", "check-answers"], "provider"),
        (PROVIDER_ONLY, ["provider", "mentors", "confirm-hours", "check-answers"], "mentors"),
        (
            ONE_MENTOR,
            ["provider", "mentors", "hours/3", "confirm-hours", "check-answers"],
            "hours/3",
        ),
        (
            ONE_ANSWERED,
            ["provider", "mentors", "hours/3", "confirm-hours", "check-answers"],
            "confirm-hours",
        ),
        (
            SEVERAL,
            [
                "provider",
                "mentors",
                "hours/3",
                "hours/5",
                "hours/9",
                "confirm-hours",
                "check-answers",
            ],
            "hours/5",
        ),
        (
            REFRESHER,
            ["provider", "mentors", "hours/4", "confirm-hours", "check-answers"],
            "confirm-hours",
        ),
        (
            COMPLETE,
            ["provider", "mentors", "hours/3", "hours/5", "confirm-hours", "check-answers"],
            "check-answers",
        ),
        # Changed from check your answers: another provider drops mentors, hours, confirmation.
        (
            answer_provider(COMPLETE, 8),
            ["provider", "mentors", "confirm-hours", "check-answers"],
            "mentors",
        ),
        # Adding a mentor from check your answers asks their hours, then confirmation, first.
        (
            answer_mentors(COMPLETE, [3, 5, 6]),
            [
                "provider",
                "mentors",
                "hours/3",
                "hours/5",
                "hours/6",
                "confirm-hours",
                "check-answers",
            ],
            "hours/6",
        ),
        # Removing one drops their hours and keeps what was confirmed for the others.
        (
            answer_mentors(COMPLETE, [5]),
            ["provider", "mentors", "hours/5", "confirm-hours", "check-answers"],
            "check-answers",
        ),
        # Changed hours must be confirmed with the provider again: asked on check your answers.
        (
            answer_hours(COMPLETE, 5, 3),
            ["provider", "mentors", "hours/3", "hours/5", "confirm-hours", "check-answers"],
            "check-answers",
        ),
        # "No" is an answer: confirming is a recommendation, not a condition.
        (
            answer_confirmation(ONE_ANSWERED, False),
            ["provider", "mentors", "hours/3", "confirm-hours", "check-answers"],
            "check-answers",
        ),
        # The same answer again changes nothing.
        (
            answer_hours(answer_provider(COMPLETE, 7), 5, 2),
            ["provider", "mentors", "hours/3", "hours/5", "confirm-hours", "check-answers"],
            "check-answers",
        ),
    ],
)
def test_steps_for_a_state(state, steps, first):
    assert step_ids(state) == steps
    assert first_unanswered(state) == first


@pytest.mark.parametrize(
    ("state", "current", "following"),
    [
        (PROVIDER_ONLY, "provider", "mentors"),
        (ONE_MENTOR, "mentors", "hours/3"),
        (SEVERAL, "hours/3", "hours/5"),
        (ONE_ANSWERED, "hours/3", "confirm-hours"),
        (answer_confirmation(ONE_ANSWERED, True), "confirm-hours", "check-answers"),
        # Going back and answering again moves on one step, not past a gap.
        (SEVERAL, "provider", "mentors"),
        # When changing from check your answers, straight back unless something is missing.
        (COMPLETE, "provider", "check-answers"),
        (COMPLETE, "hours/5", "check-answers"),
        (answer_mentors(COMPLETE, [3, 5, 6]), "mentors", "hours/6"),
        (answer_hours(answer_mentors(COMPLETE, [3, 5, 6]), 6, 1), "hours/6", "check-answers"),
        (answer_hours(COMPLETE, 5, 3), "hours/5", "check-answers"),
        (answer_provider(COMPLETE, 8), "provider", "mentors"),
    ],
)
def test_the_next_step(state, current, following):
    assert next_step(state, current) == following


@pytest.mark.parametrize(
    ("state", "current", "previous"),
    [
        (NOTHING, "provider", None),
        (SEVERAL, "mentors", "provider"),
        (SEVERAL, "hours/3", "mentors"),
        (SEVERAL, "hours/5", "hours/3"),
        (SEVERAL, "confirm-hours", "hours/9"),
        (answer_confirmation(ONE_ANSWERED, True), "check-answers", "confirm-hours"),
        (COMPLETE, "hours/5", "check-answers"),
        (COMPLETE, "check-answers", "confirm-hours"),
    ],
)
def test_the_back_link(state, current, previous):
    assert previous_step(state, current) == previous


@pytest.mark.parametrize(
    ("state", "step_id", "reachable"),
    [
        (NOTHING, "provider", True),
        (NOTHING, "mentors", False),
        (NOTHING, CHECK_ANSWERS, False),
        (SEVERAL, "hours/3", True),
        (SEVERAL, "hours/5", True),
        (SEVERAL, "hours/9", False),
        (SEVERAL, "hours/4", False),
        (COMPLETE, CHECK_ANSWERS, True),
        (COMPLETE, "hours/3", True),
        (COMPLETE, "nonsense", False),
    ],
)
def test_which_steps_can_be_shown(state, step_id, reachable):
    assert is_reachable(state, step_id) is reachable


@pytest.mark.parametrize(
    ("state", "needed"),
    [
        (COMPLETE, False),
        (answer_confirmation(COMPLETE, False), False),
        (answer_hours(COMPLETE, 5, 3), True),
        (answer_mentors(COMPLETE, [3, 5, 6]), True),
        (answer_mentors(COMPLETE, [5]), False),
        (answer_provider(COMPLETE, 8), True),
    ],
)
def test_check_answers_asks_the_confirmation_when_an_answer_changed(state, needed):
    assert needs_confirmation(state) is needed


def test_check_answers_is_remembered():
    state = reach_check_answers(answer_confirmation(ONE_ANSWERED, True))
    assert state.reached_check_answers
    assert next_step(state, "hours/3") == CHECK_ANSWERS


@pytest.mark.parametrize(
    ("step_id", "found"),
    [
        ("hours/12", (mentor_hours, "12")),
        ("provider", (provider, "")),
        ("provider-results", (provider_results, "")),
        ("hours/", None),
        ("hours/x", None),
        ("hours/١", None),
        ("hours", None),
        ("provider/3", None),
        ("nonsense", None),
    ],
)
def test_the_module_serving_a_step_id(step_id, found):
    assert CLAIM.find(step_id) == found


@pytest.mark.parametrize(
    ("state", "current", "following", "previous"),
    [
        # The results page stands where the provider question stands.
        (NOTHING, "provider-results", "provider", None),
        (PROVIDER_ONLY, "provider-results", "mentors", None),
        (COMPLETE, "provider-results", "check-answers", "check-answers"),
    ],
)
def test_a_view_of_a_step_moves_on_like_the_step(state, current, following, previous):
    assert is_reachable(state, current)
    assert next_step(state, current) == following
    assert previous_step(state, current) == previous
