"""The app delivers the outbox itself when EMAIL_WORKER_ENABLED: emails reach the mailbox."""

from __future__ import annotations

import re
import time
import uuid

import msgspec

from tests.fixtures.client import FixedClock, ServiceClient


def _mailbox_subjects(client: ServiceClient, address: str, wanted: int) -> str:
    """The mailbox page for one address once `wanted` emails are there (the worker polls)."""
    deadline = time.monotonic() + 20
    while True:
        page = client.get("/mailbox", params={"to": address}).text
        if len(re.findall(r'href="/mailbox/\d+', page)) >= wanted:
            return page
        if time.monotonic() > deadline:
            raise AssertionError(f"{wanted} emails to {address} never reached the mailbox")
        time.sleep(0.2)


def test_the_running_app_delivers_added_and_removed_emails_to_the_mailbox(database, make):
    from db.tables import User
    from tests.fixtures.database import run
    from web.app import create_app
    from web.settings import load_settings

    settings = msgspec.structs.replace(load_settings(), email_worker_enabled=True)
    school_id = make.school(name="Worker Delivery School")
    member = make.user(school_id)
    email = f"delivered-{uuid.uuid4().hex[:10]}@example.org"
    with ServiceClient(create_app(settings, clock=FixedClock())) as client:
        client.sign_in(member)
        client.post_form(
            f"/schools/{school_id}/users/add",
            {"first_name": "Dana", "last_name": "Delivered", "email": email},
        )
        client.post_form(f"/schools/{school_id}/users/add/check")
        page = _mailbox_subjects(client, email, 1)
        assert "You have been added to Worker Delivery School" in page

        user_id = run(User.select(User.id).where(User.email == email).first().run())["id"]
        client.post_form(f"/schools/{school_id}/users/{user_id}/remove")
        page = _mailbox_subjects(client, email, 2)
        assert "You have been removed from Worker Delivery School" in page


def test_without_the_worker_emails_wait_in_the_outbox(client, make):
    from db.tables import EmailOutbox
    from tests.fixtures.database import run

    school_id = make.school()
    client.sign_in(make.user(school_id))
    email = f"waiting-{uuid.uuid4().hex[:10]}@example.org"
    client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Wait", "last_name": "Ing", "email": email},
    )
    client.post_form(f"/schools/{school_id}/users/add/check")
    time.sleep(0.5)
    assert "No emails have been sent to" in client.get("/mailbox", params={"to": email}).text
    statuses = run(
        EmailOutbox.select(EmailOutbox.status).where(EmailOutbox.to_address == email).run()
    )
    assert statuses == [{"status": "pending"}]
