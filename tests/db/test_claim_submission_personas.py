"""The seeded claim situations that research personas show, read from the seeded database."""

from __future__ import annotations

import pytest

from db.personas import (
    CLAIMS_PROVIDER_CODE,
    HOURS_USED_URN,
    REFRESHER_URN,
    SHARED_MENTOR_TRUST_CODE,
)
from db.queries.claim_allowances import school_mentor_options
from db.tables import Provider, School
from domain.academic_years import AcademicYear
from domain.hours import TrainingType

pytestmark = [pytest.mark.anyio, pytest.mark.db]

THIS_YEAR = AcademicYear(2025)


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def options(urn: str):
    school = await School.objects().get(School.urn == urn)
    provider = await Provider.objects().get(Provider.code == CLAIMS_PROVIDER_CODE)
    return await school_mentor_options(school.id, provider.id, THIS_YEAR)


async def test_the_refresher_persona_has_a_mentor_on_refresher_training(database):
    mentors = await options(REFRESHER_URN)
    [refresher] = [m for m in mentors if m.allowance.training_type is TrainingType.REFRESHER]
    assert (refresher.allowance.allowance, refresher.allowance.remaining) == (6, 6)
    assert len(mentors) == 3


async def test_the_hours_used_persona_has_a_mentor_with_no_hours_left(database):
    mentors = await options(HOURS_USED_URN)
    assert [each.allowance.remaining for each in mentors].count(0) == 1
    assert sum(each.allowance.can_claim for each in mentors) == len(mentors) - 1


async def test_the_shared_mentor_personas_schools_share_one_allowance(database):
    schools = sorted(
        row["urn"]
        for row in await School.select(School.urn, School.id)
        .where(School.trust_code == SHARED_MENTOR_TRUST_CODE)
        .order_by(School.id)
    )
    first, second = [await options(urn) for urn in schools[:2]]
    shared = {each.mentor_id for each in first} & {each.mentor_id for each in second}
    assert len(shared) == 1
    [mentor] = shared
    left = {each.mentor_id: each.allowance.remaining for each in first + second}
    assert left[mentor] == 6
