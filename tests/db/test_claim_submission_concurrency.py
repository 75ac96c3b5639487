"""Fifty schools at once: the hours cap and single submission hold on SQLite and PostgreSQL.

Every task runs its transactions on its own connection (SQLite opens one per transaction;
PostgreSQL takes one from the pool, as the app does, or opens its own without a pool).
"""

from __future__ import annotations

import asyncio
import contextvars
import random
from collections import Counter

import pytest

from db.queries import claim_drafts, journey_state
from db.queries.claim_drafts import (
    DraftLine,
    HoursTaken,
    Saved,
    create_draft,
    save_draft,
)
from db.queries.claim_submission import AlreadySubmitted, SubmittedClaim, submit_claim
from db.queries.journey_state import JourneyAnswers
from db.query_count import counting_queries
from db.tables import Claim, EmailOutbox, SchoolMentor
from domain.academic_years import AcademicYear
from domain.hours import TrainingType, allowance_hours
from tests.fixtures.claim_journey import hours_held, submitted_hours
from tests.fixtures.client import TODAY
from tests.fixtures.connections import CONNECTIONS, engine_for
from tests.fixtures.factories import new_mentor, new_school, new_user, provider_id
from web.emails import queue_email

pytestmark = [pytest.mark.anyio, pytest.mark.db]

SCHOOLS = 50
YEAR = AcademicYear(2025)
ALLOWANCE = allowance_hours(TrainingType.INITIAL, YEAR)
APP_POOL_SIZE = 10


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=CONNECTIONS)
async def engine(request, database):
    """The database engine, with the app's connection pool when asked."""
    # The app's pool size (piccolo_conf: DATABASE_POOL_SIZE, 10 by default; the suite sets a
    # smaller one for the apps it starts), on this test's event loop.
    async with engine_for(request.param, pool_size=APP_POOL_SIZE) as engine:
        yield engine


async def fifty_drafts_sharing_a_mentor():
    """Fifty schools (as a trust might), each with its own user and a draft with one mentor."""
    engine = Claim._meta.db
    if engine.engine_type != "postgres" or engine.pool:
        return await _fifty_drafts_sharing_a_mentor()
    # Setting up is not what is tested: a pool spares opening hundreds of connections.
    await engine.start_connection_pool(min_size=1, max_size=5)
    try:
        return await _fifty_drafts_sharing_a_mentor()
    finally:
        await engine.close_connection_pool()


async def _fifty_drafts_sharing_a_mentor():
    schools = [await new_school(name=f"Race School {index}") for index in range(SCHOOLS)]
    mentor = await new_mentor(schools[0], last_name="Shared")
    for school in schools[1:]:
        await SchoolMentor(school=school, mentor=mentor, created_at=TODAY).save()
    provider = await provider_id(random.randrange(20))
    drafts = []
    for school in schools:
        user, _ = await new_user(school)
        claim = await create_draft(school, user, provider, YEAR, TODAY)
        assert await save_draft(claim, school, provider, [DraftLine(mentor)], TODAY) == Saved()
        drafts.append((school, user, claim))
    return mentor, provider, drafts


async def answer_and_submit(school, user, claim, mentor, provider, hours):
    """What one user does: answer the mentor's hours, then submit."""
    saved = await save_draft(claim, school, provider, [DraftLine(mentor, hours)], TODAY)
    if not isinstance(saved, Saved):
        return saved
    return await submit_claim(claim, school, user, TODAY)


async def test_fifty_schools_claiming_one_hour_each_get_exactly_the_allowance(engine):
    mentor, provider, drafts = await fifty_drafts_sharing_a_mentor()

    results = await asyncio.gather(
        *(answer_and_submit(s, u, c, mentor, provider, 1) for s, u, c in drafts)
    )

    kinds = Counter(type(result).__name__ for result in results)
    assert kinds == {"SubmittedClaim": ALLOWANCE, "HoursTaken": SCHOOLS - ALLOWANCE}
    assert all(r.remaining == 0 for r in results if isinstance(r, HoursTaken))
    assert await submitted_hours(mentor, provider, YEAR.start_year) == ALLOWANCE
    assert await hours_held(mentor, provider, YEAR.start_year) == ALLOWANCE


