"""Hours, once per mentor: how many hours of training they completed with the provider."""

from __future__ import annotations

from urllib.parse import urlencode

import msgspec

from domain.hours import MentorAllowance, format_hours
from domain.validation.field_error import FieldError
from domain.validation.hours_input import (
    AMOUNT_FIELD,
    CHOICE_FIELD,
    HoursChoice,
    amount_label,
    parse_hours,
)
from domain.validation.whole_number import whole_number
from web.claim_state import ClaimState, answer_hours
from web.steps.claim_lookups import ClaimLine
from web.wizard import Ask

ID = "hours"


class Form(msgspec.Struct, frozen=True):
    """The radio picked (all remaining hours, or another amount), the amount typed, and the
    remaining hours the page showed (so "all of them" means what the user saw)."""

    hours: str = ""
    custom_hours: str = ""
    shown: str = ""


class View(msgspec.Struct, frozen=True):
    """The mentor asked about, their allowance, and the hours answered so far."""

    mentor: ClaimLine
    allowance: MentorAllowance
    hours: int | None
    provider_name: str
    change_mentors_href: str


def applies(state: ClaimState) -> bool:
    """Asked for each mentor chosen."""
    return True


def keys(state: ClaimState) -> list[str]:
    """One question per chosen mentor, in the order they were listed."""
    return [str(mentor_id) for mentor_id in state.mentor_ids]


def is_key(key: str) -> bool:
    """Whether a URL's key can be a mentor id."""
    return whole_number(key) is not None and key == key.strip()


def is_answered(state: ClaimState, key: str) -> bool:
    """Whether the mentor's hours were answered."""
    return state.hours_for(int(key)) is not None


async def load(ask: Ask) -> View:
    """The mentor and their allowance with the claim's provider."""
    mentor_id = int(ask.key)
    lookups = ask.lookups
    return View(
        mentor=next(each for each in lookups.lines if each.mentor_id == mentor_id),
        allowance=await lookups.allowance(mentor_id),
        hours=ask.state.hours_for(mentor_id),
        provider_name=lookups.summary.provider_name or "",
        change_mentors_href=lookups.url("mentors"),
    )


def parse(form: Form, view: View) -> int | list[FieldError]:
    """Whole hours from 1 to what the mentor has left with the provider, or the error."""
    allowance = view.allowance
    if (
        form.hours == HoursChoice.MAXIMUM.value
        and form.shown.strip()
        and form.shown.strip() != str(allowance.remaining)
        and allowance.can_claim
    ):
        # The page offered more hours than are left now: never record fewer than were chosen.
        return changed(allowance.remaining)
    hours = parse_hours(form.hours or None, form.custom_hours, allowance.remaining)
    if isinstance(hours, FieldError):
        return [hours]
    return hours


def apply(state: ClaimState, hours: int, key: str) -> ClaimState:
    """Set the mentor's hours."""
    return answer_hours(state, int(key), hours)


def changed(remaining: int) -> list[FieldError]:
    """The error when another claim used some of the hours after the page was shown."""
    if remaining <= 0:
        # With none left the page says so instead of asking, with a way on.
        return []
    verb = "is" if remaining == 1 else "are"
    return [
        FieldError(
            CHOICE_FIELD,
            "Another claim has used some of these hours, so there "
            f"{verb} only {format_hours(remaining)} left to claim",
        )
    ]


def form_for(view: View) -> Form:
    """The form as it was answered, to show an answer again."""
    hours, allowance = view.hours, view.allowance
    if hours is None:
        return Form()
    if hours == allowance.remaining:
        return Form(hours=HoursChoice.MAXIMUM.value)
    return Form(hours=HoursChoice.ANOTHER.value, custom_hours=str(hours))


def question(mentor_name: str) -> str:
    """The page heading."""
    return f"How many hours of training did {mentor_name} complete?"


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the hours page shows; every number comes from the mentor's allowance."""
    allowance = view.allowance
    return {
        "title": question(view.mentor.name),
        "mentor": view.mentor,
        "provider_name": view.provider_name,
        "change_mentors_href": view.change_mentors_href,
        "preview_query": urlencode({"mentor": view.mentor.mentor_id}),
        "choice_field": CHOICE_FIELD,
        "amount_field": AMOUNT_FIELD,
        "maximum": HoursChoice.MAXIMUM.value,
        "another": HoursChoice.ANOTHER.value,
        "remaining": allowance.remaining,
        "remaining_text": format_hours(allowance.remaining),
        "hint": allowance.hint,
        "amount_label": amount_label(allowance.remaining),
        "choice": form.hours,
        "shown_field": "shown",
        "amount": form.custom_hours,
        "choice_error": errors.get(CHOICE_FIELD),
        "amount_error": errors.get(AMOUNT_FIELD),
    }
