"""The email outbox: emails stored with the change that causes them, then claimed and settled.

A worker claims due emails by marking them "sending" with a lease (claimed_until). Only the holder
of that lease can settle an email as sent, failed or due again; a lease that runs out (a worker
crashed or was stopped mid-send) makes the email claimable again, so nothing is lost.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import msgspec
from piccolo.engine.base import Engine
from piccolo.engine.sqlite import TransactionType

from db.tables import EmailOutbox
from domain.email_sending import RATE_WINDOW, sends_allowed

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"

# Due for a first try or a retry, or held by a worker whose lease has run out.
_CLAIMABLE = (
    f"(status = '{PENDING}' AND next_attempt_at <= {{}})"
    f" OR (status = '{SENDING}' AND claimed_until < {{}})"
)


# The advisory lock that rate-limited claims take on PostgreSQL (any number no one else uses).
_RATE_LOCK = 7_318_001


class NotInTransaction(RuntimeError):
    """An email was queued outside the transaction of the change that causes it."""


class OutboxEmail(msgspec.Struct, frozen=True):
    """A claimed email: what to send, and the lease that lets this worker settle it."""

    id: int
    kind: str
    to_address: str
    personalisation: dict[str, str]
    attempts: int
    claimed_until: datetime


def utc_now() -> datetime:
    """The current moment in UTC, as the outbox stores it."""
    return datetime.now(UTC)


def _engine() -> Engine:
    return EmailOutbox._meta.db


def worker_engine() -> Engine:
    """The outbox's database engine, for a worker process to open and close its pool."""
    return _engine()


def write_transaction():
    """A transaction for outbox writes that run alongside other workers."""
    engine = _engine()
    if engine.engine_type == "sqlite":
        # IMMEDIATE takes the write lock at BEGIN, so two workers queue on the busy timeout
        # instead of both reading the same rows and one failing to upgrade its lock.
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def add(
    kind: str, to_address: str, personalisation: dict[str, str], *, now: datetime | None = None
) -> int:
    """Store an email as due now, inside the caller's open transaction; its id."""
    if not _engine().transaction_exists():
        raise NotInTransaction(
            "Queue an email inside the transaction that makes the change it reports, "
            "so it is stored if and only if the change commits."
        )
    if not to_address.strip():
        raise ValueError("An email needs an address to go to")
    now = now or utc_now()
    rows = await EmailOutbox.insert(
        EmailOutbox(
            kind=kind,
            to_address=to_address.strip(),
            personalisation=json.dumps(personalisation),
            status=PENDING,
            attempts=0,
            next_attempt_at=now,
            claimed_until=None,
            last_error="",
            created_at=now,
        )
    )
    return rows[0]["id"]


async def has_due(now: datetime) -> bool:
    """Whether any email could be claimed now (a cheap read before taking the write lock)."""
    rows = await EmailOutbox.raw(
        f"SELECT id FROM email_outbox WHERE {_CLAIMABLE} LIMIT 1", now, now
    )
    return bool(rows)


async def recent_sends(now: datetime) -> int:
    """Emails sent in the last RATE_WINDOW, and those claimed by a worker to send now."""
    rows = await EmailOutbox.raw(
        "SELECT COUNT(*) AS n FROM email_outbox"
        f" WHERE (status = '{SENT}' AND sent_at > {{}})"
        f" OR (status = '{SENDING}' AND claimed_until >= {{}})",
        now - RATE_WINDOW,
        now,
    )
    return rows[0]["n"]


