"""Where a user is in a claim's journey: kept per user, school and claim, never mixed."""

from __future__ import annotations

import pytest

from db.queries.claim_drafts import create_draft
from db.queries.journey_state import (
    JourneyAnswers,
    clear_journey_answers,
    journey_answers,
    journey_key,
    save_journey_answers,
)
from domain.academic_years import AcademicYear
from tests.fixtures.claim_journey import new_school, new_user, provider_id
from tests.fixtures.client import TODAY

pytestmark = [pytest.mark.anyio, pytest.mark.db]

REACHED = JourneyAnswers(reached_check_answers=True)


class Claim:
    """A claim as the journey keys it."""

    def __init__(self, claim_id: int, reference: str) -> None:
        self.id, self.reference = claim_id, reference


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def seeded(database):
    return database


async def a_claim() -> tuple[int, int, Claim]:
    school = await new_school()
    user, _ = await new_user(school)
    claim_id = await create_draft(school, user, await provider_id(), AcademicYear(2025), TODAY)
    return school, user, Claim(claim_id, f"R{claim_id}")


async def test_nothing_saved_reads_as_no_answers():
    school, user, claim = await a_claim()
    assert await journey_answers(user, school, claim) == JourneyAnswers()


async def test_answers_are_replaced_and_cleared():
    school, user, claim = await a_claim()
    await save_journey_answers(user, school, claim, REACHED, TODAY)
    assert await journey_answers(user, school, claim) == REACHED
    await save_journey_answers(user, school, claim, JourneyAnswers(), TODAY)
    assert await journey_answers(user, school, claim) == JourneyAnswers()
    await save_journey_answers(user, school, claim, REACHED, TODAY)
    await clear_journey_answers(user, school, claim)
    assert await journey_answers(user, school, claim) == JourneyAnswers()


async def test_another_school_or_a_claim_reusing_the_id_sees_none_of_them():
    school, user, claim = await a_claim()
    other_school = await new_school()
    await save_journey_answers(user, school, claim, REACHED, TODAY)
    assert await journey_answers(user, other_school, claim) == JourneyAnswers()
    # SQLite may give a removed claim's id to a new one: the reference tells them apart.
    assert await journey_answers(user, school, Claim(claim.id, "OTHER")) == JourneyAnswers()


def test_the_key_names_user_school_claim_and_reference():
    assert journey_key(3, 5, Claim(7, "12345678")) == "claim:3:5:7:12345678"
