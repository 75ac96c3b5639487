"""Confirm hours: the school has checked the hours with the provider before claiming them."""

from __future__ import annotations

import msgspec

ID = "confirm-hours"
FIELD = "confirmed"
YES = "yes"


class Form(msgspec.Struct, frozen=True):
    """The checkbox, ticked or not."""

    confirmed: str = ""


def parse(form: Form, provider_name: str) -> bool | dict[str, str]:
    """True when ticked, else the error."""
    if form.confirmed.strip() != YES:
        return {FIELD: f"Confirm that you have checked these hours with {provider_name}"}
    return True


def question(provider_name: str) -> str:
    """The page heading."""
    return f"Confirm the hours with {provider_name}"


def context(provider_name: str, confirmed: bool, errors: dict[str, str]) -> dict:
    """What the confirmation page shows."""
    return {
        "field": FIELD,
        "yes": YES,
        "label": f"I have confirmed these hours with {provider_name}",
        "confirmed": confirmed,
        "error": errors.get(FIELD),
    }
