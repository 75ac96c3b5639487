"""The development tools' data changes on a database of their own: reset to a scenario, and
every claim back to Submitted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.outbox import write_transaction
from db.seed import seed
from db.service_data import (
    REHEARSAL_CLAIMS,
    SCENARIOS,
    back_to_submitted,
    claims_after_submission,
    reset_to,
    scenario,
)
from db.tables import (
    Claim,
    ClaimMentor,
    ClaimWindow,
    EmailOutbox,
    Membership,
    School,
    SupportEvent,
    SupportUser,
    User,
)
from domain.claim_status import ClaimStatus
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id
from tests.fixtures.migrated_database import database_kinds, fresh_database

# Inside the second seeded 2025 to 2026 window.
NOW = datetime(2026, 9, 10, 11, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def seeded(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, _url):
        await seed()
        yield engine


async def _support_user() -> int:
    user = await User.objects().get(User.persona == "support")
    return user.id


async def _statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in await Claim.select(Claim.status):
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


@pytest.mark.anyio
async def test_a_reset_clears_what_was_done_and_seeds_again_keeping_every_account(seeded):
    support = await _support_user()
    seeded_claims = await Claim.count()
    school = await new_school(name="Made Since Seeding")
    user_id, _ = await new_user(school)
    mentor = await new_mentor(school)
    await new_claim(school, [(mentor, 2, "initial")], provider=await provider_id(0))
    await ClaimWindow.update({ClaimWindow.paid: "changed by support"}, force=True)
    async with write_transaction():
        await reset_to(scenario("seeded"), support, NOW)
    assert await Claim.count() == seeded_claims
    assert not await School.exists().where(School.name == "Made Since Seeding")
    assert not await ClaimWindow.exists().where(ClaimWindow.paid == "changed by support")
    # Accounts stay (so no session lands on someone else), without their schools.
    assert await User.exists().where(User.id == user_id)
    assert not await Membership.exists().where(Membership.user == user_id)
    assert await SupportUser.exists().where(SupportUser.user == support)
    # The personas have their schools again.
    persona = await User.objects().get(User.persona == "single-school")
    assert await Membership.exists().where(Membership.user == persona.id)
    events = await SupportEvent.select(SupportEvent.action, SupportEvent.user)
    assert events == [{"action": "service_reset", "user": support}]
    assert await EmailOutbox.count() == 0


@pytest.mark.anyio
async def test_the_payments_rehearsal_has_submitted_claims_in_the_open_window(seeded):
    support = await _support_user()
    before = (await _statuses()).get("submitted", 0)
    async with write_transaction():
        await reset_to(scenario("payments-rehearsal"), support, NOW)
    assert (await _statuses()).get("submitted", 0) == before + REHEARSAL_CLAIMS
    assert await Claim.count().where(Claim.submitted_at == NOW) == REHEARSAL_CLAIMS
    assert all(each.key for each in SCENARIOS)


@pytest.mark.anyio
async def test_every_claim_after_submission_goes_back_to_submitted_once(seeded):
    support = await _support_user()
    school = await new_school(name="Rehearsal School")
    mentor = await new_mentor(school)
    provider = await provider_id(0)
    moved_ids = [
        await new_claim(school, [(mentor, 1, "initial")], provider=provider, status=status)
        for status in (
            ClaimStatus.PAYMENT_IN_PROGRESS,
            ClaimStatus.PAYMENT_INFORMATION_REQUESTED,
            ClaimStatus.CLAWBACK_COMPLETE,
        )
    ]
    await Claim.update({Claim.unpaid_reason: "Bank details missing"}).where(
        Claim.id == moved_ids[1]
    )
    clawed_back = moved_ids[2]
    await Claim.update({Claim.sample_reason: "Random sample", Claim.clawback_pence: 4380}).where(
        Claim.id == clawed_back
    )
    await ClaimMentor.update(
        {
            ClaimMentor.provider_rejection_reason: "Did not attend",
            ClaimMentor.school_rejection_reason: "Agreed",
            ClaimMentor.trained_hours: 0,
            ClaimMentor.clawback_reason: "Not trained",
            ClaimMentor.clawback_decision: "approved",
        }
    ).where(ClaimMentor.claim == clawed_back)
    draft = await new_claim(school, [(mentor, 1)], provider=provider, status=ClaimStatus.DRAFT)
    waiting = await claims_after_submission()
    assert waiting >= 3
    async with write_transaction():
        assert await back_to_submitted(support, NOW) == waiting
    assert await claims_after_submission() == 0
    rows = await Claim.select(Claim.id, Claim.status, Claim.unpaid_reason).where(
        Claim.id.is_in([*moved_ids, draft])
    )
    by_id = {row["id"]: row for row in rows}
    assert {by_id[each]["status"] for each in moved_ids} == {"submitted"}
    assert by_id[moved_ids[1]]["unpaid_reason"] == ""
    # The audit and clawback said nothing yet of a claim sent to the payer again.
    cleared = await Claim.select(Claim.sample_reason, Claim.clawback_pence).where(
        Claim.id == clawed_back
    )
    assert cleared == [{"sample_reason": "", "clawback_pence": 0}]
    lines = await ClaimMentor.select(
        ClaimMentor.provider_rejection_reason,
        ClaimMentor.school_rejection_reason,
        ClaimMentor.trained_hours,
        ClaimMentor.clawback_reason,
        ClaimMentor.clawback_decision,
    ).where(ClaimMentor.claim == clawed_back)
    assert lines == [
        {
            "provider_rejection_reason": "",
            "school_rejection_reason": "",
            "trained_hours": None,
            "clawback_reason": "",
            "clawback_decision": "",
        }
    ]
    assert by_id[draft]["status"] == "draft"
    history = await SupportEvent.count().where(SupportEvent.claim.is_in(moved_ids))
    assert history == 3
    assert await SupportEvent.exists().where(SupportEvent.action == "claims_back_to_submitted")
    async with write_transaction():
        assert await back_to_submitted(support, NOW) == 0
