"""Confirm hours: whether the school checked the hours with the provider, as DfE recommends."""

from __future__ import annotations

import msgspec

ID = "confirm-hours"
FIELD = "confirmed"
YES, NO = "yes", "no"


class Form(msgspec.Struct, frozen=True):
    """The answer, "yes", "no" or nothing."""

    confirmed: str = ""


def parse(form: Form, provider_name: str) -> bool | dict[str, str]:
    """True for Yes, False for No (allowed: it is a recommendation), else the error."""
    answer = form.confirmed.strip()
    if answer not in {YES, NO}:
        return {FIELD: f"Select yes if you have confirmed these hours with {provider_name}"}
    return answer == YES


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


def context(provider_name: str, confirmed: bool | None, errors: dict[str, str]) -> dict:
    """What the question shows, on its own page or on check your answers."""
    return {
        "field": FIELD,
        "question": question(provider_name),
        "yes": YES,
        "no": NO,
        "confirmed": confirmed,
        "advice": advice(provider_name),
        "error": errors.get(FIELD),
    }
