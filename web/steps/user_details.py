"""Add user: the colleague's first name, last name and email address, on one page."""

from __future__ import annotations

import msgspec

from domain.validation.email_address import parse_email
from domain.validation.field_error import FieldError
from domain.validation.names import parse_first_name, parse_last_name
from web.wizard import Ask

ID = "details"
TEMPLATE = "pages/users/add.html"
TITLE = "Add user"
ALREADY_MEMBER = "This email address already belongs to a user at this organisation"


class Form(msgspec.Struct, frozen=True):
    """The three boxes, as typed."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""


class NewColleague(msgspec.Struct, frozen=True):
    """The colleague being added, as answered so far, and whether the member confirmed them."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    confirmed: bool = False


class View(msgspec.Struct, frozen=True):
    """The details given so far, and whether the email typed is already a member's."""

    answers: NewColleague
    already_member: bool = False


def applies(state: NewColleague) -> bool:
    """Every colleague added has a name and an email address."""
    return True


def is_answered(state: NewColleague, key: str) -> bool:
    """Whether valid details were given."""
    return bool(state.email)


async def load(ask: Ask) -> View:
    """The details given so far, and whether the email typed already belongs to a member."""
    email = parse_email(ask.query.get("email", ""))
    already = isinstance(email, str) and await ask.lookups.is_member(email)
    return View(ask.state, already)


def form_for(view: View) -> Form:
    """The boxes filled with the details given so far."""
    answers = view.answers
    return Form(answers.first_name, answers.last_name, answers.email)


def parse(form: Form, view: View) -> NewColleague | list[FieldError]:
    """The colleague's details, or every field's error in page order."""
    email = parse_email(form.email)
    if isinstance(email, str) and view.already_member:
        email = FieldError("email", ALREADY_MEMBER)
    parsed = (parse_first_name(form.first_name), parse_last_name(form.last_name), email)
    errors = [each for each in parsed if isinstance(each, FieldError)]
    if errors:
        return errors
    first_name, last_name, email = parsed
    return NewColleague(first_name, last_name, email)


def apply(state: NewColleague, answer: NewColleague, key: str) -> NewColleague:
    """The new details, to be confirmed."""
    return answer


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the details page shows."""
    return {
        "title": TITLE,
        "answers": msgspec.structs.asdict(form),
        "field_errors": errors,
    }
