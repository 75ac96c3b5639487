"""Server-side session entries in the web_session table, for deployments without Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.sql import fetch
from db.tables import WebSession


class StoredSession:
    """A session entry as read: its bytes and when it expires (None: never)."""

    __slots__ = ("expires_at", "value")

    def __init__(self, value: bytes, expires_at: datetime | None) -> None:
        self.value = value
        self.expires_at = expires_at


async def save_session(key: str, value: bytes, expires_at: datetime | None) -> None:
    """Save a session entry, replacing any earlier one under the same key."""
    await WebSession.insert(WebSession(key=key, value=value, expires_at=expires_at)).on_conflict(
        target=WebSession.key,
        action="DO UPDATE",
        values=[WebSession.value, WebSession.expires_at],
    )


async def stored_session(key: str) -> StoredSession | None:
    """The entry under this key, live or not."""
    # Plain SQL: every signed-in page reads its session first, and building the query cost
    # more than running it.
    rows = await fetch("SELECT value, expires_at FROM web_session WHERE key = {}", key)
    row = rows[0] if rows else None
    return StoredSession(bytes(row["value"]), row["expires_at"]) if row else None


async def extend_session(key: str, expires_at: datetime) -> None:
    """Move an entry's expiry later."""
    await WebSession.update({WebSession.expires_at: expires_at}).where(WebSession.key == key)


async def delete_session(key: str) -> None:
    """Forget an entry."""
    await WebSession.delete().where(WebSession.key == key)


async def delete_all_sessions() -> None:
    """Forget every entry."""
    await WebSession.delete(force=True)


async def delete_sessions_expired_by(moment: datetime) -> None:
    """Remove entries whose time passed before `moment`."""
    await WebSession.delete().where(WebSession.expires_at < moment)


def expiry_after(expires_in: int | timedelta | None) -> datetime | None:
    """The moment an entry saved now for `expires_in` expires."""
    if expires_in is None:
        return None
    seconds = expires_in.total_seconds() if isinstance(expires_in, timedelta) else expires_in
    return datetime.now(UTC) + timedelta(seconds=seconds)
