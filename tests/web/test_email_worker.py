"""The email worker against a fake Notify over real HTTP and the local mailbox, on a real database."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db import outbox
from db.tables import EmailOutbox, MailboxMessage
from tests.fixtures.emails import REMOVED, SUBMITTED
from tests.fixtures.migrated_database import database_kinds, fresh_database
from tests.web import fake_notify
from web.email_worker import (
    EmailWorker,
    retry_delay,
    start_email_worker,
    stop_email_worker,
)
from web.emails import queue_email, render
from web.integrations.notify import LocalMailbox, NotifySender, sender_for
from web.settings import Settings

pytestmark = [pytest.mark.anyio, pytest.mark.db]

ROOT = Path(__file__).resolve().parents[2]
LEASE = timedelta(minutes=5)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def isolated_database(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, url):
        yield engine, url


@pytest.fixture
def engine(isolated_database):
    return isolated_database[0]


@pytest.fixture
def notify():
    server, thread = fake_notify.start()
    yield server
    fake_notify.stop(server, thread)


@pytest.fixture
def sender(notify):
    return NotifySender(fake_notify.API_KEY, fake_notify.TEMPLATES, notify.url, timeout=0.5)


async def queue(engine, address: str, kind: str = "colleague_removed", count: int = 1) -> None:
    fields = SUBMITTED if kind == "claim_submitted" else REMOVED
    async with engine.transaction():
        for _ in range(count):
            await queue_email(kind, address, fields)


async def row_for(address: str) -> dict:
    return await EmailOutbox.select().where(EmailOutbox.to_address == address).first()


def clock_after_queueing() -> Clock:
    return Clock(outbox.utc_now() + timedelta(seconds=1))


async def test_notify_accepts_an_email_and_it_is_marked_sent_with_notifys_id(
    engine, notify, sender
):
    await queue(engine, "ada@example.com", kind="claim_submitted")
    clock = clock_after_queueing()

    assert await EmailWorker(sender, clock=clock).run_once() == 1

    [accepted] = notify.accepted
    row = await row_for("ada@example.com")
    assert accepted["template_id"] == fake_notify.TEMPLATES["claim_submitted"]
    assert accepted["personalisation"] == SUBMITTED
    assert accepted["reference"] == f"email-outbox-{row['id']}"
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 1, "")
    assert row["notify_id"] == accepted["id"]
    assert row["sent_at"] == clock.now
    assert row["claimed_until"] is None
    # Sent is sent: the next poll finds nothing to do.
    clock.advance(timedelta(days=1))
    assert await EmailWorker(sender, clock=clock).run_once() == 0
    assert len(notify.requests) == 1


async def test_notify_refusing_the_request_fails_it_for_good_with_notifys_reason(
    engine, notify, sender
):
    await queue(engine, fake_notify.BAD_REQUEST)
    clock = clock_after_queueing()

    assert await EmailWorker(sender, clock=clock).run_once() == 1

    row = await row_for(fake_notify.BAD_REQUEST)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert row["last_error"] == (
        "Notify 400: BadRequestError: Can’t send to this recipient using a team-only API key"
    )
    clock.advance(timedelta(days=1))
    assert await EmailWorker(sender, clock=clock).run_once() == 0
    assert len(notify.requests) == 1


async def test_a_wrong_api_key_fails_for_good(engine, notify):
    wrong_key = f"claim_mentor_test-{fake_notify.SERVICE_ID}-{'1' * 8}-2222-4333-8444-{'5' * 12}"
    await queue(engine, "ada@example.com")

    await EmailWorker(NotifySender(wrong_key, fake_notify.TEMPLATES, notify.url)).run_once()

    row = await row_for("ada@example.com")
    assert row["status"] == "failed"
    assert row["last_error"].startswith("Notify 403: AuthError: Invalid token")
    assert notify.accepted == []


async def test_a_notify_server_error_is_retried_with_backoff(engine, notify, sender):
    await queue(engine, fake_notify.SERVER_ERROR)
    clock = clock_after_queueing()
    worker = EmailWorker(sender, clock=clock)

    assert await worker.run_once() == 1
    row = await row_for(fake_notify.SERVER_ERROR)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] == clock.now + timedelta(minutes=1)
    assert row["last_error"] == "Notify 500: Exception: Internal server error"

    clock.advance(timedelta(seconds=59))
    assert await worker.run_once() == 0  # not due yet
    clock.advance(timedelta(seconds=1))
    assert await worker.run_once() == 1
    row = await row_for(fake_notify.SERVER_ERROR)
    assert (row["status"], row["attempts"]) == ("pending", 2)
    assert row["next_attempt_at"] == clock.now + timedelta(minutes=2)
    assert len(notify.requests) == 2


async def test_a_rate_limited_email_is_retried(engine, notify, sender):
    await queue(engine, fake_notify.RATE_LIMITED)
    clock = clock_after_queueing()

    await EmailWorker(sender, clock=clock).run_once()

    row = await row_for(fake_notify.RATE_LIMITED)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] == clock.now + timedelta(minutes=1)
    assert row["last_error"].startswith("Notify 429: RateLimitError: Exceeded rate limit")


async def test_a_notify_timeout_is_retried(engine, notify):
    await queue(engine, fake_notify.SLOW)
    clock = clock_after_queueing()
    impatient = NotifySender(fake_notify.API_KEY, fake_notify.TEMPLATES, notify.url, timeout=0.3)

    await EmailWorker(impatient, clock=clock).run_once()

    row = await row_for(fake_notify.SLOW)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] == clock.now + timedelta(minutes=1)
    assert row["last_error"].startswith("No answer from Notify (ReadTimeout")


async def test_notify_unreachable_is_retried(engine):
    await queue(engine, "ada@example.com")
    clock = clock_after_queueing()
    # A port nothing listens on: the connection is refused.
    closed = fake_notify.FakeNotify()
    url = closed.url
    closed.server_close()
    nowhere = NotifySender(fake_notify.API_KEY, fake_notify.TEMPLATES, url, timeout=0.5)

    await EmailWorker(nowhere, clock=clock).run_once()

    row = await row_for("ada@example.com")
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["last_error"].startswith("No answer from Notify (ConnectionError")


async def test_an_email_that_failed_once_is_sent_on_the_retry(engine, notify, sender):
    await queue(engine, fake_notify.FLAKY)
    clock = clock_after_queueing()
    worker = EmailWorker(sender, clock=clock)

    await worker.run_once()
    assert (await row_for(fake_notify.FLAKY))["status"] == "pending"
    clock.advance(timedelta(minutes=1))
    await worker.run_once()

    row = await row_for(fake_notify.FLAKY)
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert len(notify.accepted_for(fake_notify.FLAKY)) == 1


async def test_the_worker_gives_up_after_the_last_attempt(engine, notify, sender):
    await queue(engine, fake_notify.SERVER_ERROR)
    clock = clock_after_queueing()
    worker = EmailWorker(sender, clock=clock, max_attempts=3)

    for _ in range(5):
        await worker.run_once()
        clock.advance(timedelta(hours=1))

    row = await row_for(fake_notify.SERVER_ERROR)
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert row["last_error"] == (
        "Gave up after 3 attempts. Last error: Notify 500: Exception: Internal server error"
    )
    assert len(notify.requests) == 3


async def test_notifys_reason_is_logged_without_the_email_address(engine, notify, sender, caplog):
    caplog.set_level(logging.INFO, logger="web.email_worker")
    await queue(engine, fake_notify.QUOTED)

    await EmailWorker(sender, clock=clock_after_queueing()).run_once()

    assert (await row_for(fake_notify.QUOTED))["status"] == "failed"
    assert "failed for good: Notify 400: ValidationError: Not a valid email address" in caplog.text
    assert "@" not in caplog.text


class _FailingSender:
    """A sender with a bug that puts the recipient in its exception."""

    writes_to_database = False

    async def send(self, email) -> str | None:
        raise RuntimeError(f"could not build the request for {email.to_address}")


async def test_an_unexpected_failure_is_logged_without_the_email_address(engine, caplog):
    caplog.set_level(logging.INFO, logger="web.email_worker")
    await queue(engine, "grace.hopper@example.org")
    clock = clock_after_queueing()
    worker = EmailWorker(_FailingSender(), clock=clock, max_attempts=2)

    await worker.run_once()
    clock.advance(timedelta(hours=1))
    await worker.run_once()

    assert (await row_for("grace.hopper@example.org"))["status"] == "failed"
    # The traceback is kept for whoever fixes the bug, the address is not.
    assert "RuntimeError: could not build the request for" in caplog.text
    assert "Traceback" in caplog.text and "failed after 2 attempts" in caplog.text
    assert "@" not in caplog.text


@pytest.mark.parametrize(
    ("attempts", "minutes"),
    [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (500, 60)],
)
def test_retries_wait_twice_as_long_each_time_up_to_an_hour(attempts, minutes):
    assert retry_delay(attempts) == timedelta(minutes=minutes)


async def test_an_email_claimed_by_a_crashed_worker_is_sent_once_its_lease_runs_out(
    engine, notify, sender
):
    await queue(engine, "ada@example.com")
    clock = clock_after_queueing()
    # A worker claims the email and dies before sending it.
    await outbox.claim(limit=10, lease=LEASE, now=clock.now)
    worker = EmailWorker(sender, clock=clock, lease=LEASE)

    clock.advance(LEASE - timedelta(seconds=1))
    assert await worker.run_once() == 0
    assert notify.requests == []
    clock.advance(timedelta(seconds=2))
    assert await worker.run_once() == 1

    row = await row_for("ada@example.com")
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert len(notify.accepted_for("ada@example.com")) == 1


async def test_two_workers_polling_at_once_send_each_email_exactly_once(engine, notify, sender):
    addresses = [f"teacher{number}@example.com" for number in range(50)]
    async with engine.transaction():
        for address in addresses:
            await queue_email("colleague_removed", address, REMOVED)
    first = EmailWorker(sender, batch_size=4)
    second = EmailWorker(sender, batch_size=4)
    processed = {"first": 0, "second": 0}

    while True:
        done = await asyncio.gather(first.run_once(), second.run_once())
        processed["first"] += done[0]
        processed["second"] += done[1]
        if done == [0, 0]:
            break

    delivered = sorted(body["email_address"] for body in notify.accepted)
    assert delivered == sorted(addresses)
    assert len(notify.requests) == 50
    assert processed["first"] > 0 and processed["second"] > 0  # both really worked
    statuses = await EmailOutbox.select(EmailOutbox.status, EmailOutbox.attempts)
    assert {(row["status"], row["attempts"]) for row in statuses} == {("sent", 1)}


async def test_two_workers_fill_the_mailbox_with_each_email_exactly_once(engine):
    async with engine.transaction():
        for number in range(50):
            await queue_email("colleague_removed", f"teacher{number}@example.com", REMOVED)
    workers = [EmailWorker(LocalMailbox(), batch_size=4) for _ in range(2)]

    while any(await asyncio.gather(*(worker.run_once() for worker in workers))):
        pass

    messages = await MailboxMessage.select(MailboxMessage.outbox, MailboxMessage.to_address)
    assert len(messages) == 50
    assert len({message["outbox"] for message in messages}) == 50
    assert await EmailOutbox.count().where(EmailOutbox.status == "sent") == 50


async def test_the_local_mailbox_holds_the_email_as_the_recipient_would_read_it(engine):
    await queue(engine, "ada@example.com", kind="claim_submitted")

    assert await EmailWorker(LocalMailbox()).run_once() == 1

    [message] = await MailboxMessage.select()
    row = await row_for("ada@example.com")
    assert message["outbox"] == row["id"]
    assert (message["kind"], message["to_address"]) == ("claim_submitted", "ada@example.com")
    assert message["subject"] == "Claim 12345678 submitted for Hillside Primary School"
    assert message["body"] == render("claim_submitted", SUBMITTED).body  # exact copy: test_emails
    assert (
        "* Provider: Best Practice Network\n* Total hours: 40 hours\n* Amount: £1,707.20\n"
        in (message["body"])
    )
    assert (row["status"], row["notify_id"]) == ("sent", f"mailbox-{message['id']}")


async def test_a_late_mailbox_delivery_is_undone_when_another_worker_took_the_email(engine):
    await queue(engine, "ada@example.com")
    clock = clock_after_queueing()
    [stale] = await outbox.claim(limit=10, lease=LEASE, now=clock.now)
    clock.advance(LEASE + timedelta(seconds=1))
    [current] = await outbox.claim(limit=10, lease=LEASE, now=clock.now)
    # The first worker wakes up late, still believing it holds the email.
    late = EmailWorker(LocalMailbox(), lease=LEASE, clock=lambda: clock.now - LEASE)

    await late._deliver(stale)

    assert await MailboxMessage.count() == 0  # its delivery rolled back with the refused mark
    await EmailWorker(LocalMailbox(), lease=LEASE, clock=clock)._deliver(current)
    assert await MailboxMessage.count() == 1
    assert (await row_for("ada@example.com"))["status"] == "sent"


async def test_a_mailbox_email_missing_a_field_fails_for_good(engine):
    async with engine.transaction():
        await outbox.add("colleague_added", "ada@example.com", REMOVED)

    await EmailWorker(LocalMailbox()).run_once()

    row = await row_for("ada@example.com")
    assert (row["status"], row["last_error"]) == (
        "failed",
        "Missing personalisation: added_by_name, service_url",
    )
    assert await MailboxMessage.count() == 0


async def test_the_app_starts_and_stops_a_background_worker(engine):
    running = await start_email_worker(Settings(), poll_seconds=0.05)
    try:
        await queue(engine, "ada@example.com")
        for _ in range(100):
            if (await row_for("ada@example.com"))["status"] == "sent":
                break
            await asyncio.sleep(0.05)
        assert (await row_for("ada@example.com"))["status"] == "sent"
    finally:
        await stop_email_worker(running, timeout=5)
    assert running.task.done() and not running.task.cancelled()
    assert await MailboxMessage.count() == 1


def test_settings_choose_notify_only_with_an_api_key():
    assert isinstance(sender_for(Settings()), LocalMailbox)
    configured = Settings(
        notify_api_key=fake_notify.API_KEY,
        notify_templates=fake_notify.TEMPLATES,
        notify_base_url="http://127.0.0.1:9",
    )
    assert isinstance(sender_for(configured), NotifySender)
    with pytest.raises(ValueError, match="no template id for: claim_submitted"):
        sender_for(
            Settings(
                notify_api_key=fake_notify.API_KEY,
                notify_templates={
                    kind: template
                    for kind, template in fake_notify.TEMPLATES.items()
                    if kind != "claim_submitted"
                },
            )
        )
    with pytest.raises(ValueError, match="not a GOV.UK Notify API key"):
        sender_for(Settings(notify_api_key="abc", notify_templates=fake_notify.TEMPLATES))


async def test_two_worker_processes_from_the_command_line_send_each_email_once(
    isolated_database, notify
):
    engine, url = isolated_database
    addresses = [f"teacher{number}@example.com" for number in range(30)]
    async with engine.transaction():
        for address in addresses:
            await queue_email("colleague_removed", address, REMOVED)
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "NOTIFY_API_KEY": fake_notify.API_KEY,
        "NOTIFY_BASE_URL": notify.url,
        "NOTIFY_TEMPLATES": ",".join(f"{k}={v}" for k, v in fake_notify.TEMPLATES.items()),
        "ENVIRONMENT": "development",
    }
    command = [sys.executable, "-m", "web.email_worker", "--once"]

    def run_two() -> list[subprocess.CompletedProcess]:
        processes = [
            subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        outputs = [process.communicate(timeout=60) for process in processes]
        return [
            subprocess.CompletedProcess(process.args, process.returncode, *output)
            for process, output in zip(processes, outputs, strict=True)
        ]

    results = await asyncio.to_thread(run_two)

    for result in results:
        assert result.returncode == 0, result.stderr.decode()
    assert sorted(body["email_address"] for body in notify.accepted) == sorted(addresses)
    assert await EmailOutbox.count().where(EmailOutbox.status == "sent") == 30


async def test_the_worker_sends_no_more_than_the_rate_limit_a_minute(engine, notify, sender):
    await queue(engine, "ada@example.com", count=5)
    clock = clock_after_queueing()
    worker = EmailWorker(sender, clock=clock, per_minute=3)

    assert await worker.run_once() == 3
    # The minute's allowance is spent: the rest wait, however often the worker polls.
    assert await worker.run_once() == 0
    clock.advance(timedelta(seconds=59))
    assert await worker.run_once() == 0
    assert len(notify.accepted) == 3
    clock.advance(timedelta(seconds=2))
    assert await worker.run_once() == 2
    assert len(notify.accepted) == 5
