"""Mentors: which of the school's mentors trained with the provider and still have hours."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from db.queries.claim_drafts import MentorOption

ID = "mentors"
FIELD = "mentors"


class Form(msgspec.Struct, frozen=True):
    """The ticked checkboxes' values (mentor ids, as typed by the browser)."""

    mentors: list[str] = []


def claimable(options: Sequence[MentorOption]) -> list[MentorOption]:
    """The mentors who can still be claimed for with the provider."""
    return [option for option in options if option.allowance.can_claim]


def used_up(options: Sequence[MentorOption]) -> list[MentorOption]:
    """The mentors who have claimed their whole allowance with the provider."""
    return [option for option in options if not option.allowance.can_claim]


def parse(form: Form, options: Sequence[MentorOption]) -> tuple[int, ...] | dict[str, str]:
    """The ids of the mentors ticked, in the order listed, or the error."""
    offered = {str(option.mentor_id): option.mentor_id for option in claimable(options)}
    ticked = {value.strip() for value in form.mentors if value.strip()}
    if not ticked:
        return {FIELD: "Select the mentors that trained with the accredited provider"}
    if not ticked <= offered.keys():
        # A mentor removed, or whose hours were taken, since the page was shown.
        return {FIELD: "Select mentors from the list"}
    return tuple(
        option.mentor_id for option in claimable(options) if str(option.mentor_id) in ticked
    )


def question(provider_name: str) -> str:
    """The page heading."""
    return f"Select mentors that trained with {provider_name}"


def no_mentors_title(provider_name: str) -> str:
    """The heading when none of the school's mentors can be claimed for with the provider."""
    return f"No mentors for {provider_name}"


def context(options: Sequence[MentorOption], chosen: Sequence[str], errors: dict[str, str]) -> dict:
    """What the mentors page shows."""
    return {
        "field": FIELD,
        "options": claimable(options),
        "used_up": used_up(options),
        "has_mentors": bool(options),
        "chosen": set(chosen),
        "error": errors.get(FIELD),
    }
