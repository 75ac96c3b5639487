"""Confirm mentor details: the name the Teaching Record System gave, and the privacy confirmation."""

from __future__ import annotations

import msgspec

from domain.validation.field_error import FieldError
from web.steps.find_mentor import NewMentor
from web.wizard import Ask

ID = "confirm"
TEMPLATE = "steps/confirm_mentor.html"
TITLE = "Confirm mentor details"
PRIVACY = "privacy"
CONFIRMED = "confirmed"


class Form(msgspec.Struct, frozen=True):
    """The privacy checkbox, as sent ("confirmed" when ticked)."""

    privacy: str = ""


def applies(state: NewMentor) -> bool:
    """Every mentor is confirmed before being added."""
    return True


def is_answered(state: NewMentor, key: str) -> bool:
    """Never: adding the mentor ends the task."""
    return False


async def load(ask: Ask) -> NewMentor:
    """The teacher found, to confirm."""
    return ask.state


def form_for(view: NewMentor) -> Form:
    """Nothing ticked yet."""
    return Form()


def parse(form: Form, view: NewMentor) -> bool | list[FieldError]:
    """Confirmed once the user says they told the teacher how DfE will use their information."""
    if form.privacy == CONFIRMED:
        return True
    return [
        FieldError(
            PRIVACY,
            f"Confirm that you have told {view.full_name} how DfE will use their information",
        )
    ]


def apply(state: NewMentor, confirmed: bool, key: str) -> NewMentor:
    """Confirm the teacher, to be added when saved."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: NewMentor, form: Form, errors: dict[str, str]) -> dict:
    """What the confirm page shows."""
    return {
        "title": TITLE,
        "name": view.full_name,
        "trn": view.trn,
        "privacy_error": errors.get(PRIVACY),
    }
