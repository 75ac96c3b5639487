"""Check the claims to send to the payer: how many and the total, then send them."""

from __future__ import annotations

import msgspec

from domain.download_links import LINK_LIFETIME
from domain.funding import format_money
from domain.payments import WindowToSend
from web.steps.payment_window import ID as WINDOW_ID
from web.steps.payment_window import PaymentSend
from web.wizard import Ask, Goto

ID = "check"
TEMPLATE = "support/payments/check.html"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button sends the claims."""


class View(msgspec.Struct, frozen=True):
    """The chosen window with its submitted claims."""

    choice: WindowToSend


def applies(state: PaymentSend) -> bool:
    """Every send is checked before it happens."""
    return True


def is_answered(state: PaymentSend, key: str) -> bool:
    """Never: sending ends the task."""
    return False


async def load(ask: Ask) -> View | Goto:
    """The chosen window; back to choosing if it has nothing left to send."""
    windows = await ask.lookups.windows_to_send()
    choice = next((each for each in windows if each.id == ask.state.window_id), None)
    if choice is None:
        return Goto(WINDOW_ID)
    return View(choice)


def form_for(view: View) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: View) -> bool:
    """Posting the page confirms sending the claims shown."""
    return True


def apply(state: PaymentSend, confirmed: bool, key: str) -> PaymentSend:
    """Confirm the send, which the task carries out when it saves."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """The window, the number of claims and their total."""
    choice = view.choice
    return {
        "title": "Check the claims before you send them to the payer",
        "window": choice.window,
        "claims": choice.claims,
        "amount": format_money(choice.amount_pence),
        "link_days": LINK_LIFETIME.days,
    }
