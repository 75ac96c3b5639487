"""Audit and clawback queries on the real database: each batch once, all or nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from db.outbox import write_transaction
from db.queries.audit import (
    apply_provider_response,
    provider_problems,
    reject_mentors,
    request_audit,
    sample_problems,
)
from db.queries.clawbacks import (
    Decision,
    MentorHours,
    NotYours,
    apply_clawback_response,
    clawback_response_problems,
    decide_clawback,
    request_clawback,
    send_clawbacks_to_payer,
)
from db.queries.payments import ClaimsChanged
from db.tables import Claim, ClaimMentor, DownloadLink, StoredFile
from domain.audit import ProviderAnswer, ProviderResponseCheck, SampleRow
from domain.claim_lifecycle import Action
from domain.claim_status import ClaimStatus
from domain.clawbacks import ClawbackAnswer, MentorClawback
from tests.fixtures.audit import new_provider
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, payment_file

S = ClaimStatus
# Before the web tests' clock, so these events never push theirs off the activity log's first
# page when both run in one session.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DEADLINE = date(2026, 3, 23)


class Crash(Exception):
    """Something failing after the changes, inside the transaction."""


async def _claim(provider: int, status: ClaimStatus = S.PAID) -> dict:
    school_id = await new_school(name="Audit Query School")
    user_id, _ = await new_user(school_id)
    ada = await new_mentor(school_id, first_name="Ada", last_name=f"L{uuid.uuid4().hex[:6]}")
    claim_id = await new_claim(
        school_id,
        [(ada, 10, "initial")],
        provider=provider,
        status=status,
        hourly_rate_pence=5370,
        amount_pence=53700,
    )
    row = await Claim.select(Claim.reference).where(Claim.id == claim_id).first()
    line = await ClaimMentor.select(ClaimMentor.id).where(ClaimMentor.claim == claim_id).first()
    from db.tables import Mentor

    mentor = await Mentor.select(Mentor.last_name).where(Mentor.id == ada).first()
    return {
        "id": claim_id,
        "reference": row["reference"],
        "user": user_id,
        "line": line["id"],
        "mentor": f"Ada {mentor['last_name']}",
    }


async def _status(claim_id: int) -> str:
    return (await Claim.select(Claim.status).where(Claim.id == claim_id).first())["status"]


async def _file(kind: str, user: int) -> int:
    """An uploaded file for the batch's events to name."""
    return await payment_file(kind=kind)


async def _provider() -> int:
    return await new_provider("Query Provider", "query@provider.example")


def test_sampling_moves_claims_and_stores_one_file_per_provider(database):
    async def scenario():
        north, south = await _provider(), await _provider()
        one, two, three = await _claim(north), await _claim(north), await _claim(south)
        rows = [SampleRow(i + 2, c["reference"], "Random") for i, c in enumerate((one, two, three))]
        assert await sample_problems(rows, set()) == []
        file_id = await _file("audit_sample", one["user"])
        async with write_transaction():
            files = await request_audit(file_id, rows, DEADLINE, one["user"], NOW)
        assert sorted(int(f.details["claim_count"]) for f in files) == [1, 2]
        assert {f.details["deadline"] for f in files} == {"Monday 23 March 2026"}
        for each in (one, two, three):
            assert await _status(each["id"]) == S.SAMPLING_IN_PROGRESS.value
        link = await DownloadLink.select().where(DownloadLink.nonce == files[0].nonce).first()
        stored = await StoredFile.select().where(StoredFile.id == link["file"]).first()
        assert stored["content"].startswith("claim_reference,school,mentor_full_name,hours,")
        # The same rows again are refused: the claims are no longer paid.
        assert [p.row for p in await sample_problems(rows, set())] == [2, 3, 4]
        assert [p.row for p in await sample_problems(rows[:1], {one["reference"]})] == [2]

    run(scenario())


def test_a_crash_while_sampling_undoes_all_of_it(database):
    async def scenario():
        provider = await _provider()
        one = await _claim(provider)
        files = await StoredFile.count()
        file_id = await _file("audit_sample", one["user"])
        with pytest.raises(Crash):
            async with write_transaction():
                rows = [SampleRow(2, one["reference"], "Random")]
                assert await request_audit(file_id, rows, DEADLINE, one["user"], NOW)
                raise Crash
        assert await _status(one["id"]) == S.PAID.value
        assert await StoredFile.count() == files + 1  # only the upload itself

    run(scenario())


def test_a_providers_answers_apply_and_a_moved_claim_rolls_all_back(database):
    async def scenario():
        provider = await _provider()
        one = await _claim(provider, S.SAMPLING_IN_PROGRESS)
        two = await _claim(provider, S.SAMPLING_IN_PROGRESS)
        answers = [
            ProviderAnswer(2, one["reference"], one["mentor"], True),
            ProviderAnswer(3, two["reference"], two["mentor"].upper(), False, "Absent"),
        ]
        assert await provider_problems(answers, ProviderResponseCheck()) == []
        # Someone approves the second claim by hand before the file is confirmed.
        await Claim.update({Claim.status: S.PAID.value}).where(Claim.id == two["id"])
        file_id = await _file("audit_provider_response", one["user"])
        with pytest.raises(ClaimsChanged):
            async with write_transaction():
                await apply_provider_response(file_id, answers, one["user"], NOW)
        assert await _status(one["id"]) == S.SAMPLING_IN_PROGRESS.value
        await Claim.update({Claim.status: S.SAMPLING_IN_PROGRESS.value}).where(
            Claim.id == two["id"]
        )
        async with write_transaction():
            outcome = await apply_provider_response(file_id, answers, one["user"], NOW)
        assert (outcome.approved, outcome.rejected_ids) == (1, (two["id"],))
        assert await _status(one["id"]) == S.PAID.value
        assert await _status(two["id"]) == S.SAMPLING_NOT_APPROVED.value
        line = await ClaimMentor.select().where(ClaimMentor.id == two["line"]).first()
        assert line["provider_rejection_reason"] == "Absent"

    run(scenario())


