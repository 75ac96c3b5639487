"""Check the claim window: its dates and year, then add it or save the change."""

from __future__ import annotations

import msgspec

from web.steps.window_dates import WindowAnswers
from web.wizard import Ask

ID = "check"
TEMPLATE = "support/claim_windows/check.html"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button is the confirmation."""


class View(msgspec.Struct, frozen=True):
    """The answers to check and any warning about the open window."""

    answers: WindowAnswers
    warning: str | None = None


def applies(state: WindowAnswers) -> bool:
    """Every window is checked before it is saved."""
    return True


def is_answered(state: WindowAnswers, key: str) -> bool:
    """Never: saving the window ends the task."""
    return False


async def load(ask: Ask) -> View:
    """The answers to check."""
    return View(ask.state, ask.lookups.warning())


def form_for(view: View) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: View) -> bool:
    """Posting the page confirms the window shown."""
    return True


def apply(state: WindowAnswers, confirmed: bool, key: str) -> WindowAnswers:
    """Confirm the window, to be saved when the task saves it."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the check page shows."""
    window = view.answers.window
    return {"window": window, "warning": view.warning}
