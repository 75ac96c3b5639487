"""Reminders in the console: the count, the deadline quoted, the preview, and sending once."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from db.tables import EmailOutbox, SupportEvent, User
from domain.reminders import Reminder
from tests.fixtures.client import ServiceClient
from tests.fixtures.database import run
from tests.fixtures.factories import new_school, new_user

DEADLINE = "11:59pm on Friday 17 July 2026"
NO_CLAIMS = f"/support/settings/reminders/{Reminder.NO_CLAIMS.value}"
NOT_SIGNED_IN = f"/support/settings/reminders/{Reminder.NOT_SIGNED_IN.value}"
PROVIDERS = f"/support/settings/reminders/{Reminder.PROVIDERS.value}"
# Between the first and second seeded 2025 to 2026 windows: none is open.
BETWEEN_WINDOWS = datetime(2026, 8, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client, support):
    key, user_id = support.user("Rita", "Reminder")
    client.sign_in(key)
    client.support_user_id = user_id
    return client


@pytest.fixture
def school_user(database) -> dict:
    """A school of its own with no claims, and its one user, who has never signed in."""

    async def make() -> dict:
        school_id = await new_school(name=f"Reminded School {uuid.uuid4().hex[:6]}")
        user_id, key = await new_user(school_id, first_name="Rae")
        email = (await User.select(User.email).where(User.id == user_id).first())["email"]
        return {"school": school_id, "user": user_id, "key": key, "email": email}

    return run(make())


def _queued(address: str) -> list[dict]:
    return run(
        EmailOutbox.select(EmailOutbox.kind, EmailOutbox.personalisation)
        .where(EmailOutbox.to_address == address)
        .order_by(EmailOutbox.id)
        .output(load_json=True)
        .run()
    )


def _seen(html: str) -> str:
    return re.search(r'name="seen" value="([^"]+)"', html)[1]


def test_settings_lists_the_reminders(signed_in):
    page = signed_in.get("/support/settings").text
    for reminder in Reminder:
        assert f'href="/support/settings/reminders/{reminder.value}"' in page
        assert reminder.about.name in page


@pytest.mark.parametrize("path", [NO_CLAIMS, NOT_SIGNED_IN, PROVIDERS])
def test_a_reminder_page_shows_the_count_the_deadline_and_a_preview(signed_in, path):
    page = signed_in.get(path)
    assert page.status_code == 200
    assert "Deadline it quotes" in page.text and DEADLINE in page.text
    assert "2025 to 2026" in page.text
    assert "Emails to send" in page.text and "Last sent" in page.text


def test_the_preview_is_the_email_a_recipient_gets(signed_in, school_user):
    page = signed_in.get(NO_CLAIMS).text
    assert "Preview of the email" in page
    assert f"Subject: Claim funding for mentor training by {DEADLINE}" in page
    assert "You must submit claims by " + DEADLINE in page
    assert 'href="/support/settings/reminders/schools-with-no-claims/send"' in page


def test_are_you_sure_says_how_many_emails_and_sending_queues_them_once(signed_in, school_user):
    sure = signed_in.get(f"{NO_CLAIMS}/send")
    assert sure.status_code == 200
    count = int(re.search(r"Are you sure you want to send (\d+) email", sure.text)[1])
    assert count >= 1
    sent = signed_in.post_form(
        f"{NO_CLAIMS}/send", {"seen": _seen(sure.text)}, follow_redirects=False
    )
    assert sent.status_code == 303 and sent.headers["location"] == NO_CLAIMS
    queued = _queued(school_user["email"])
    assert [each["kind"] for each in queued] == ["reminder_no_claims"]
    fields = queued[0]["personalisation"]
    assert fields["deadline"] == DEADLINE and fields["first_name"] == "Rae"
    assert "Reminded School" in fields["school_names"]
    assert fields["service_url"].endswith("/sign-in")
    page = signed_in.get(NO_CLAIMS).text
    assert f"{count} reminder email" in page
    assert "by Rita Reminder: Schools with no claims reminder sent" in page
    event = run(
        SupportEvent.select(SupportEvent.description)
        .where(SupportEvent.action == Reminder.NO_CLAIMS.event)
        .order_by(SupportEvent.id, ascending=False)
        .first()
        .run()
    )
    assert f"{count} email" in event["description"] and DEADLINE in event["description"]

    # The same confirmation posted again (a double click, the back button): nothing more.
    again = signed_in.post_form(
        f"{NO_CLAIMS}/send", {"seen": _seen(sure.text)}, follow_redirects=True
    )
    assert len(_queued(school_user["email"])) == 1
    assert "Nothing was sent: this reminder was sent on" in again.text
    assert "by Rita Reminder, after you opened the confirmation page" in again.text

    # Sending again on purpose takes a new confirmation, which warns it was sent before.
    second = signed_in.get(f"{NO_CLAIMS}/send").text
    assert "This reminder has been sent before" in second
    signed_in.post_form(f"{NO_CLAIMS}/send", {"seen": _seen(second)})
    assert len(_queued(school_user["email"])) == 2


def test_a_post_not_from_the_confirmation_page_sends_nothing(signed_in, school_user):
    response = signed_in.post_form(f"{NO_CLAIMS}/send", {}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"{NO_CLAIMS}/send"
    assert _queued(school_user["email"]) == []


def _emails_to_send(client, path: str) -> int:
    page = client.get(path).text
    return int(re.search(r"Emails to send\s*</dt>\s*<dd[^>]*>\s*(\d+)", page)[1])


def test_a_school_user_signing_in_takes_their_school_off_the_sign_in_reminder(
    app, signed_in, school_user
):
    before = _emails_to_send(signed_in, NOT_SIGNED_IN)
    with ServiceClient(app) as school_browser:
        school_browser.sign_in(school_user["key"])
    assert _emails_to_send(signed_in, NOT_SIGNED_IN) == before - 1


def test_with_no_window_open_no_reminder_can_be_sent(signed_in, clock, school_user):
    clock.moment = BETWEEN_WINDOWS
    page = signed_in.get(NO_CLAIMS)
    assert page.status_code == 200
    assert "No reminder can be sent" in page.text and "No claim window is open" in page.text
    assert "/send" not in page.text
    sure = signed_in.get(f"{NO_CLAIMS}/send", follow_redirects=False)
    assert sure.status_code == 303 and sure.headers["location"] == NO_CLAIMS
    sent = signed_in.post_form(f"{NO_CLAIMS}/send", {"seen": "never"}, follow_redirects=False)
    assert sent.status_code == 303
    assert _queued(school_user["email"]) == []


def test_an_unknown_reminder_is_not_found(signed_in):
    assert signed_in.get("/support/settings/reminders/everyone").status_code == 404
    assert signed_in.get("/support/settings/reminders/everyone/send").status_code == 404
    assert signed_in.post_form("/support/settings/reminders/everyone/send").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "school user"])
def test_only_support_users_see_reminders(client, school_user, who):
    if who == "school user":
        client.sign_in(school_user["key"])
    for path in (NO_CLAIMS, f"{NO_CLAIMS}/send"):
        assert client.get(path).status_code == 404
    assert client.post_form(f"{NO_CLAIMS}/send", {"seen": "never"}).status_code == 404
    assert _queued(school_user["email"]) == []


def test_schools_with_no_users_are_counted_as_not_emailed(signed_in, make):
    make.school(name="Nobody Signs In Here")
    page = signed_in.get(NO_CLAIMS).text
    assert re.search(r"Cannot be emailed\s*</dt>\s*<dd[^>]*>\s*\d+ schools with no users", page)
    # Every school of the sign-in reminder has users: the row is not shown.
    assert "Cannot be emailed" not in signed_in.get(NOT_SIGNED_IN).text


def test_a_confirmation_naming_a_sending_that_never_happened_asks_again(signed_in):
    run(SupportEvent.delete().where(SupportEvent.action == Reminder.PROVIDERS.event).run())
    response = signed_in.post_form(f"{PROVIDERS}/send", {"seen": "12"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{PROVIDERS}/send"
