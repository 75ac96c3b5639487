"""Fake teachers for the local Teaching Record backend, the same people every time."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

import msgspec

from db.tables import TeacherRecord

FIRST_NAMES = (
    "Aisha", "Alexander", "Amelia", "Amir", "Anjali", "Bethan", "Callum", "Catherine", "Chloe",
    "Chidi", "Daniel", "Declan", "Eilidh", "Eleanor", "Emma", "Fatima", "Ffion", "Gareth",
    "Grace", "Hamza", "Hannah", "Harpreet", "Imran", "Isla", "James", "Jessica", "Joseph",
    "Kwame", "Laura", "Lewis", "Mei", "Megan", "Michael", "Mohammed", "Naomi", "Niamh",
    "Oliver", "Olivia", "Priya", "Rachel", "Rhys", "Ruth", "Samuel", "Sarah", "Siobhan",
    "Sophie", "Tomasz", "Yusuf", "Zainab", "Zoe",
)  # fmt: skip

LAST_NAMES = (
    "Adeyemi", "Ahmed", "Ali", "Begum", "Bennett", "Brown", "Campbell", "Chen", "Clarke",
    "Cooper", "Davies", "Edwards", "Ellis", "Evans", "Fletcher", "Green", "Hall", "Hughes",
    "Hussain", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly", "Khan", "Kowalski", "Lewis",
    "MacDonald", "Mensah", "Morgan", "Murphy", "Nowak", "O'Brien", "O'Neill", "Okafor", "Patel",
    "Price", "Roberts", "Robinson", "Shaw", "Singh", "Smith", "Smith-Jones", "Taylor",
    "Thomas", "Thompson", "Walker", "Williams", "Wilson", "Wright",
)  # fmt: skip

# Real TRNs are 7 digits; fakes start at 2000000 so they read like the real thing.
LOWEST_TRN = 2_000_000
HIGHEST_TRN = 9_999_999
EARLIEST_BIRTH = date(1960, 1, 1)
LATEST_BIRTH = date(2000, 12, 31)
INSERT_BATCH = 500  # under SQLite's limit on bound variables per statement


class TeacherRecordValue(msgspec.Struct, frozen=True):
    """A fake teacher as the local backend holds them."""

    trn: str
    date_of_birth: date
    first_name: str
    last_name: str


def fake_teachers(count: int, seed: str = "teachers") -> list[TeacherRecordValue]:
    """Count fake teachers with distinct TRNs; the same seed always gives the same people."""
    if not 0 <= count <= HIGHEST_TRN - LOWEST_TRN + 1:
        raise ValueError(f"cannot make {count} fake teachers")
    rng = random.Random(seed)
    taken: set[int] = set()
    teachers = []
    # One teacher at a time, so a longer list starts with the same people as a shorter one.
    while len(teachers) < count:
        trn = rng.randint(LOWEST_TRN, HIGHEST_TRN)
        if trn in taken:
            continue
        taken.add(trn)
        born = rng.randint(EARLIEST_BIRTH.toordinal(), LATEST_BIRTH.toordinal())
        teachers.append(
            TeacherRecordValue(
                trn=str(trn),
                date_of_birth=date.fromordinal(born),
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
            )
        )
    return teachers


async def upsert_teacher_records(records: Iterable[TeacherRecordValue]) -> int:
    """Add teachers whose TRN is not yet held (existing rows are left alone); returns how many."""
    rows = [
        TeacherRecord(
            trn=record.trn,
            date_of_birth=record.date_of_birth,
            first_name=record.first_name,
            last_name=record.last_name,
        )
        for record in records
    ]
    added = 0
    for start in range(0, len(rows), INSERT_BATCH):
        # ON CONFLICT DO NOTHING keeps a second run, or two seeders at once, from failing.
        inserted = (
            await TeacherRecord.insert(*rows[start : start + INSERT_BATCH])
            .on_conflict(target=TeacherRecord.trn, action="DO NOTHING")
            .returning(TeacherRecord.trn)
        )
        added += len(inserted)
    return added


async def teachers_to_add(limit: int) -> list[TeacherRecordValue]:
    """Teachers of the local backend who are not anyone's mentor yet, by name."""
    from db.tables import Mentor

    rows = (
        await TeacherRecord.select(
            TeacherRecord.trn,
            TeacherRecord.date_of_birth,
            TeacherRecord.first_name,
            TeacherRecord.last_name,
        )
        .where(TeacherRecord.trn.not_in(Mentor.select(Mentor.trn)))
        .order_by(TeacherRecord.last_name)
        .order_by(TeacherRecord.first_name)
        .order_by(TeacherRecord.trn)
        .limit(limit)
    )
    return [msgspec.convert(row, TeacherRecordValue) for row in rows]