async def test_fifty_schools_claiming_any_hours_never_exceed_the_allowance(engine):
    mentor, provider, drafts = await fifty_drafts_sharing_a_mentor()
    wanted = [random.randint(1, ALLOWANCE) for _ in drafts]

    results = await asyncio.gather(
        *(
            answer_and_submit(s, u, c, mentor, provider, hours)
            for (s, u, c), hours in zip(drafts, wanted, strict=True)
        )
    )

    granted = sum(
        hours
        for result, hours in zip(results, wanted, strict=True)
        if isinstance(result, SubmittedClaim)
    )
    assert 1 <= granted <= ALLOWANCE
    assert await submitted_hours(mentor, provider, YEAR.start_year) == granted
    assert await hours_held(mentor, provider, YEAR.start_year) == granted
    # Whoever was refused was told the hours really left at that moment.
    for result, hours in zip(results, wanted, strict=True):
        if isinstance(result, HoursTaken):
            assert result.remaining < hours


async def test_a_submit_racing_fifty_other_schools_keeps_its_hours(engine):
    mentor, provider, drafts = await fifty_drafts_sharing_a_mentor()
    (first_school, first_user, first_claim), others = drafts[0], drafts[1:]
    await save_draft(first_claim, first_school, provider, [DraftLine(mentor, 10)], TODAY)

    results = await asyncio.gather(
        submit_claim(first_claim, first_school, first_user, TODAY),
        *(answer_and_submit(s, u, c, mentor, provider, 6) for s, u, c in others),
    )

    assert isinstance(results[0], SubmittedClaim)
    assert sum(isinstance(result, SubmittedClaim) for result in results[1:]) == 1
    assert await hours_held(mentor, provider, YEAR.start_year) == ALLOWANCE


async def test_fifty_clicks_on_submit_make_one_claim_and_one_email(engine):
    school = await new_school()
    user, _ = await new_user(school)
    mentor = await new_mentor(school)
    provider = await provider_id()
    claim = await create_draft(school, user, provider, YEAR, TODAY)
    await save_draft(claim, school, provider, [DraftLine(mentor, 8)], TODAY)

    async def queue(submitted: SubmittedClaim) -> None:
        await queue_email(
            "claim_submitted",
            submitted.submitter_email,
            {
                "first_name": submitted.submitter_first_name,
                "school_name": submitted.school_name,
                "reference": submitted.reference,
                "provider_name": submitted.provider_name,
                "total_hours": str(submitted.total_hours),
                "amount": str(submitted.amount_pence),
                "payment": "Claims submitted in this window will be paid from December 2026.",
            },
        )

    results = await asyncio.gather(
        *(submit_claim(claim, school, user, TODAY, queue) for _ in range(SCHOOLS))
    )

    kinds = Counter(type(result) for result in results)
    assert kinds == {SubmittedClaim: 1, AlreadySubmitted: SCHOOLS - 1}
    [submitted] = [result for result in results if isinstance(result, SubmittedClaim)]
    emails = await EmailOutbox.select().where(EmailOutbox.to_address == submitted.submitter_email)
    assert len(emails) == 1
    assert await submitted_hours(mentor, provider, YEAR.start_year) == 8


async def test_a_claim_and_its_answers_are_read_as_of_one_moment(engine):
    """A double click: one submit and its cleanup land while another reads the claim."""
    school = await new_school()
    user, _ = await new_user(school)
    mentor = await new_mentor(school)
    provider = await provider_id()
    claim_id = await create_draft(school, user, provider, YEAR, TODAY)
    await save_draft(claim_id, school, provider, [DraftLine(mentor, 8)], TODAY)
    draft = await claim_drafts.claim_for_school(claim_id, school)
    answered = JourneyAnswers(reached_check_answers=True)
    await journey_state.save_journey_answers(user, school, draft, answered, TODAY)

    async def first_click() -> None:
        assert isinstance(await submit_claim(claim_id, school, user, TODAY), SubmittedClaim)
        await journey_state.clear_journey_answers(user, school, draft)

    async def read() -> tuple[bool, JourneyAnswers]:
        _, (claim, answers) = await claim_drafts.viewer_and_claim(user, school, claim_id)
        return claim.is_draft, answers

    with counting_queries() as count:
        assert await read() == (True, answered)
    # One statement: there is no moment between reading the claim and reading its answers for
    # the other click to land in.
    assert count.total == 1
    # The other click is another request: none of this one's connection or transaction.
    other = asyncio.create_task(first_click(), context=contextvars.Context())
    reads = await asyncio.gather(read(), read(), read())
    await other
    # As of one moment: a draft with its answers (this click then finds it submitted), or the
    # submitted claim before or after its answers are cleared; never a draft whose answers the
    # other click has already cleared (that showed the claim page instead of the confirmation).
    assert set(reads) <= {(True, answered), (False, answered), (False, JourneyAnswers())}
    assert await read() == (False, JourneyAnswers())
