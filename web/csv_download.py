"""Streamed CSV downloads: a header line, then a chunk of lines per batch of rows as they arrive."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TypeVar

Row = TypeVar("Row")


def csv_line(cells: Sequence[str]) -> str:
    """One CSV line, quoted where needed, ending CRLF as RFC 4180 says."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


async def csv_chunks(
    columns: Sequence[str],
    batches: AsyncIterator[list[Row]],
    cells: Callable[[Row], list[str]],
) -> AsyncIterator[str]:
    """The header, then one chunk of lines per batch, so no download is held whole in memory."""
    yield csv_line(columns)
    async for batch in batches:
        yield "".join(csv_line(cells(row)) for row in batch)
