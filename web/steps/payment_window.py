"""Choose the claim window whose submitted claims go to the payer."""

from __future__ import annotations

from typing import Protocol

import msgspec

from domain.funding import format_money
from domain.payments import WindowToSend
from domain.validation.field_error import FieldError
from web.wizard import Ask

ID = "window"
TEMPLATE = "support/payments/window.html"
CHOOSE_WINDOW = "Select the claim window whose claims you want to send"


class PaymentSend(msgspec.Struct, frozen=True):
    """Sending claims to the payer: the window chosen, and whether it is confirmed."""

    window_id: int | None = None
    confirmed: bool = False


class PaymentLookups(Protocol):
    """What the steps ask their task."""

    async def windows_to_send(self) -> list[WindowToSend]: ...


class Form(msgspec.Struct, frozen=True):
    """The window's id as posted."""

    window: str = ""


class View(msgspec.Struct, frozen=True):
    """Windows with submitted claims, and the one chosen so far."""

    windows: list[WindowToSend]
    chosen: int | None


def applies(state: PaymentSend) -> bool:
    """Every send starts with a window."""
    return True


def is_answered(state: PaymentSend, key: str) -> bool:
    """Answered once a window is chosen."""
    return state.window_id is not None


async def load(ask: Ask) -> View:
    """The windows that have claims to send."""
    lookups: PaymentLookups = ask.lookups
    return View(list(await lookups.windows_to_send()), ask.state.window_id)


def form_for(view: View) -> Form:
    """The window chosen so far."""
    return Form(str(view.chosen) if view.chosen is not None else "")


def parse(form: Form, view: View) -> int | list[FieldError]:
    """One of the windows offered."""
    chosen = next((each for each in view.windows if str(each.id) == form.window.strip()), None)
    if chosen is None:
        return [FieldError("window", CHOOSE_WINDOW)]
    return chosen.id


def apply(state: PaymentSend, window_id: int, key: str) -> PaymentSend:
    """Keep the window; a new choice must be checked again."""
    return PaymentSend(window_id=window_id)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """The radios: each window with its count and total."""
    return {
        "title": "Which claim window do you want to send claims for?",
        "items": [
            {
                "value": str(each.id),
                "text": f"{each.window.dates} ({each.window.academic_year.name})",
                "hint": {
                    "text": f"{each.claims} submitted "
                    f"{'claim' if each.claims == 1 else 'claims'}, {format_money(each.amount_pence)}"
                },
                "checked": form.window == str(each.id),
            }
            for each in view.windows
        ],
        "field_errors": errors,
    }
