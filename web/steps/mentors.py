"""Mentors: which of the school's mentors trained with the provider and still have hours, and
why each of the others is not listed."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from domain.academic_years import AcademicYear
from domain.claim_again import NotOffered, mentor_choices
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
    """The school's mentors offered with their allowances, why the others are not, and those
    already chosen."""

    options: tuple[MentorOption, ...]
    not_offered: tuple[NotOffered, ...]
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
    """The school's mentors with hours left with the claim's provider, and why the others have
    none (naming only the claims the user may see)."""
    lookups = ask.lookups
    provider_name = lookups.summary.provider_name or ""
    year = lookups.summary.academic_year
    options, not_offered = mentor_choices(
        await lookups.mentor_history(),
        ask.state.provider_id,
        provider_name,
        year,
        lookups.claim_id,
    )
    return View(
        options=options,
        not_offered=not_offered,
        chosen=ask.state.mentor_ids,
        provider_name=provider_name,
        academic_year=year,
        change_provider_href=lookups.url("provider"),
    )


def form_for(view: View) -> Form:
    """The mentors ticked so far."""
    return Form(mentors=[str(each) for each in view.chosen])


def claimable(options: Sequence[MentorOption]) -> list[MentorOption]:
    """The mentors who can still be claimed for with the provider."""
    return [option for option in options if option.allowance.can_claim]


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
        "not_offered": view.not_offered,
        "has_mentors": bool(view.options or view.not_offered),
        "chosen": set(form.mentors),
        "error": errors.get(FIELD),
        "provider_name": view.provider_name,
        "academic_year": view.academic_year,
        "change_provider_href": view.change_provider_href,
    }
