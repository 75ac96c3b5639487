"""Add user: the new user's first name, last name and email address, on one page.

A school's users and the support console's are added alike: the task adding one says, through
its lookups, which email addresses it takes, who already has one, and how its pages word it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import msgspec

from domain.validation.field_error import FieldError
from domain.validation.names import parse_first_name, parse_last_name
from web.wizard import Ask

ID = "details"
TEMPLATE = "pages/users/add.html"
ALREADY_MEMBER = "This email address already belongs to a user at this organisation"


class UserKind(msgspec.Struct, frozen=True):
    """The users a task adds, in its pages' words: "user" at a school, "support user"."""

    noun: str
    # What they will be able to do, to follow "They will be able to".
    can: str
    email_hint: str
    # The error when the email address already belongs to one of them.
    already: str
    # Said before adding one: what else adding them does.
    note: str = ""


class UserLookups(Protocol):
    """What adding a user asks of its task."""

    kind: UserKind

    def parse_email(self, text: str) -> str | FieldError:
        """The email address typed, if one of these users may sign in with it."""

    async def is_user(self, email: str) -> bool:
        """Whether the email address already belongs to one of these users."""


class Form(msgspec.Struct, frozen=True):
    """The three boxes, as typed."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""


class NewUser(msgspec.Struct, frozen=True):
    """The user being added, as answered so far, and whether they were confirmed."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    confirmed: bool = False


class View(msgspec.Struct, frozen=True):
    """The details given so far, the users they are for, their email rule, and whether the
    email typed is taken."""

    answers: NewUser
    kind: UserKind
    parse_email: Callable[[str], str | FieldError]
    already: bool = False


def applies(state: NewUser) -> bool:
    """Every user added has a name and an email address."""
    return True


def is_answered(state: NewUser, key: str) -> bool:
    """Whether valid details were given."""
    return bool(state.email)


async def load(ask: Ask) -> View:
    """The details so far, and whether the email typed already belongs to one of these users."""
    lookups: UserLookups = ask.lookups
    email = lookups.parse_email(ask.query.get("email", ""))
    already = isinstance(email, str) and await lookups.is_user(email)
    return View(ask.state, lookups.kind, lookups.parse_email, already)


def form_for(view: View) -> Form:
    """The boxes filled with the details given so far."""
    answers = view.answers
    return Form(answers.first_name, answers.last_name, answers.email)


def parse(form: Form, view: View) -> NewUser | list[FieldError]:
    """The user's details, or every field's error in page order."""
    email = view.parse_email(form.email)
    if isinstance(email, str) and view.already:
        email = FieldError("email", view.kind.already)
    parsed = (parse_first_name(form.first_name), parse_last_name(form.last_name), email)
    errors = [each for each in parsed if isinstance(each, FieldError)]
    if errors:
        return errors
    first_name, last_name, email = parsed
    return NewUser(first_name, last_name, email)


def apply(state: NewUser, answer: NewUser, key: str) -> NewUser:
    """The new details, to be confirmed."""
    return answer


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the details page shows."""
    return {
        "title": f"Add {view.kind.noun}",
        "kind": view.kind,
        "answers": msgspec.structs.asdict(form),
        "field_errors": errors,
    }
