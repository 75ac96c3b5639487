"""Confirm user details: what the colleague will be able to do, then "Confirm and add user"."""

from __future__ import annotations

import msgspec

from web.steps.user_details import NewColleague
from web.wizard import Ask

ID = "check"
TEMPLATE = "pages/users/confirm.html"
TITLE = "Confirm user details"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button is the confirmation."""


def applies(state: NewColleague) -> bool:
    """Every colleague is confirmed before being added."""
    return True


def is_answered(state: NewColleague, key: str) -> bool:
    """Never: adding the colleague ends the task."""
    return False


async def load(ask: Ask) -> NewColleague:
    """The details to confirm."""
    return ask.state


def form_for(view: NewColleague) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: NewColleague) -> bool:
    """Posting the page confirms the details shown."""
    return True


def apply(state: NewColleague, confirmed: bool, key: str) -> NewColleague:
    """Confirm the colleague, to be added when saved."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: NewColleague, form: Form, errors: dict[str, str]) -> dict:
    """What the check page shows."""
    return {"title": TITLE, "answers": msgspec.structs.asdict(view)}
