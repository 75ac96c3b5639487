"""Confirm hours: whether the school checked the hours with the provider, as DfE recommends."""

from __future__ import annotations

import msgspec

from domain.validation.field_error import FieldError
from web.claim_state import ClaimState, answer_confirmation
from web.partials.claim_summary import SummaryLine
from web.wizard import Ask

ID = "confirm-hours"
FIELD = "confirmed"
YES, NO = "yes", "no"


class Form(msgspec.Struct, frozen=True):
    """The answer, "yes", "no" or nothing."""

    confirmed: str = ""


class View(msgspec.Struct, frozen=True):
    """The provider, each mentor's hours to confirm, and the answer so far."""

    provider_name: str
    lines: tuple[SummaryLine, ...]
    confirmed: bool | None


def applies(state: ClaimState) -> bool:
    """Asked of every claim."""
    return True


def is_answered(state: ClaimState, key: str) -> bool:
    """Answered, or to be asked on check your answers once that has been seen."""
    # Once check your answers has been seen, a confirmation to ask again is asked there instead
    # of walking the user forward through this page.
    return state.hours_confirmed is not None or state.reached_check_answers


async def load(ask: Ask) -> View:
    """The hours the school is asked to have confirmed."""
    lookups = ask.lookups
    return View(
        provider_name=lookups.summary.provider_name or "",
        lines=tuple(SummaryLine(each.name, each.hours) for each in lookups.lines),
        confirmed=ask.state.hours_confirmed,
    )


def form_for(view: View) -> Form:
    """The answer given so far."""
    return Form({True: YES, False: NO}.get(view.confirmed, ""))


def parse(form: Form, view: View) -> bool | list[FieldError]:
    """True for Yes, False for No (allowed: it is a recommendation), else the error."""
    answer = form.confirmed.strip()
    if answer not in {YES, NO}:
        message = f"Select yes if you have confirmed these hours with {view.provider_name}"
        return [FieldError(FIELD, message)]
    return answer == YES


def apply(state: ClaimState, confirmed: bool, key: str) -> ClaimState:
    """Record the answer."""
    return answer_confirmation(state, confirmed)


def question(provider_name: str) -> str:
    """The page heading."""
    return f"Have you confirmed these hours with {provider_name}?"


def advice(provider_name: str) -> str:
    """What DfE recommends to a school that has not confirmed the hours."""
    return (
        f"The Department for Education strongly recommends that you check these hours with "
        f"{provider_name} before you submit your claim. You can still submit it without checking."
    )


def answer_text(confirmed: bool | None) -> str:
    """The answer as check your answers shows it."""
    return {True: "Yes", False: "No"}.get(confirmed, "Not answered")


def radios(provider_name: str, confirmed: bool | None, errors: dict[str, str]) -> dict:
    """The question's radios, on its own page or on check your answers."""
    return {
        "field": FIELD,
        "question": question(provider_name),
        "yes": YES,
        "no": NO,
        "confirmed": confirmed,
        "advice": advice(provider_name),
        "error": errors.get(FIELD),
    }


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the confirmation page shows."""
    confirmed = {YES: True, NO: False}.get(form.confirmed.strip())
    return {
        "title": question(view.provider_name),
        "provider_name": view.provider_name,
        "lines": view.lines,
        "confirm": radios(view.provider_name, confirmed, errors),
    }
