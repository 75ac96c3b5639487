from datetime import date

import pytest

from db.tables import TeacherRecord
from db.teacher_records import (
    FIRST_NAMES,
    LAST_NAMES,
    TeacherRecordValue,
    fake_teachers,
    upsert_teacher_records,
)


def test_the_same_seed_gives_the_same_people():
    assert fake_teachers(50) == fake_teachers(50)
    assert fake_teachers(50, seed="research") == fake_teachers(50, seed="research")


def test_another_seed_gives_other_people():
    assert fake_teachers(50, seed="research") != fake_teachers(50)


def test_more_people_start_with_the_same_people():
    assert fake_teachers(300)[:40] == fake_teachers(40)


def test_trns_never_collide_and_look_real():
    teachers = fake_teachers(5000)
    trns = [teacher.trn for teacher in teachers]
    assert len(set(trns)) == 5000
    assert all(len(trn) == 7 and trn.isascii() and trn.isdigit() for trn in trns)
    assert all(int(trn) >= 2_000_000 for trn in trns)


def test_dates_of_birth_fall_between_1960_and_2000():
    births = [teacher.date_of_birth for teacher in fake_teachers(5000)]
    assert min(births) >= date(1960, 1, 1)
    assert max(births) <= date(2000, 12, 31)
    # Spread across the range, not bunched at one end.
    assert min(births).year <= 1961 and max(births).year >= 1999


def test_names_are_varied_and_from_the_lists():
    teachers = fake_teachers(500)
    assert {teacher.first_name for teacher in teachers} == set(FIRST_NAMES)
    assert {teacher.last_name for teacher in teachers} == set(LAST_NAMES)
    assert len({(teacher.first_name, teacher.last_name) for teacher in teachers}) > 400


def test_zero_people_and_impossible_counts():
    assert fake_teachers(0) == []
    with pytest.raises(ValueError):
        fake_teachers(-1)
    with pytest.raises(ValueError):
        fake_teachers(8_000_001)


async def held() -> dict[str, TeacherRecordValue]:
    rows = await TeacherRecord.select(
        TeacherRecord.trn,
        TeacherRecord.date_of_birth,
        TeacherRecord.first_name,
        TeacherRecord.last_name,
    )
    return {row["trn"]: TeacherRecordValue(**row) for row in rows}


@pytest.mark.anyio
async def test_upsert_adds_everyone_once(teacher_database):
    teachers = fake_teachers(1200)  # more than one insert batch

    assert await upsert_teacher_records(teachers) == 1200
    assert await upsert_teacher_records(teachers) == 0

    assert await held() == {teacher.trn: teacher for teacher in teachers}


@pytest.mark.anyio
async def test_upsert_adds_only_missing_trns_and_leaves_existing_rows_alone(teacher_database):
    first = fake_teachers(3)
    await upsert_teacher_records(first)
    renamed = TeacherRecordValue(first[0].trn, date(1990, 1, 1), "Changed", "Name")

    added = await upsert_teacher_records([renamed, *fake_teachers(5)])

    assert added == 2
    rows = await held()
    assert len(rows) == 5
    assert rows[first[0].trn] == first[0]


@pytest.mark.anyio
async def test_upsert_of_nothing(teacher_database):
    assert await upsert_teacher_records([]) == 0
    assert await held() == {}
