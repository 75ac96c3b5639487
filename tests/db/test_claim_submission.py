"""Drafts and submitting on the real database: answers saved, every rule re-checked, one write."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from db.queries.claim_allowances import mentor_allowances, school_mentor_options
from db.queries.claim_drafts import (
    DraftLine,
    HoursTaken,
    NotADraft,
    Saved,
    claim_for_school,
    create_draft,
    save_draft,
    save_hours_confirmation,
)
from db.queries.claim_submission import (
    AlreadySubmitted,
    CannotSubmit,
    SubmittedClaim,
    submit_claim,
)
from db.queries.journey_state import JourneyAnswers, journey_answers, save_journey_answers
from db.tables import Claim, EmailOutbox, SchoolMentor
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.submission import Problem
from tests.fixtures.claim_journey import claim_lines, claim_row
from tests.fixtures.client import TODAY
from tests.fixtures.factories import new_mentor, new_school, new_user, provider_id, stored_claim
from web.emails import queue_email

pytestmark = [pytest.mark.anyio, pytest.mark.db]

YEAR = AcademicYear(2025)
# 1 October 2026: the second 2025 to 2026 window closed on 30 September 2026.
AFTER_THE_WINDOW = datetime(2026, 10, 1, 12, tzinfo=UTC)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def seeded(database):
    return database


async def a_draft(hours=(5,), region="Rest of England", eligible=(2023, 2024, 2025, 2026)):
    """A school, a user, mentors and a draft with each mentor's hours answered."""
    school = await new_school(region=region, eligible_years=eligible)
    user, _ = await new_user(school)
    mentors = [await new_mentor(school, last_name=f"Zed{index}") for index in range(len(hours))]
    provider = await provider_id()
    claim = await create_draft(school, user, provider, YEAR, TODAY)
    lines = [DraftLine(mentor, each) for mentor, each in zip(mentors, hours, strict=True)]
    assert await save_draft(claim, school, provider, lines, TODAY) == Saved()
    return school, user, mentors, provider, claim


async def test_a_draft_starts_with_its_provider_and_a_reference():
    school = await new_school()
    user, _ = await new_user(school)
    provider = await provider_id()

    claim = await create_draft(school, user, provider, YEAR, TODAY)

    draft = await claim_for_school(claim, school)
    assert draft.status is ClaimStatus.DRAFT
    assert draft.provider.id == provider
    assert draft.academic_year == YEAR
    assert len(draft.reference) == 8 and draft.reference.isdigit()
    assert draft.mentors == ()


async def test_a_clashing_reference_is_replaced():
    school = await new_school()
    user, _ = await new_user(school)
    provider = await provider_id()
    first = await create_draft(school, user, provider, YEAR, TODAY)
    taken = (await claim_for_school(first, school)).reference
    fresh = str(int(taken) % 90_000_000 + 10_000_000 + 1)
    while await Claim.exists().where(Claim.reference == fresh):
        fresh = str(int(fresh) + 1)
    references = itertools.chain([taken, taken], [fresh])

    second = await create_draft(school, user, provider, YEAR, TODAY, lambda: next(references))

    assert (await claim_for_school(second, school)).reference == fresh


async def test_another_schools_claim_is_not_found():
    _, _, _, _, claim = await a_draft()
    other = await new_school()
    assert await claim_for_school(claim, other) is None
    assert await submit_claim(claim, other, 1, TODAY) is None
    assert await save_draft(claim, other, await provider_id(), [], TODAY) == NotADraft()


async def test_saving_adds_removes_and_changes_mentors():
    school, _, [kept], provider, claim = await a_draft(hours=(5,))
    added = await new_mentor(school, last_name="Added")

    await save_draft(claim, school, provider, [DraftLine(kept, 7), DraftLine(added)], TODAY)
    draft = await claim_for_school(claim, school)
    assert {(m.mentor_id, m.hours) for m in draft.mentors} == {(kept, 7), (added, None)}

    await save_draft(claim, school, provider, [DraftLine(added, 3)], TODAY)
    draft = await claim_for_school(claim, school)
    assert [(m.mentor_id, m.hours) for m in draft.mentors] == [(added, 3)]


