"""Onboarding's queries on the real database: eligibility once, uploads kept and applied once."""

from __future__ import annotations

import asyncio
import random

from db.outbox import write_transaction
from db.queries.onboarding import (
    eligible_among,
    make_all_eligible,
    make_eligible,
    onboarded_years,
    school,
    school_users,
    schools_by_urn,
    schools_named,
    user_count,
)
from db.tables import School
from domain.academic_years import AcademicYear
from tests.fixtures.database import run

YEAR = AcademicYear(2025)


async def _urned(school_id: int) -> str:
    urn = str(random.randrange(700_000, 799_999))
    await School.update({School.urn: urn}).where(School.id == school_id)
    return urn


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


def test_many_schools_are_made_eligible_at_once_skipping_those_already(make):
    schools = [make.school(name=f"Upload {n}", eligible_years=()) for n in range(3)]
    already = make.school(eligible_years=(2025,))

    async def apply() -> list[int]:
        async with write_transaction():
            return await make_all_eligible([*schools, already], YEAR)

    # The school onboarded meanwhile is left as it was; a second time makes nothing new.
    assert sorted(run(apply())) == sorted(schools)
    assert run(apply()) == []
    assert run(make_all_eligible([], YEAR)) == []
    assert run(eligible_among([*schools, already], YEAR)) == {*schools, already}


def test_schools_are_named_by_urn(make):
    school_id = make.school(name="Named By Urn Academy", eligible_years=())
    urn = run(_urned(school_id))
    found = run(schools_named([urn, "000000"]))
    assert list(found) == [urn]
    assert (found[urn].id, found[urn].name) == (school_id, "Named By Urn Academy")
    assert run(schools_named([])) == {}
