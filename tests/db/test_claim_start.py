"""Whether a school can start a claim: an open window, an eligible year and a mentor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.queries.claim_start import claim_start_for, eligible_years
from domain.academic_years import AcademicYear
from domain.eligibility import StartBlocker
from tests.fixtures.claim_journey import new_mentor, new_school
from tests.fixtures.client import TODAY

pytestmark = [pytest.mark.anyio, pytest.mark.db]

# 1 October 2026: the second 2025 to 2026 window closed on 30 September 2026.
AFTER_THE_WINDOW = datetime(2026, 10, 1, 12, tzinfo=UTC)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def seeded(database):
    return database


async def test_the_years_a_school_hosted_placements_in():
    school = await new_school(eligible_years=(2024, 2025))
    assert await eligible_years(school) == {AcademicYear(2024), AcademicYear(2025)}


async def test_an_eligible_school_with_a_mentor_can_start_in_the_window():
    school = await new_school()
    await new_mentor(school)
    start = await claim_start_for(school, TODAY)
    assert start.can_start
    assert start.academic_year == AcademicYear(2025)


@pytest.mark.parametrize(
    ("eligible", "mentor", "moment", "blocker"),
    [
        ((2023, 2024, 2025, 2026), False, TODAY, StartBlocker.NO_MENTORS),
        ((2023,), True, TODAY, StartBlocker.NOT_ELIGIBLE),
        ((2023, 2024, 2025, 2026), True, AFTER_THE_WINDOW, StartBlocker.NO_OPEN_WINDOW),
    ],
)
async def test_what_stops_a_claim_starting(eligible, mentor, moment, blocker):
    school = await new_school(eligible_years=eligible)
    if mentor:
        await new_mentor(school)
    start = await claim_start_for(school, moment)
    assert not start.can_start
    assert start.blocker is blocker