def test_rejections_by_hand_move_only_claims_the_action_allows(database):
    async def scenario():
        provider = await _provider()
        claim = await _claim(provider, S.SAMPLING_IN_PROGRESS)
        names = {claim["line"]: claim["mentor"]}
        async with write_transaction():
            assert (
                await reject_mentors(
                    claim["id"],
                    Action.REJECT_AFTER_HEARING_SCHOOL,
                    {claim["line"]: "x"},
                    names,
                    claim["user"],
                    NOW,
                )
                is None
            )
            moved = await reject_mentors(
                claim["id"],
                Action.PROVIDER_REJECTED,
                {claim["line"]: "No"},
                names,
                claim["user"],
                NOW,
            )
        assert moved is S.SAMPLING_NOT_APPROVED
        async with write_transaction():
            moved = await reject_mentors(
                claim["id"],
                Action.REJECT_AFTER_HEARING_SCHOOL,
                {claim["line"]: "Agreed"},
                names,
                claim["user"],
                NOW,
            )
        assert moved is S.REJECTED_BY_SCHOOL
        line = await ClaimMentor.select().where(ClaimMentor.id == claim["line"]).first()
        assert (line["provider_rejection_reason"], line["school_rejection_reason"]) == (
            "No",
            "Agreed",
        )

    run(scenario())


def _hours(claim: dict, trained: int) -> list[MentorHours]:
    return [MentorHours(claim["line"], MentorClawback(claim["mentor"], 10, trained, "Missed"))]


def test_a_clawback_needs_a_second_support_user_and_goes_to_the_payer_once(database):
    async def scenario():
        provider = await _provider()
        claim = await _claim(provider, S.REJECTED_BY_SCHOOL)
        requester, approver = claim["user"], (await new_user(await new_school()))[0]
        async with write_transaction():
            account = await request_clawback(claim["id"], _hours(claim, 4), requester, NOW)
        assert (account.status, account.clawback_pence, account.adjusted_pence) == (
            S.CLAWBACK_REQUESTED,
            6 * 5370,
            4 * 5370,
        )
        approve = [Decision(claim["line"], claim["mentor"], True)]
        with pytest.raises(NotYours):
            async with write_transaction():
                await decide_clawback(claim["id"], approve, requester, NOW)
        assert await _status(claim["id"]) == S.CLAWBACK_REQUESTED.value
        async with write_transaction():
            assert await decide_clawback(claim["id"], approve, approver, NOW) is (
                S.READY_FOR_CLAWBACK
            )
        async with write_transaction():
            sent = await send_clawbacks_to_payer(approver, NOW)
        assert claim["reference"] in sent.references
        assert await _status(claim["id"]) == S.SENT_TO_PAYER_FOR_CLAWBACK.value
        file = await StoredFile.select().where(StoredFile.id == sent.file_id).first()
        assert f"{claim['reference']}," in file["content"] and ",537.00,322.20," in file["content"]
        async with write_transaction():
            assert await send_clawbacks_to_payer(approver, NOW) is None

        answers = [ClawbackAnswer(2, claim["reference"])]
        assert await clawback_response_problems(answers, set()) == []
        file_id = await _file("clawback_response", approver)
        with pytest.raises(Crash):
            async with write_transaction():
                assert await apply_clawback_response(file_id, answers, approver, NOW) == 1
                raise Crash
        assert await _status(claim["id"]) == S.SENT_TO_PAYER_FOR_CLAWBACK.value
        async with write_transaction():
            assert await apply_clawback_response(file_id, answers, approver, NOW) == 1
        assert await _status(claim["id"]) == S.CLAWBACK_COMPLETE.value
        amount = await Claim.select(Claim.clawback_pence).where(Claim.id == claim["id"]).first()
        assert amount["clawback_pence"] == 6 * 5370

    run(scenario())


def test_a_rejected_clawback_or_nothing_to_take_back_takes_nothing(database):
    async def scenario():
        provider = await _provider()
        claim = await _claim(provider, S.REJECTED_BY_SCHOOL)
        other = (await new_user(await new_school()))[0]
        async with write_transaction():
            await request_clawback(claim["id"], _hours(claim, 4), claim["user"], NOW)
        reject = [Decision(claim["line"], claim["mentor"], False, "Register shows 10 hours")]
        async with write_transaction():
            assert await decide_clawback(claim["id"], reject, other, NOW) is S.REJECTED_BY_SCHOOL
        amount = await Claim.select(Claim.clawback_pence).where(Claim.id == claim["id"]).first()
        assert amount["clawback_pence"] == 0
        async with write_transaction():
            account = await request_clawback(claim["id"], _hours(claim, 10), claim["user"], NOW)
        assert (account.status, account.clawback_pence) == (S.PAID, 0)
        async with write_transaction():
            assert await request_clawback(claim["id"], _hours(claim, 4), claim["user"], NOW) is None

    run(scenario())
