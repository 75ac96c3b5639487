"""Onboarding many schools from a `name, urn` file: checked and kept in batches, then applied.

The file is read row by row (domain/csv_upload.py) and looked up 500 rows at a time, so a
100,000-row file never sits in memory whole (support.md, "CSV uploads").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import BinaryIO

import msgspec

from db.outbox import write_transaction
from db.queries import onboarding
from domain.academic_years import AcademicYear
from domain.csv_upload import RowError, rows
from domain.onboarding import ONBOARDING_COLUMNS, SeenUrns, onboarding_row_errors, parse_urn

# A page of errors beyond this is no help: the user fixes these and uploads again.
ERRORS_SHOWN = 1000
BATCH = onboarding.BATCH


class Checked(msgspec.Struct, frozen=True):
    """What checking a file found: its rows, the first errors and how many rows have one."""

    rows: int
    errors: list[RowError]
    rows_with_errors: int


def _batches(
    numbered: Iterable[tuple[int, dict[str, str]]],
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    batch: list[tuple[int, dict[str, str]]] = []
    for item in numbered:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _urns(batch: list[tuple[int, dict[str, str]]]) -> set[str]:
    return {urn for _, row in batch if isinstance(urn := parse_urn(row.get("urn")), str)}


async def check(file: BinaryIO, year: AcademicYear) -> Checked:
    """Every row's errors (the first ERRORS_SHOWN kept); UnreadableFile for a file unread."""
    seen = SeenUrns()
    errors: list[RowError] = []
    count = with_errors = 0
    for batch in _batches(rows(file, ONBOARDING_COLUMNS)):
        known = await onboarding.schools_by_urn(_urns(batch))
        eligible = await onboarding.eligible_among(set(known.values()), year)
        onboarded = {urn for urn, school_id in known.items() if school_id in eligible}
        for number, row in batch:
            count += 1
            found = onboarding_row_errors(number, row, known.keys(), onboarded, year, seen)
            if found:
                with_errors += 1
                errors.extend(found[: max(0, ERRORS_SHOWN - len(errors))])
    return Checked(count, errors, with_errors)


async def keep(file: BinaryIO, user_id: int, window_id: int, file_name: str, now: datetime) -> int:
    """Keep a checked file's schools until it is confirmed, in one transaction; its id."""
    file.seek(0)
    async with write_transaction():
        upload_id = await onboarding.start_upload(user_id, window_id, file_name, now)
        count = 0
        for batch in _batches(rows(file, ONBOARDING_COLUMNS)):
            known = await onboarding.schools_by_urn(_urns(batch))
            schools = [(number, known[row["urn"]]) for number, row in batch if row["urn"] in known]
            await onboarding.add_upload_schools(upload_id, schools)
            count += len(schools)
        await onboarding.finish_upload(upload_id, count)
    return upload_id
