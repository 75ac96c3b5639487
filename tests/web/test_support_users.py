"""Support users: the list, adding (DfE addresses only; a removed one restored), removing."""

from __future__ import annotations

import re
import uuid

import pytest

from db.tables import EmailOutbox, SupportUser, User
from tests.fixtures.database import run
from web.settings import load_settings

USERS = "/support/users"


def _email() -> str:
    return f"agent-{uuid.uuid4().hex[:10]}@education.gov.uk"


def _queued(address: str) -> list[dict]:
    return run(
        EmailOutbox.select(EmailOutbox.kind, EmailOutbox.personalisation)
        .where(EmailOutbox.to_address == address)
        .order_by(EmailOutbox.id)
        .output(load_json=True)
        .run()
    )


def _user_id(email: str) -> int:
    return run(User.select(User.id).where(User.email == email).first().run())["id"]


def _errors(html: str) -> list[str]:
    summary = html[html.index("govuk-error-summary__list") :]
    return re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary[: summary.index("</ul>")])


def _add(client, first: str, last: str, email: str):
    answers = client.post_form(
        f"{USERS}/add",
        {"first_name": first, "last_name": last, "email": email},
        follow_redirects=False,
    )
    assert answers.status_code == 303, answers.text
    assert answers.headers["location"] == f"{USERS}/add/check"
    return client.post_form(f"{USERS}/add/check", follow_redirects=False)


@pytest.fixture
def me(client, support):
    key, user_id = support.user(first_name="Sally", last_name="Sender")
    client.sign_in(key)
    return user_id


def test_the_list_shows_support_users_and_no_remove_link_for_yourself(client, me, support):
    _, other = support.user(first_name="Otto", last_name="Other")
    page = client.get(USERS)
    assert "<title>Support users - " in page.text
    assert "Sally Sender (you)" in page.text
    assert "Otto Other" in page.text
    assert f'href="{USERS}/{other}/remove"' in page.text
    assert f'href="{USERS}/{me}/remove"' not in page.text
    assert client.get(f"{USERS}/{me}/remove").status_code == 404


def test_add_a_support_user_emails_them_and_logs_it(client, me):
    email = _email()
    # The check page needs the details first.
    early = client.get(f"{USERS}/add/check", follow_redirects=False)
    assert early.headers["location"] == f"{USERS}/add"
    response = _add(client, "Nia", "New", email)
    assert response.headers["location"] == USERS
    page = client.get(USERS).text
    assert "Nia New has been added" in page
    assert email in page
    assert _queued(email) == [
        {
            "kind": "support_user_added",
            "personalisation": {
                "added_by_name": "Sally Sender",
                "first_name": "Nia",
                "service_url": f"{load_settings().service_url}/sign-in",
            },
        }
    ]
    assert f"Support user Nia New ({email}) added" in client.get("/support/settings/activity").text


def test_the_check_page_shows_the_details_first(client, me):
    email = _email()
    client.post_form(f"{USERS}/add", {"first_name": "Cy", "last_name": "Check", "email": email})
    page = client.get(f"{USERS}/add/check").text
    assert "<title>Confirm support user details - " in page
    assert email in page and "Cy" in page


@pytest.mark.parametrize(
    ("form", "messages"),
    [
        (
            {},
            ["Enter a first name", "Enter a last name", "Enter an email address"],
        ),
        (
            {"first_name": "A", "last_name": "B", "email": "someone@example.org"},
            ["Enter a Department for Education email address ending in @education.gov.uk"],
        ),
        (
            {"first_name": "A", "last_name": "B", "email": "not an email"},
            None,
        ),
    ],
)
def test_details_breaking_a_rule_are_refused(client, me, form, messages):
    page = client.post_form(f"{USERS}/add", form)
    assert page.status_code == 200
    assert "<title>Error: Add support user" in page.text
    if messages is not None:
        assert _errors(page.text) == messages


def test_a_web_address_in_a_name_is_refused_and_nothing_is_sent(client, me):
    # A name goes into the welcome email, where a web address would become a link.
    email = _email()
    page = client.post_form(
        f"{USERS}/add",
        {"first_name": "Visit https://evil.example/verify", "last_name": "Agent", "email": email},
        follow_redirects=False,
    )

    assert page.status_code == 200
    assert "<title>Error: Add support user" in page.text
    assert _errors(page.text) == [
        "First name must only include letters, spaces, hyphens and apostrophes"
    ]
    # What was typed is kept, escaped, for the user to correct.
    assert 'value="Visit https://evil.example/verify"' in page.text
    assert client.get(f"{USERS}/add/check", follow_redirects=False).status_code == 303
    assert _queued(email) == []
    assert run(User.count().where(User.email == email).run()) == 0


def test_an_existing_support_user_cannot_be_added_again(client, me, support):
    page = client.post_form(
        f"{USERS}/add",
        {
            "first_name": "Sally",
            "last_name": "Sender",
            "email": run(User.select(User.email).where(User.id == me).first().run())["email"],
        },
    )
    assert _errors(page.text) == ["This email address already belongs to a support user"]


def test_remove_asks_first_then_removes_emails_and_logs(client, me, support):
    _, other = support.user(first_name="Rhys", last_name="Removed")
    email = run(User.select(User.email).where(User.id == other).first().run())["email"]
    page = client.get(f"{USERS}/{other}/remove")
    assert "<title>Are you sure you want to remove Rhys Removed? - " in page.text
    response = client.post_form(f"{USERS}/{other}/remove", follow_redirects=False)
    assert response.headers["location"] == USERS
    listing = client.get(USERS).text
    assert "Rhys Removed has been removed" in listing
    assert email not in listing
    assert _queued(email) == [
        {"kind": "support_user_removed", "personalisation": {"first_name": "Rhys"}}
    ]
    assert (
        f"Support user Rhys Removed ({email}) removed"
        in client.get("/support/settings/activity").text
    )
    # Removing again (another tab) changes nothing and sends nothing more.
    assert client.post_form(f"{USERS}/{other}/remove").status_code == 404
    assert len(_queued(email)) == 1


def test_you_cannot_remove_yourself(client, me):
    assert client.post_form(f"{USERS}/{me}/remove").status_code == 404
    assert run(
        SupportUser.exists()
        .where((SupportUser.user == me) & SupportUser.removed_at.is_null())
        .run()
    )


def test_a_removed_support_user_added_again_is_restored(client, me, support):
    _, other = support.user(first_name="Ruth", last_name="Returns")
    email = run(User.select(User.email).where(User.id == other).first().run())["email"]
    client.post_form(f"{USERS}/{other}/remove")
    _add(client, "Ruth", "Returns", email)
    assert run(SupportUser.count().where(SupportUser.user == other).run()) == 1
    assert email in client.get(USERS).text
    assert _user_id(email) == other
