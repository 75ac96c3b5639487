"""The add user details step: one step for a school's users and the support console's."""

from __future__ import annotations

import pytest

from domain.onboarding import parse_support_email
from domain.validation.email_address import parse_email
from web.steps.user_details import Form, NewUser, UserKind, View, context, load, parse
from web.wizard import Ask

pytestmark = pytest.mark.anyio

KIND = UserKind(noun="user", can="do things", email_hint="Any address", already="Taken here")
DFE = "ada.lovelace@education.gov.uk"
DFE_ONLY = "Enter a Department for Education email address ending in @education.gov.uk"


class Lookups:
    """A task whose users are those with `taken` addresses."""

    def __init__(self, parse_email, taken=()) -> None:
        self.kind, self.parse_email, self.taken = KIND, parse_email, set(taken)

    async def is_user(self, email: str) -> bool:
        return email in self.taken


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def _view(parser, email="", taken=()) -> View:
    return await load(Ask(NewUser(), "", {"email": email}, Lookups(parser, taken)))


def _messages(result) -> list[tuple[str, str]]:
    assert isinstance(result, list), result
    return [(error.field, error.message) for error in result]


async def test_valid_details_are_the_new_user_with_the_email_tidied():
    view = await _view(parse_email)
    parsed = parse(Form(" Ada ", "Lovelace", " Ada@Example.org "), view)
    assert parsed == NewUser("Ada", "Lovelace", "ada@example.org")


async def test_every_blank_answer_is_an_error_in_page_order():
    assert [field for field, _ in _messages(parse(Form(), await _view(parse_email)))] == [
        "first_name",
        "last_name",
        "email",
    ]


async def test_the_task_says_which_addresses_it_takes():
    form = Form("Ada", "Lovelace", "ada@example.org")
    assert isinstance(parse(form, await _view(parse_email)), NewUser)
    assert _messages(parse(form, await _view(parse_support_email))) == [("email", DFE_ONLY)]
    assert parse(Form("Ada", "Lovelace", DFE), await _view(parse_support_email)) == NewUser(
        "Ada", "Lovelace", DFE
    )


async def test_an_address_one_of_the_users_has_is_refused_in_the_task_words():
    view = await _view(parse_support_email, DFE, taken={DFE})
    assert view.already
    assert _messages(parse(Form("Ada", "Lovelace", DFE), view)) == [("email", "Taken here")]


async def test_an_invalid_address_is_not_looked_up():
    view = await _view(parse_support_email, "not an email", taken={"not an email"})
    assert not view.already


async def test_the_page_is_titled_and_worded_for_the_task_users():
    page = context(await _view(parse_email), Form(), {})
    assert (page["title"], page["kind"]) == ("Add user", KIND)
