"""Hours, once per mentor: how many hours of training they completed with the provider."""

from __future__ import annotations

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

ID = "hours"


class Form(msgspec.Struct, frozen=True):
    """The radio picked (all remaining hours, or another amount), the amount typed, and the
    remaining hours the page showed (so "all of them" means what the user saw)."""

    hours: str = ""
    custom_hours: str = ""
    shown: str = ""


def parse(form: Form, allowance: MentorAllowance) -> int | dict[str, str]:
    """Whole hours from 1 to what the mentor has left with the provider, or the error."""
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
        return {hours.field: hours.message}
    return hours


def changed(remaining: int) -> dict[str, str]:
    """The error when another claim used some of the hours after the page was shown."""
    verb = "is" if remaining == 1 else "are"
    return {
        CHOICE_FIELD: "Another claim has used some of these hours, so there "
        f"{verb} only {format_hours(remaining)} left to claim"
    }


def form_for(hours: int | None, allowance: MentorAllowance) -> Form:
    """The form as it was answered, to show an answer again."""
    if hours is None:
        return Form()
    if hours == allowance.remaining:
        return Form(hours=HoursChoice.MAXIMUM.value)
    return Form(hours=HoursChoice.ANOTHER.value, custom_hours=str(hours))


def question(mentor_name: str) -> str:
    """The page heading."""
    return f"How many hours of training did {mentor_name} complete?"


def context(form: Form, allowance: MentorAllowance, errors: dict[str, str]) -> dict:
    """What the hours page shows; every number comes from the mentor's allowance."""
    return {
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
