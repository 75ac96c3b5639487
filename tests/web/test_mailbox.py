"""The local mailbox pages: emails delivered instead of Notify, readable outside production."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from db.tables import MailboxMessage, User
from tests.fixtures.client import ServiceClient
from tests.fixtures.database import run
from web.routes.mailbox import Block, Segment, email_blocks
from web.settings import load_settings


def _db(query):
    return run(query.run())


def _deliver_everything_due() -> None:
    from web.email_worker import EmailWorker
    from web.integrations.notify import LocalMailbox

    async def deliver() -> None:
        worker = EmailWorker(LocalMailbox())
        while await worker.run_once():
            pass

    run(deliver())


def _message(to: str, subject: str, body: str = "Hello") -> int:
    rows = _db(
        MailboxMessage.insert(
            MailboxMessage(
                kind="colleague_added",
                to_address=to,
                subject=subject,
                body=body,
                created_at=datetime(2026, 11, 23, 9, 5, tzinfo=UTC),
            )
        )
    )
    return rows[0]["id"]


def _address() -> str:
    return f"mailbox-{uuid.uuid4().hex[:10]}@example.org"


def test_a_colleague_can_read_the_emails_for_being_added_and_removed(client, make):
    school_id = make.school(name="Mailbox Primary School")
    client.sign_in(make.user(school_id, first_name="Nadia", last_name="Sender"))
    email = _address()
    client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Omar", "last_name": "Reader", "email": email},
    )
    client.post_form(f"/schools/{school_id}/users/add/check")
    colleague_id = _db(User.select(User.id).where(User.email == email).first())["id"]
    client.post_form(f"/schools/{school_id}/users/{colleague_id}/remove")
    assert "No emails have been sent to" in client.get(f"/mailbox?to={email}").text

    _deliver_everything_due()

    inbox = client.get("/mailbox", params={"to": email.upper()})
    assert inbox.status_code == 200
    subjects = re.findall(
        r'<a class="govuk-link" href="(/mailbox/\d+\?to=[^"]+)">([^<]+)</a>', inbox.text
    )
    assert [subject for _, subject in subjects] == [
        "You have been removed from Mailbox Primary School",
        "You have been added to Mailbox Primary School",
    ]
    removed_href, added_href = (href for href, _ in subjects)

    added = client.get(added_href.replace("&amp;", "&"))
    assert added.status_code == 200
    assert "<title>You have been added to Mailbox Primary School - " in added.text
    assert "Dear Omar," in added.text
    assert "Nadia Sender has added you to Mailbox Primary School" in added.text
    assert '<h2 class="govuk-heading-m">Sign in to the service</h2>' in added.text
    assert (
        f'<a class="govuk-link" href="{load_settings().service_url}/sign-in">'
        f"{load_settings().service_url}/sign-in</a>"
    ) in added.text
    assert email in added.text
    assert f'href="/mailbox?to={email.replace("@", "%40")}"' in added.text  # back to the filter

    removed = client.get(removed_href.replace("&amp;", "&"))
    assert "You can no longer view or create claims for Mailbox Primary School." in removed.text


def test_the_list_shows_newest_first_and_filters_by_address(client):
    mine, theirs = _address(), _address()
    older = _message(mine, "Older email")
    newer = _message(mine, "Newer email")
    _message(theirs, "Someone else's email")
    page = client.get("/mailbox").text
    assert page.index("Newer email") < page.index("Older email")
    filtered = client.get("/mailbox", params={"to": mine}).text
    assert "Someone else&#39;s email" not in filtered
    assert f'href="/mailbox/{newer}?to=' in filtered and f'href="/mailbox/{older}?to=' in filtered
    assert "23 November 2026 at 9:05am" in filtered
    assert "Show all emails" in filtered


def test_an_email_is_shown_without_running_its_markup(client):
    message_id = _message(_address(), "<script>alert(1)</script>", "<b>bold</b>\n\n* <i>item</i>")
    page = client.get(f"/mailbox/{message_id}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<li>&lt;i&gt;item&lt;/i&gt;</li>" in page


def test_an_unknown_email_is_not_found(client):
    assert client.get("/mailbox/999999999").status_code == 404


@pytest.mark.parametrize(
    "settings_change",
    [{"environment": "production"}, {"notify_api_key": "key-name-" + "a" * 36 + "-" + "b" * 36}],
    ids=["production", "notify-configured"],
)
def test_the_mailbox_does_not_exist_where_emails_are_really_sent(database, settings_change):
    import msgspec

    from web.app import create_app
    from web.settings import load_settings

    message_id = _message(_address(), "Not for production eyes")
    settings = msgspec.structs.replace(load_settings(), **settings_change)
    with ServiceClient(create_app(settings)) as client:
        assert client.get("/mailbox").status_code == 404
        response = client.get(f"/mailbox/{message_id}")
        assert response.status_code == 404
        assert "Not for production eyes" not in response.text


def test_email_blocks_follow_notify_formatting():
    body = (
        "Dear Sam,\n"
        "\n"
        "First line\nsecond line\n"
        "\n"
        "# A heading\n"
        "\n"
        "^ Claim reference: ABC12345\n"
        "\n"
        "* One\n* Two https://example.org/a.\n"
        "\n"
        "Visit https://example.org/sign-in, then continue."
    )
    assert email_blocks(body) == [
        Block("paragraph", [[Segment("Dear Sam,")]]),
        Block("paragraph", [[Segment("First line")], [Segment("second line")]]),
        Block("heading", [[Segment("A heading")]]),
        Block("inset", [[Segment("Claim reference: ABC12345")]]),
        Block(
            "bullets",
            [
                [Segment("One")],
                [
                    Segment("Two "),
                    Segment("https://example.org/a", href="https://example.org/a"),
                    Segment("."),
                ],
            ],
        ),
        Block(
            "paragraph",
            [
                [
                    Segment("Visit "),
                    Segment("https://example.org/sign-in", href="https://example.org/sign-in"),
                    Segment(", then continue."),
                ]
            ],
        ),
    ]


def test_every_email_the_service_sends_lays_out_as_blocks():
    from web.emails import EMAILS, render

    for kind, template in EMAILS.items():
        fields = {name: f"<{name}>" for name in template.fields}
        fields["service_url"] = "https://example.org/sign-in"
        blocks = email_blocks(render(kind, fields).body)
        assert blocks[0].kind == "paragraph", kind
        text = "".join(s.text for block in blocks for line in block.lines for s in line)
        assert "((" not in text and "# " not in text and "^ " not in text, kind
