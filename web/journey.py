"""The add-claim journey: the ordered registry of its step modules, the only list of its steps."""

from __future__ import annotations

from web.steps import (
    check_answers,
    confirm_hours,
    mentor_hours,
    mentors,
    provider,
    provider_results,
)
from web.wizard import Journey

CLAIM = Journey(
    steps=(provider, mentors, mentor_hours, confirm_hours, check_answers),
    # Without JavaScript the search's matches are a page of their own.
    views=(provider_results,),
)


def hours_step(mentor_id: int) -> str:
    """The step id (and URL slug) of one mentor's hours question."""
    return f"{mentor_hours.ID}/{mentor_id}"
