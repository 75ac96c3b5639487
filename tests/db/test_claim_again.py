"""Claiming again on SQLite and PostgreSQL: presses at the same moment start one draft."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from db.queries.claim_again import NothingLeft, Started, claim_again
from db.tables import ClaimMentor
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from tests.fixtures.client import TODAY
from tests.fixtures.connections import CONNECTIONS, engine_for
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

pytestmark = [pytest.mark.anyio, pytest.mark.db]

PRESSES = 5
YEAR = AcademicYear(2025)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=CONNECTIONS)
async def engine(request, database):
    """The database engine, with a connection pool like the app's when asked."""
    async with engine_for(request.param, pool_size=PRESSES) as engine:
        yield engine


async def _last_years_claim() -> tuple[int, int, int, list[int]]:
    school = await new_school("Claim Again Primary")
    user, _ = await new_user(school)
    mentors = [await new_mentor(school, last_name=name) for name in ("Ames", "Brown")]
    claim = await new_claim(
        school,
        [(mentor, 16, "initial") for mentor in mentors],
        provider=await provider_id(),
        year=2024,
        status=ClaimStatus.PAID,
        created_at=datetime(2025, 6, 2, 10, 0, tzinfo=UTC),
    )
    return school, user, claim, mentors


async def _drafts(school: int) -> dict[int, set[int]]:
    rows = await ClaimMentor.select(ClaimMentor.claim, ClaimMentor.mentor).where(
        (ClaimMentor.claim.school == school) & (ClaimMentor.claim.status == ClaimStatus.DRAFT.value)
    )
    found: dict[int, set[int]] = {}
    for row in rows:
        found.setdefault(row["claim"], set()).add(row["mentor"])
    return found


async def test_presses_at_the_same_moment_start_one_draft(engine):
    school, user, claim, mentors = await _last_years_claim()

    results = await asyncio.gather(
        *(claim_again(school, user, claim, YEAR, TODAY) for _ in range(PRESSES))
    )

    assert all(isinstance(result, Started) for result in results)
    assert len({result.claim_id for result in results}) == 1
    assert await _drafts(school) == {results[0].claim_id: set(mentors)}


async def test_another_schools_claim_and_a_draft_are_not_claimed_again(engine):
    school, user, claim, _ = await _last_years_claim()
    other, other_user, _, _ = await _last_years_claim()

    assert await claim_again(other, other_user, claim, YEAR, TODAY) is None
    started = await claim_again(school, user, claim, YEAR, TODAY)
    assert await claim_again(school, user, started.claim_id, YEAR, TODAY) is None


async def test_a_claim_with_no_hours_left_writes_nothing(engine):
    school, user, claim, mentors = await _last_years_claim()
    elsewhere = await new_school("Elsewhere Primary")
    provider = await provider_id()
    # Both mentors' refresher hours with the provider are used this year at another school.
    await new_claim(elsewhere, [(mentor, 6) for mentor in mentors], provider=provider)

    result = await claim_again(school, user, claim, YEAR, TODAY)

    assert isinstance(result, NothingLeft)
    assert [each.mentor_id for each in result.left_out] == mentors
    assert all("6 hours by another school" in each.reason for each in result.left_out)
    assert await _drafts(school) == {}
