"""Mentors: which of the school's mentors trained with the provider and still have hours."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from domain.academic_years import AcademicYear
from domain.hours import MentorOption
from domain.validation.field_error import FieldError
from web.claim_state import ClaimState, answer_mentors
from web.wizard import Ask

ID = "mentors"
FIELD = "mentors"


class Form(msgspec.Struct, frozen=True):
    """The ticked checkboxes' values (mentor ids, as typed by the browser)."""

    mentors: list[str] = []


class View(msgspec.Struct, frozen=True):
    """The school's mentors with their allowances, and those already chosen."""

    options: tuple[MentorOption, ...]
    chosen: tuple[int, ...]
    provider_name: str
    academic_year: AcademicYear
    change_provider_href: str


def applies(state: ClaimState) -> bool:
    """Every claim names its mentors."""
    return True


def is_answered(state: ClaimState, key: str) -> bool:
    """Whether any mentors were chosen."""
    return bool(state.mentors)


async def load(ask: Ask) -> View:
    """The school's mentors, each with their allowance with the claim's provider."""
    lookups = ask.lookups
    return View(
        options=tuple(await lookups.mentor_options()),
        chosen=ask.state.mentor_ids,
        provider_name=lookups.summary.provider_name or "",
        academic_year=lookups.summary.academic_year,
        change_provider_href=lookups.url("provider"),
    )


def form_for(view: View) -> Form:
    """The mentors ticked so far."""
    return Form(mentors=[str(each) for each in view.chosen])


def claimable(options: Sequence[MentorOption]) -> list[MentorOption]:
    """The mentors who can still be claimed for with the provider."""
    return [option for option in options if option.allowance.can_claim]


def used_up(options: Sequence[MentorOption]) -> list[MentorOption]:
    """The mentors who have claimed their whole allowance with the provider."""
    return [option for option in options if not option.allowance.can_claim]


def parse(form: Form, view: View) -> tuple[int, ...] | list[FieldError]:
    """The ids of the mentors ticked, in the order listed, or the error."""
    options = view.options
    offered = {str(option.mentor_id): option.mentor_id for option in claimable(options)}
    ticked = {value.strip() for value in form.mentors if value.strip()}
    if not ticked:
        return [FieldError(FIELD, "Select the mentors that trained with the accredited provider")]
    if not ticked <= offered.keys():
        # A mentor removed, or whose hours were taken, since the page was shown.
        return [FieldError(FIELD, "Select mentors from the list")]
    return tuple(
        option.mentor_id for option in claimable(options) if str(option.mentor_id) in ticked
    )


def apply(state: ClaimState, mentor_ids: tuple[int, ...], key: str) -> ClaimState:
    """Choose the mentors."""
    return answer_mentors(state, mentor_ids)


def question(provider_name: str) -> str:
    """The page heading."""
    return f"Select mentors that trained with {provider_name}"


def no_mentors_title(provider_name: str) -> str:
    """The heading when none of the school's mentors can be claimed for with the provider."""
    return f"No mentors for {provider_name}"


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the mentors page shows."""
    options = claimable(view.options)
    return {
        "title": question(view.provider_name) if options else no_mentors_title(view.provider_name),
        "field": FIELD,
        "options": options,
        "used_up": used_up(view.options),
        "has_mentors": bool(view.options),
        "chosen": set(form.mentors),
        "error": errors.get(FIELD),
        "provider_name": view.provider_name,
        "academic_year": view.academic_year,
        "change_provider_href": view.change_provider_href,
    }
