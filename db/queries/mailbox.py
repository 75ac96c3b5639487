"""The local mailbox: emails delivered into the database when Notify is not configured."""

from __future__ import annotations

from datetime import datetime

from db.tables import MailboxMessage


async def store_message(
    outbox_id: int, kind: str, to_address: str, subject: str, body: str, now: datetime
) -> int:
    """Keep a rendered email; its id."""
    rows = await MailboxMessage.insert(
        MailboxMessage(
            outbox=outbox_id,
            kind=kind,
            to_address=to_address,
            subject=subject,
            body=body,
            created_at=now,
        )
    )
    return rows[0]["id"]


async def mailbox_messages(to_address: str | None = None, limit: int = 50) -> list[dict]:
    """The newest messages, optionally for one address (for development pages)."""
    query = MailboxMessage.select(
        MailboxMessage.id,
        MailboxMessage.kind,
        MailboxMessage.to_address,
        MailboxMessage.subject,
        MailboxMessage.body,
        MailboxMessage.created_at,
    )
    if to_address is not None:
        query = query.where(MailboxMessage.to_address == to_address.strip())
    return await query.order_by(MailboxMessage.id, ascending=False).limit(limit)


async def mailbox_message(message_id: int) -> dict | None:
    """One message, or None if there is no such message."""
    return (
        await MailboxMessage.select(
            MailboxMessage.id,
            MailboxMessage.to_address,
            MailboxMessage.subject,
            MailboxMessage.body,
            MailboxMessage.created_at,
        )
        .where(MailboxMessage.id == message_id)
        .first()
    )
