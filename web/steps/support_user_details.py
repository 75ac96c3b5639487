"""Add support user: their first name, last name and DfE email address, on one page."""

from __future__ import annotations

import msgspec

from domain.onboarding import parse_support_email
from domain.validation.field_error import FieldError
from domain.validation.names import parse_first_name, parse_last_name
from web.wizard import Ask

ID = "details"
TEMPLATE = "support/users/add.html"
TITLE = "Add support user"
ALREADY_SUPPORT_USER = "This email address already belongs to a support user"


class Form(msgspec.Struct, frozen=True):
    """The three boxes, as typed."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""


class NewSupportUser(msgspec.Struct, frozen=True):
    """The support user being added, as answered so far, and whether they were confirmed."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    confirmed: bool = False


class View(msgspec.Struct, frozen=True):
    """The details given so far, and whether the email typed is already a support user's."""

    answers: NewSupportUser
    already: bool = False


def applies(state: NewSupportUser) -> bool:
    """Every support user has a name and an email address."""
    return True


def is_answered(state: NewSupportUser, key: str) -> bool:
    """Whether valid details were given."""
    return bool(state.email)


async def load(ask: Ask) -> View:
    """The details so far, and whether the email typed already belongs to a support user."""
    email = parse_support_email(ask.query.get("email", ""))
    already = isinstance(email, str) and await ask.lookups.is_support_email(email)
    return View(ask.state, already)


def form_for(view: View) -> Form:
    """The boxes filled with the details given so far."""
    answers = view.answers
    return Form(answers.first_name, answers.last_name, answers.email)


def parse(form: Form, view: View) -> NewSupportUser | list[FieldError]:
    """The support user's details, or every field's error in page order."""
    email = parse_support_email(form.email)
    if isinstance(email, str) and view.already:
        email = FieldError("email", ALREADY_SUPPORT_USER)
    parsed = (parse_first_name(form.first_name), parse_last_name(form.last_name), email)
    errors = [each for each in parsed if isinstance(each, FieldError)]
    if errors:
        return errors
    first_name, last_name, email = parsed
    return NewSupportUser(first_name, last_name, email)


def apply(state: NewSupportUser, answer: NewSupportUser, key: str) -> NewSupportUser:
    """The new details, to be confirmed."""
    return answer


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the details page shows."""
    return {"title": TITLE, "answers": msgspec.structs.asdict(form), "field_errors": errors}
