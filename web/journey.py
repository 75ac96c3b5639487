"""The add-claim journey's order: which questions a claim's answers call for, and which is next.

Pure functions of a `ClaimState`, so the order can be table-tested without a request or database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import msgspec

PROVIDER = "provider"
MENTORS = "mentors"
HOURS = "hours"
CONFIRM_HOURS = "confirm-hours"
CHECK_ANSWERS = "check-answers"


class MentorHours(msgspec.Struct, frozen=True):
    """A chosen mentor and their hours (None until that question is answered)."""

    mentor_id: int
    hours: int | None = None


class ClaimState(msgspec.Struct, frozen=True):
    """Every answer so far, whether kept on the claim or in the user's journey state."""

    provider_id: int | None = None
    mentors: tuple[MentorHours, ...] = ()
    # Whether the school confirmed the hours with the provider: a recommendation, so "No" is an
    # answer too (rules.md, "Eligibility"); None until asked.
    hours_confirmed: bool | None = None
    # Once check your answers has been seen, every answer leads back to it (GOV.UK pattern).
    reached_check_answers: bool = False

    def hours_for(self, mentor_id: int) -> int | None:
        """The mentor's answered hours, if they are on the claim and answered."""
        return next((each.hours for each in self.mentors if each.mentor_id == mentor_id), None)

    @property
    def mentor_ids(self) -> tuple[int, ...]:
        """The chosen mentors, in the order their questions are asked."""
        return tuple(each.mentor_id for each in self.mentors)


def hours_step(mentor_id: int) -> str:
    """The step id (and URL slug) of one mentor's hours question."""
    return f"{HOURS}/{mentor_id}"


def hours_step_mentor(step_id: str) -> int | None:
    """The mentor an hours step asks about, or None if the id is not an hours step."""
    prefix, _, rest = step_id.partition("/")
    if prefix != HOURS or not rest.isascii() or not rest.isdigit():
        return None
    return int(rest)


class Step(msgspec.Struct, frozen=True):
    """A question of the journey: the step ids it stands for, and which are answered."""

    ids: Callable[[ClaimState], Sequence[str]]
    answered: Callable[[ClaimState, str], bool]


STEPS: tuple[Step, ...] = (
    Step(lambda state: [PROVIDER], lambda state, _: state.provider_id is not None),
    Step(lambda state: [MENTORS], lambda state, _: bool(state.mentors)),
    # One hours question per chosen mentor, in the order they were listed.
    Step(
        lambda state: [hours_step(each) for each in state.mentor_ids],
        lambda state, step_id: state.hours_for(hours_step_mentor(step_id)) is not None,
    ),
    # Once check your answers has been seen, a confirmation to ask again is asked there instead
    # of walking the user forward through this page.
    Step(
        lambda state: [CONFIRM_HOURS],
        lambda state, _: state.hours_confirmed is not None or state.reached_check_answers,
    ),
    # The end of the journey: never "answered", it is where a complete claim rests.
    Step(lambda state: [CHECK_ANSWERS], lambda state, _: False),
)


def step_ids(state: ClaimState) -> list[str]:
    """Every step the answers call for, in order."""
    return [step_id for step in STEPS for step_id in step.ids(state)]


def is_answered(state: ClaimState, step_id: str) -> bool:
    """Whether the step's question has an answer."""
    for step in STEPS:
        if step_id in step.ids(state):
            return step.answered(state, step_id)
    return False


def first_unanswered(state: ClaimState) -> str:
    """The first question without an answer, or check your answers when there is none."""
    return next(step_id for step_id in step_ids(state) if not is_answered(state, step_id))


def is_reachable(state: ClaimState, step_id: str) -> bool:
    """Whether the step applies and every question before it is answered."""
    ids = step_ids(state)
    return step_id in ids and ids.index(step_id) <= ids.index(first_unanswered(state))


def next_step(state: ClaimState, current: str) -> str:
    """Where to go after answering `current`: the following step, or back to check answers."""
    first_gap = first_unanswered(state)
    if state.reached_check_answers:
        return first_gap
    ids = step_ids(state)
    following = ids[ids.index(current) + 1] if current in ids[:-1] else first_gap
    return min(following, first_gap, key=ids.index)


def previous_step(state: ClaimState, current: str) -> str | None:
    """Where the back link goes: the step before, check answers when changing, or None."""
    if state.reached_check_answers and current != CHECK_ANSWERS:
        return CHECK_ANSWERS
    ids = step_ids(state)
    if current not in ids or ids.index(current) == 0:
        return None
    return ids[ids.index(current) - 1]


def answer_provider(state: ClaimState, provider_id: int) -> ClaimState:
    """Choose the provider; another provider drops the mentors, their hours and confirmation."""
    if provider_id == state.provider_id:
        return state
    # Mentors and hours were answered for the old provider, so they no longer apply.
    return ClaimState(provider_id=provider_id, reached_check_answers=state.reached_check_answers)


def answer_mentors(state: ClaimState, mentor_ids: Sequence[int]) -> ClaimState:
    """Choose the mentors, keeping the hours of those kept; a new mentor needs confirming."""
    kept = {each.mentor_id: each for each in state.mentors}
    mentors = tuple(kept.get(mentor_id, MentorHours(mentor_id)) for mentor_id in mentor_ids)
    added = any(mentor_id not in kept for mentor_id in mentor_ids)
    return msgspec.structs.replace(
        state, mentors=mentors, hours_confirmed=None if added else state.hours_confirmed
    )


def answer_hours(state: ClaimState, mentor_id: int, hours: int) -> ClaimState:
    """Set one mentor's hours; changed hours need confirming with the provider again."""
    if state.hours_for(mentor_id) == hours:
        return state
    mentors = tuple(
        MentorHours(each.mentor_id, hours) if each.mentor_id == mentor_id else each
        for each in state.mentors
    )
    return msgspec.structs.replace(state, mentors=mentors, hours_confirmed=None)


def answer_confirmation(state: ClaimState, confirmed: bool) -> ClaimState:
    """Record whether the hours were confirmed with the provider."""
    return msgspec.structs.replace(state, hours_confirmed=confirmed)


def needs_confirmation(state: ClaimState) -> bool:
    """Whether check your answers must still ask if the hours were confirmed."""
    return state.hours_confirmed is None


def reach_check_answers(state: ClaimState) -> ClaimState:
    """Remember that check your answers was shown, so changes return to it."""
    return msgspec.structs.replace(state, reached_check_answers=True)