async def test_a_draft_holds_hours_that_other_schools_then_cannot_take():
    _, _, [mentor], provider, _ = await a_draft(hours=(10,))
    other = await new_school()
    await SchoolMentor(school=other, mentor=mentor, created_at=TODAY).save()
    other_user, _ = await new_user(other)
    other_claim = await create_draft(other, other_user, provider, YEAR, TODAY)

    [option] = await school_mentor_options(other, provider, YEAR, other_claim)
    assert (option.allowance.claimed, option.allowance.remaining) == (10, 6)
    taken = await save_draft(other_claim, other, provider, [DraftLine(mentor, 7)], TODAY)
    assert taken == HoursTaken(mentor, 6)
    assert (await claim_for_school(other_claim, other)).mentors == ()
    assert await save_draft(other_claim, other, provider, [DraftLine(mentor, 6)], TODAY) == Saved()


async def test_the_claim_being_answered_does_not_count_against_itself():
    school, _, [mentor], provider, claim = await a_draft(hours=(16,))
    allowances = await mentor_allowances([mentor], provider, YEAR, editing_claim_id=claim)
    assert allowances[mentor].remaining == 16
    assert await save_draft(claim, school, provider, [DraftLine(mentor, 16)], TODAY) == Saved()


async def test_changing_provider_checks_the_new_providers_allowance():
    school, _, [mentor], provider, claim = await a_draft(hours=(10,))
    other_provider = await provider_id(1)
    elsewhere = await new_school()
    await stored_claim(elsewhere, other_provider, 2025, [(mentor, 12)])

    result = await save_draft(claim, school, other_provider, [DraftLine(mentor, 10)], TODAY)

    assert result == HoursTaken(mentor, 4)
    assert (await claim_for_school(claim, school)).provider.id == provider


async def test_submitting_fixes_the_rate_amount_submitter_and_training_types():
    school, user, mentors, provider, claim = await a_draft(hours=(16, 5), region="Inner London")
    # An earlier year's claim with this provider makes the second mentor's training a refresher.
    earlier_school = await new_school()
    await stored_claim(earlier_school, provider, 2024, [(mentors[1], 20)])
    now = datetime(2026, 6, 10, 15, 30, tzinfo=UTC)

    result = await submit_claim(claim, school, user, now)

    assert isinstance(result, SubmittedClaim)
    assert (result.total_hours, result.hourly_rate_pence, result.amount_pence) == (21, 5360, 112560)
    row = await claim_row(claim)
    assert row["status"] == ClaimStatus.SUBMITTED.value
    assert (row["hourly_rate_pence"], row["amount_pence"]) == (5360, 112560)
    assert row["submitted_by"] == user
    assert row["submitted_at"] == now
    lines = await claim_lines(claim)
    assert lines[mentors[0]]["training_type"] == TrainingType.INITIAL.value
    assert lines[mentors[1]]["training_type"] == TrainingType.REFRESHER.value


async def test_the_email_is_queued_in_the_same_transaction():
    school, user, _, _, claim = await a_draft()

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

    result = await submit_claim(claim, school, user, TODAY, queue)

    emails = await EmailOutbox.select().where(EmailOutbox.to_address == result.submitter_email)
    assert [email["kind"] for email in emails] == ["claim_submitted"]


async def test_a_failure_after_writing_leaves_the_draft_untouched():
    school, user, [mentor], _, claim = await a_draft(hours=(4,))

    async def fail(_: SubmittedClaim) -> None:
        raise RuntimeError("the outbox is unavailable")

    with pytest.raises(RuntimeError):
        await submit_claim(claim, school, user, TODAY, fail)

    row = await claim_row(claim)
    assert (row["status"], row["amount_pence"], row["submitted_at"]) == ("draft", None, None)
    assert (await claim_lines(claim))[mentor]["training_type"] is None


