"""Confirm user details: what the new user will be able to do, then "Add user"."""

from __future__ import annotations

import msgspec

from web.steps.user_details import NewUser, UserKind, UserLookups
from web.wizard import Ask

ID = "check"
TEMPLATE = "pages/users/confirm.html"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button is the confirmation."""


class View(msgspec.Struct, frozen=True):
    """The details to confirm, and the users they are for."""

    answers: NewUser
    kind: UserKind


def applies(state: NewUser) -> bool:
    """Every user is confirmed before being added."""
    return True


def is_answered(state: NewUser, key: str) -> bool:
    """Never: adding the user ends the task."""
    return False


async def load(ask: Ask) -> View:
    """The details to confirm."""
    lookups: UserLookups = ask.lookups
    return View(ask.state, lookups.kind)


def form_for(view: View) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: View) -> bool:
    """Posting the page confirms the details shown."""
    return True


def apply(state: NewUser, confirmed: bool, key: str) -> NewUser:
    """Confirm the user, to be added when saved."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the check page shows."""
    return {
        "title": f"Confirm {view.kind.noun} details",
        "kind": view.kind,
        "answers": msgspec.structs.asdict(view.answers),
    }
