"""The email outbox on a real database: stored with its change, claimed once, settled by its lease."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from db import outbox
from db.migrations import db_2026_11_23t11_00_00_000000 as mailbox_migration
from db.tables import EmailOutbox, MailboxMessage, School
from tests.fixtures.migrated_database import database_kinds, fresh_database

pytestmark = [pytest.mark.anyio, pytest.mark.db]

LEASE = timedelta(minutes=5)
REMOVED = {"first_name": "Ada", "school_name": "Hillside Primary School"}


class Boom(Exception):
    """Something went wrong after the email was queued."""


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def engine(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, _url):
        yield engine


async def queue(engine, count: int = 1, address: str = "ada@example.com") -> list[int]:
    async with engine.transaction():
        return [await outbox.add("colleague_removed", address, REMOVED) for _ in range(count)]


async def test_an_email_is_stored_when_its_change_commits(engine):
    async with engine.transaction():
        await School.insert(School(urn="100001", name="Hillside Primary School", region="London"))
        await outbox.add("colleague_removed", " ada@example.com ", REMOVED)

    assert await School.count() == 1
    [row] = await EmailOutbox.select()
    assert row["kind"] == "colleague_removed"
    assert row["to_address"] == "ada@example.com"
    assert json.loads(row["personalisation"]) == REMOVED
    assert (row["status"], row["attempts"], row["claimed_until"]) == ("pending", 0, None)


async def test_a_rolled_back_change_leaves_no_email(engine):
    with pytest.raises(Boom):
        async with engine.transaction():
            await School.insert(
                School(urn="100001", name="Hillside Primary School", region="London")
            )
            await outbox.add("colleague_removed", "ada@example.com", REMOVED)
            assert await EmailOutbox.count() == 1  # visible inside the transaction...
            raise Boom

    assert await School.count() == 0
    assert await EmailOutbox.count() == 0  # ...and gone with it


async def test_an_email_cannot_be_queued_outside_a_transaction(engine):
    with pytest.raises(outbox.NotInTransaction):
        await outbox.add("colleague_removed", "ada@example.com", REMOVED)
    assert await EmailOutbox.count() == 0


async def test_an_email_needs_an_address(engine):
    async with engine.transaction():
        with pytest.raises(ValueError, match="address"):
            await outbox.add("colleague_removed", "  ", REMOVED)


async def test_claiming_takes_due_emails_with_a_lease_and_counts_an_attempt(engine):
    [email_id] = await queue(engine)
    now = outbox.utc_now()

    [email] = await outbox.claim(limit=10, lease=LEASE, now=now)

    assert (email.id, email.kind, email.to_address) == (
        email_id,
        "colleague_removed",
        "ada@example.com",
    )
    assert email.personalisation == REMOVED
    assert email.attempts == 1
    assert email.claimed_until == now + LEASE
    row = await EmailOutbox.select().where(EmailOutbox.id == email_id).first()
    assert (row["status"], row["attempts"], row["claimed_until"]) == ("sending", 1, now + LEASE)


async def test_claiming_respects_the_limit_and_queue_order(engine):
    ids = await queue(engine, count=5)
    now = outbox.utc_now()

    first = await outbox.claim(limit=2, lease=LEASE, now=now)
    second = await outbox.claim(limit=2, lease=LEASE, now=now)
    third = await outbox.claim(limit=2, lease=LEASE, now=now)

    assert [email.id for email in first + second + third] == ids
    assert await outbox.claim(limit=2, lease=LEASE, now=now) == []


async def test_an_email_waiting_for_a_retry_is_not_claimed_early(engine):
    await queue(engine)
    now = outbox.utc_now()
    [email] = await outbox.claim(limit=10, lease=LEASE, now=now)
    assert await outbox.retry_later(email, at=now + timedelta(minutes=1), reason="Notify 500")

    assert await outbox.claim(limit=10, lease=LEASE, now=now + timedelta(seconds=59)) == []
    [again] = await outbox.claim(limit=10, lease=LEASE, now=now + timedelta(minutes=1))
    assert again.id == email.id
    assert again.attempts == 2


async def test_a_claimed_email_is_claimed_again_only_after_its_lease_runs_out(engine):
    await queue(engine)
    now = outbox.utc_now()
    [email] = await outbox.claim(limit=10, lease=LEASE, now=now)

    # The worker that claimed it crashed: nothing settles it.
    assert await outbox.claim(limit=10, lease=LEASE, now=now + LEASE - timedelta(seconds=1)) == []
    later = now + LEASE + timedelta(seconds=1)
    [recovered] = await outbox.claim(limit=10, lease=LEASE, now=later)

    assert recovered.id == email.id
    assert recovered.attempts == 2
    assert recovered.claimed_until == later + LEASE


async def test_only_the_lease_holder_can_settle_an_email(engine):
    await queue(engine)
    now = outbox.utc_now()
    [stale] = await outbox.claim(limit=10, lease=LEASE, now=now)
    later = now + LEASE + timedelta(seconds=1)
    [current] = await outbox.claim(limit=10, lease=LEASE, now=later)

    assert not await outbox.mark_sent(stale, "late-id", now=later)
    assert not await outbox.mark_failed(stale, "late failure")
    assert not await outbox.retry_later(stale, at=later, reason="late retry")
    row = await EmailOutbox.select().where(EmailOutbox.id == stale.id).first()
    assert (row["status"], row["notify_id"], row["last_error"]) == ("sending", None, "")

    assert await outbox.mark_sent(current, "notify-id", now=later)
    row = await EmailOutbox.select().where(EmailOutbox.id == stale.id).first()
    assert (row["status"], row["notify_id"], row["sent_at"]) == ("sent", "notify-id", later)
    assert row["claimed_until"] is None
    # Settled once: a second settlement by the same holder is refused too.
    assert not await outbox.mark_failed(current, "too late")


async def test_a_failed_email_keeps_its_reason_and_is_never_claimed_again(engine):
    await queue(engine)
    now = outbox.utc_now()
    [email] = await outbox.claim(limit=10, lease=LEASE, now=now)

    assert await outbox.mark_failed(email, "Notify 400: BadRequestError: bad address")

    row = await EmailOutbox.select().where(EmailOutbox.id == email.id).first()
    assert (row["status"], row["last_error"]) == (
        "failed",
        "Notify 400: BadRequestError: bad address",
    )
    assert await outbox.claim(limit=10, lease=LEASE, now=now + timedelta(days=30)) == []


async def test_concurrent_claims_never_take_the_same_email(engine):
    ids = await queue(engine, count=50)
    now = outbox.utc_now()
    taken: list[int] = []

    async def claimer() -> None:
        while emails := await outbox.claim(limit=3, lease=LEASE, now=now):
            taken.extend(email.id for email in emails)
            await asyncio.sleep(0)

    await asyncio.gather(*(claimer() for _ in range(8)))

    assert sorted(taken) == ids  # every email once: none missed, none twice
    statuses = await EmailOutbox.select(EmailOutbox.status, EmailOutbox.attempts)
    assert {(row["status"], row["attempts"]) for row in statuses} == {("sending", 1)}


async def test_claims_keep_to_the_rate_limit_counting_what_is_being_sent(engine):
    await queue(engine, count=5)
    now = outbox.utc_now()

    first = await outbox.claim(limit=2, lease=LEASE, now=now, per_minute=3)
    # Two are being sent: one more is allowed this minute, however large the batch.
    second = await outbox.claim(limit=10, lease=LEASE, now=now, per_minute=3)
    assert (len(first), len(second)) == (2, 1)
    assert await outbox.claim(limit=10, lease=LEASE, now=now, per_minute=3) == []
    assert await outbox.recent_sends(now) == 3

    # Sent, they still count for a minute after they were sent, then no longer.
    for email in first + second:
        assert await outbox.mark_sent(email, None, now)
    later = now + timedelta(seconds=59)
    assert await outbox.claim(limit=10, lease=LEASE, now=later, per_minute=3) == []
    a_minute_on = now + timedelta(minutes=1, seconds=1)
    rest = await outbox.claim(limit=10, lease=LEASE, now=a_minute_on, per_minute=3)
    assert len(rest) == 2


async def test_workers_claiming_at_once_share_one_rate_limit(engine):
    await queue(engine, count=40)
    now = outbox.utc_now()

    async def worker() -> int:
        taken = 0
        while emails := await outbox.claim(limit=3, lease=LEASE, now=now, per_minute=10):
            taken += len(emails)
            await asyncio.sleep(0)
        return taken

    assert sum(await asyncio.gather(*(worker() for _ in range(6)))) == 10


class OfflinePostgres(PostgresEngine):
    """A PostgreSQL engine that only writes SQL: it never connects to ask the server version."""

    async def check_version(self):
        pass


def test_the_mailbox_migration_is_what_the_table_would_create():
    # The frozen SQL must keep matching the table class it was generated from.
    engines = {
        "SQLITE": SQLiteEngine(path="unused.sqlite3"),
        "POSTGRES": OfflinePostgres(config={"dsn": "postgresql://unused"}),
    }
    previous = MailboxMessage._meta._db
    try:
        for name, engine in engines.items():
            MailboxMessage._meta.db = engine
            assert MailboxMessage.create_table().ddl == getattr(mailbox_migration, name)
    finally:
        MailboxMessage._meta._db = previous
