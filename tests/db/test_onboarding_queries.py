"""Onboarding's queries on the real database: eligibility once, uploads kept and applied once."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

from db.outbox import write_transaction
from db.queries.onboarding import (
    add_upload_schools,
    eligible_among,
    finish_upload,
    make_eligible,
    mark_applied,
    onboard_upload,
    onboarded_years,
    school,
    school_users,
    schools_by_urn,
    start_upload,
    upload,
    upload_preview,
    user_count,
)
from db.queries.windows import managed_windows
from db.tables import School
from domain.academic_years import AcademicYear
from tests.fixtures.database import run

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
YEAR = AcademicYear(2025)


async def _urned(school_id: int) -> str:
    urn = str(random.randrange(700_000, 799_999))
    await School.update({School.urn: urn}).where(School.id == school_id)
    return urn


def _window_id() -> int:
    return run(managed_windows())[0].id


def test_a_school_is_made_eligible_once(make):
    school_id = make.school(eligible_years=(2024,))
    assert run(onboarded_years(school_id)) == {AcademicYear(2024)}
    assert run(make_eligible(school_id, YEAR)) is True
    assert run(make_eligible(school_id, YEAR)) is False
    assert run(onboarded_years(school_id)) == {AcademicYear(2024), YEAR}


def test_two_onboardings_at_once_make_one_eligibility(make):
    school_id = make.school(eligible_years=())

    async def both() -> list[bool]:
        async def once() -> bool:
            async with write_transaction():
                return await make_eligible(school_id, YEAR)

        return list(await asyncio.gather(once(), once()))

    assert sorted(run(both())) == [False, True]


def test_users_of_schools_are_found_with_the_school_name(make):
    school_id = make.school(name="Users Lookup Primary", eligible_years=())
    make.user(school_id, first_name="Una")
    make.user(school_id, first_name="Vic")
    found = run(school_users([school_id]))
    assert sorted(each.first_name for each in found) == ["Una", "Vic"]
    assert {each.school_name for each in found} == {"Users Lookup Primary"}
    assert run(user_count(school_id)) == 2
    assert run(school(school_id)).name == "Users Lookup Primary"


def test_urns_and_eligibility_are_looked_up_in_batches(make):
    eligible = make.school(eligible_years=(2025,))
    not_yet = make.school(eligible_years=())
    urns = {run(_urned(eligible)): eligible, run(_urned(not_yet)): not_yet}
    assert run(schools_by_urn([*urns, "000000"])) == urns
    assert run(eligible_among([eligible, not_yet], YEAR)) == {eligible}
    assert run(schools_by_urn([])) == {} and run(eligible_among([], YEAR)) == set()


def test_an_upload_is_kept_previewed_and_applied_once(make):
    user = make.school(eligible_years=())
    schools = [make.school(name=f"Upload {n}", eligible_years=()) for n in range(3)]
    already = make.school(eligible_years=(2025,))
    upload_id = run(start_upload(_user_id(make, user), _window_id(), "file.csv", NOW))
    run(add_upload_schools(upload_id, [(n + 2, each) for n, each in enumerate(schools)]))
    run(add_upload_schools(upload_id, [(5, already)]))
    run(finish_upload(upload_id, 4))
    kept = run(upload(upload_id))
    assert (kept.file_name, kept.school_count, kept.applied_at) == ("file.csv", 4, None)
    assert [each.id for each in run(upload_preview(upload_id, 2))] == schools[:2]

    async def apply() -> list[int] | None:
        async with write_transaction():
            if not await mark_applied(upload_id, NOW):
                return None
            return await onboard_upload(upload_id, YEAR)

    # The school onboarded meanwhile is left as it was; the second apply does nothing.
    assert sorted(run(apply())) == sorted(schools)
    assert run(apply()) is None
    assert run(upload(upload_id)).applied_at is not None
    assert run(eligible_among([*schools, already], YEAR)) == {*schools, already}


def _user_id(make, school_id: int) -> int:
    from db.tables import User

    key = make.user(school_id)
    return run(User.select(User.id).where(User.persona == key).first().run())["id"]
