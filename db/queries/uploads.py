"""Uploaded CSV files kept until support confirms them: their text in parts, applied once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any

import msgspec

from db.sql import fetch
from db.tables import StoredFile, StoredFilePart

# Parts read per query: a few hundred kilobytes at a time. They are written one at a time, so
# keeping a file holds one part in memory, however big the file.
PARTS_AT_ONCE = 8


class KeptUpload(msgspec.Struct, frozen=True):
    """An uploaded file as checked: who, when, its rows, what was chosen with it and what its
    preview shows (`details`), and when it was applied (None until then)."""

    id: int
    kind: str
    filename: str
    row_count: int
    created_by: int | None
    created_at: datetime
    confirmed_at: datetime | None
    details: dict[str, Any]


def _details(value) -> dict[str, Any]:
    # PostgreSQL's driver gives JSON as text; SQLite gives what was stored.
    return json.loads(value) if isinstance(value, str) else dict(value or {})


async def keep_upload(
    kind: str,
    filename: str,
    parts: Iterable[str],
    row_count: int,
    details: dict[str, Any],
    by_user_id: int,
    now: datetime,
) -> int:
    """Keep a checked file's text, part by part, in the caller's transaction; its id."""
    rows = await StoredFile.insert(
        StoredFile(
            kind=kind,
            filename=filename[:200],
            content="",
            created_by=by_user_id,
            created_at=now,
            details=json.dumps(details),
            row_count=row_count,
        )
    ).returning(StoredFile.id)
    file_id = rows[0]["id"]
    for number, content in enumerate(parts):
        await fetch(
            "INSERT INTO stored_file_part (file, number, content) VALUES ({}, {}, {})",
            file_id,
            number,
            content,
        )
    return file_id


async def kept_upload(kind: str, file_id: int) -> KeptUpload | None:
    """The kept upload of this kind with this id, or None."""
    row = (
        await StoredFile.select(
            StoredFile.id,
            StoredFile.kind,
            StoredFile.filename,
            StoredFile.row_count,
            StoredFile.created_by,
            StoredFile.created_at,
            StoredFile.confirmed_at,
            StoredFile.details,
        )
        .where((StoredFile.id == file_id) & (StoredFile.kind == kind))
        .first()
    )
    if row is None:
        return None
    return msgspec.convert({**row, "details": _details(row["details"])}, KeptUpload)


async def upload_text(file_id: int) -> AsyncIterator[str]:
    """A kept file's text, part by part, in order: never the whole file at once."""
    number = 0
    while True:
        rows = await (
            StoredFilePart.select(StoredFilePart.content)
            .where((StoredFilePart.file == file_id) & (StoredFilePart.number >= number))
            .order_by(StoredFilePart.number)
            .limit(PARTS_AT_ONCE)
        )
        for row in rows:
            yield row["content"]
        if len(rows) < PARTS_AT_ONCE:
            return
        number += PARTS_AT_ONCE


async def file_text(file_id: int) -> AsyncIterator[str]:
    """Any stored file's text: a file the service made, or an upload's parts in order."""
    row = await StoredFile.select(StoredFile.content).where(StoredFile.id == file_id).first()
    if row and row["content"]:
        yield row["content"]
    async for part in upload_text(file_id):
        yield part


async def mark_applied(file_id: int, now: datetime) -> bool:
    """Mark the upload applied, in the caller's transaction; False if it already was.

    The first confirm marks it and applies it; a second click waits on the row's lock, then
    finds it marked and applies nothing."""
    rows = await fetch(
        "UPDATE stored_file SET confirmed_at = {} WHERE id = {} AND confirmed_at IS NULL"
        " RETURNING id",
        now,
        file_id,
    )
    return bool(rows)
