"""Fake teachers kept in our own table, standing in for the Teaching Record System locally."""

from __future__ import annotations

from datetime import date

from db.tables import TeacherRecord


async def local_teacher(trn: str, date_of_birth: date) -> dict | None:
    """The fake teacher's TRN and names, if one has this TRN and date of birth."""
    return (
        await TeacherRecord.select(
            TeacherRecord.trn, TeacherRecord.first_name, TeacherRecord.last_name
        )
        .where((TeacherRecord.trn == trn) & (TeacherRecord.date_of_birth == date_of_birth))
        .first()
    )
