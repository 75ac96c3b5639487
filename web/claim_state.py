"""A claim's answers so far, and how each answer changes them: pure, for table tests."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec


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