async def test_a_second_submit_changes_nothing():
    school, user, _, _, claim = await a_draft()
    first = await submit_claim(claim, school, user, TODAY)
    later = datetime(2026, 6, 11, tzinfo=UTC)

    second = await submit_claim(claim, school, user, later)

    assert second == AlreadySubmitted(claim, first.reference)
    assert (await claim_row(claim))["submitted_at"] == TODAY


async def test_a_closed_window_stops_the_submit_and_keeps_the_answers():
    school, user, [mentor], _, claim = await a_draft(hours=(6,))

    result = await submit_claim(claim, school, user, AFTER_THE_WINDOW)

    assert isinstance(result, CannotSubmit)
    assert [reason.problem for reason in result.reasons] == [Problem.WINDOW_CLOSED]
    assert "closed at 11:59pm on Wednesday 30 September 2026" in result.reasons[0].message
    draft = await claim_for_school(claim, school)
    assert draft.status is ClaimStatus.DRAFT
    assert [(m.mentor_id, m.hours) for m in draft.mentors] == [(mentor, 6)]


async def test_a_school_no_longer_eligible_cannot_submit():
    school, user, _, _, claim = await a_draft(eligible=(2024,))

    result = await submit_claim(claim, school, user, TODAY)

    assert [reason.problem for reason in result.reasons] == [Problem.NOT_ELIGIBLE]


async def test_hours_taken_by_another_school_since_answering_stop_the_submit():
    school, user, [mentor], provider, claim = await a_draft(hours=(10,))
    # Written straight to the table, as a payer reversing a rejection would.
    await stored_claim(await new_school(), provider, 2025, [(mentor, 9)])

    result = await submit_claim(claim, school, user, TODAY)

    assert isinstance(result, CannotSubmit)
    [reason] = result.reasons
    assert reason.problem is Problem.NOT_ENOUGH_HOURS_LEFT
    assert reason.mentor_id == mentor
    assert "has 7 hours left" in reason.message
    assert (await claim_row(claim))["status"] == "draft"


async def test_an_unanswered_mentor_stops_the_submit():
    school, user, _, provider, claim = await a_draft(hours=(3,))
    unanswered = await new_mentor(school)
    draft = await claim_for_school(claim, school)
    lines = [DraftLine(m.mentor_id, m.hours) for m in draft.mentors] + [DraftLine(unanswered)]
    await save_draft(claim, school, provider, lines, TODAY)

    result = await submit_claim(claim, school, user, TODAY)

    assert [reason.problem for reason in result.reasons] == [Problem.HOURS_OUT_OF_RANGE]


async def test_a_draft_with_no_mentors_cannot_be_submitted():
    school, user, _, provider, claim = await a_draft()
    await save_draft(claim, school, provider, [], TODAY)

    result = await submit_claim(claim, school, user, TODAY)

    assert [reason.problem for reason in result.reasons] == [Problem.NO_MENTORS]


async def test_a_submitted_claim_takes_no_more_answers():
    school, user, [mentor], provider, claim = await a_draft()
    await submit_claim(claim, school, user, TODAY)

    assert await save_draft(claim, school, provider, [DraftLine(mentor, 1)], TODAY) == NotADraft()


@pytest.mark.parametrize("confirmed", [True, False, None])
async def test_the_hours_confirmation_is_kept_on_the_claim(confirmed):
    school, _, _, _, claim = await a_draft()

    assert await save_hours_confirmation(claim, school, confirmed, TODAY) == Saved()

    assert (await claim_for_school(claim, school)).hours_confirmed_with_provider is confirmed
    assert await save_hours_confirmation(claim, await new_school(), True, TODAY) == NotADraft()


async def test_journey_answers_are_kept_per_user_and_claim():
    school, user, _, _, claim = await a_draft()
    colleague, _ = await new_user(school)
    draft = await claim_for_school(claim, school)
    answers = JourneyAnswers(reached_check_answers=True)

    await save_journey_answers(user, school, draft, answers, TODAY)
    await save_journey_answers(user, school, draft, answers, TODAY)

    assert await journey_answers(user, school, draft) == answers
    assert await journey_answers(colleague, school, draft) == JourneyAnswers()
