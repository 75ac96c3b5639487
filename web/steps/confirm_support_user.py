"""Confirm support user details, then "Confirm and add support user"."""

from __future__ import annotations

import msgspec

from web.steps.support_user_details import NewSupportUser
from web.wizard import Ask

ID = "check"
TEMPLATE = "support/users/confirm.html"
TITLE = "Confirm support user details"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button is the confirmation."""


def applies(state: NewSupportUser) -> bool:
    """Every support user is confirmed before being added."""
    return True


def is_answered(state: NewSupportUser, key: str) -> bool:
    """Never: adding the support user ends the task."""
    return False


async def load(ask: Ask) -> NewSupportUser:
    """The details to confirm."""
    return ask.state


def form_for(view: NewSupportUser) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: NewSupportUser) -> bool:
    """Posting the page confirms the details shown."""
    return True


def apply(state: NewSupportUser, confirmed: bool, key: str) -> NewSupportUser:
    """Confirm the support user, to be added when saved."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: NewSupportUser, form: Form, errors: dict[str, str]) -> dict:
    """What the check page shows."""
    return {"title": TITLE, "answers": msgspec.structs.asdict(view)}