async def claim(
    limit: int, lease: timedelta, now: datetime, per_minute: int | None = None
) -> list[OutboxEmail]:
    """Take up to `limit` due emails for this worker alone, each counted as an attempt; with
    `per_minute`, no more than that many sent or being sent in any minute, by every worker."""
    claimed_until = now + lease
    engine = _engine()
    async with write_transaction():
        if per_minute is not None:
            if engine.engine_type == "postgres":
                # One claim at a time counts and takes, so two workers never both take the
                # last of the minute's allowance. SQLite's write lock already does this.
                await EmailOutbox.raw("SELECT pg_advisory_xact_lock({})", _RATE_LOCK)
            limit = sends_allowed(limit, await recent_sends(now), per_minute)
            if not limit:
                return []
        if engine.engine_type == "postgres":
            # SKIP LOCKED: two workers polling at once take different rows instead of waiting
            # for each other and then both updating the same ones.
            rows = await EmailOutbox.raw(
                f"UPDATE email_outbox SET status = '{SENDING}', claimed_until = {{}},"
                " attempts = attempts + 1"
                f" WHERE id IN (SELECT id FROM email_outbox WHERE {_CLAIMABLE}"
                " ORDER BY next_attempt_at, id LIMIT {} FOR UPDATE SKIP LOCKED)"
                " RETURNING id",
                claimed_until,
                now,
                now,
                limit,
            )
            ids = [row["id"] for row in rows]
        else:
            # SQLite has one writer at a time and this transaction already holds the write lock,
            # so nothing can claim these rows between the SELECT and the UPDATE.
            rows = await EmailOutbox.raw(
                f"SELECT id FROM email_outbox WHERE {_CLAIMABLE}"
                " ORDER BY next_attempt_at, id LIMIT {}",
                now,
                now,
                limit,
            )
            ids = [row["id"] for row in rows]
            if ids:
                await EmailOutbox.update(
                    {
                        EmailOutbox.status: SENDING,
                        EmailOutbox.claimed_until: claimed_until,
                        EmailOutbox.attempts: EmailOutbox.attempts + 1,
                    }
                ).where(EmailOutbox.id.is_in(ids))
        if not ids:
            return []
        claimed = (
            await EmailOutbox.select(
                EmailOutbox.id,
                EmailOutbox.kind,
                EmailOutbox.to_address,
                EmailOutbox.personalisation,
                EmailOutbox.attempts,
            )
            .where(EmailOutbox.id.is_in(ids))
            .order_by(EmailOutbox.next_attempt_at, EmailOutbox.id)
            .output(load_json=True)
        )
    return [
        OutboxEmail(
            id=row["id"],
            kind=row["kind"],
            to_address=row["to_address"],
            personalisation=_personalisation(row["personalisation"]),
            attempts=row["attempts"],
            claimed_until=claimed_until,
        )
        for row in claimed
    ]


def _personalisation(value: object) -> dict[str, str]:
    if isinstance(value, str):
        value = json.loads(value or "{}")
    if not isinstance(value, dict):
        return {}
    return {str(key): str(field) for key, field in value.items()}


async def _settle(email: OutboxEmail, values: dict) -> bool:
    # Only the lease holder may settle: if the lease ran out and another worker took the email,
    # this late answer must not overwrite what that worker is doing.
    rows = (
        await EmailOutbox.update(values)
        .where(
            (EmailOutbox.id == email.id)
            & (EmailOutbox.status == SENDING)
            & (EmailOutbox.claimed_until == email.claimed_until)
        )
        .returning(EmailOutbox.id)
    )
    return bool(rows)


async def mark_sent(email: OutboxEmail, notify_id: str | None, now: datetime) -> bool:
    """Record a delivered email; False when this worker no longer held its lease."""
    return await _settle(
        email,
        {
            EmailOutbox.status: SENT,
            EmailOutbox.notify_id: notify_id,
            EmailOutbox.sent_at: now,
            EmailOutbox.claimed_until: None,
        },
    )


async def mark_failed(email: OutboxEmail, reason: str) -> bool:
    """Give up on an email for good, keeping why; False when the lease was lost."""
    return await _settle(
        email,
        {
            EmailOutbox.status: FAILED,
            EmailOutbox.last_error: reason,
            EmailOutbox.claimed_until: None,
        },
    )


async def retry_later(email: OutboxEmail, at: datetime, reason: str) -> bool:
    """Make an email due again at `at`, keeping why it failed; False when the lease was lost."""
    return await _settle(
        email,
        {
            EmailOutbox.status: PENDING,
            EmailOutbox.next_attempt_at: at,
            EmailOutbox.last_error: reason,
            EmailOutbox.claimed_until: None,
        },
    )
