"""Payment queries on the real database: sending, download links and the payer's response."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from db.outbox import write_transaction
from db.queries.payments import (
    ClaimsChanged,
    Download,
    Refused,
    apply_payer_response,
    payment_counts,
    response_problems,
    send_to_payer,
    use_download_link,
)
from db.queries.uploads import keep_upload, kept_upload, mark_applied
from db.tables import Claim, DownloadLink, StoredFile
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.download_links import LINK_LIFETIME
from domain.payments import PayerAnswer, PayerStatus
from domain.windows import ClaimWindow
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

# Before the web tests' clock, so these events never push theirs off the activity log's first
# page when both run in one session.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Crash(Exception):
    """Something failing after the changes, inside the transaction."""


def _window(year: int) -> ClaimWindow:
    return ClaimWindow(date(year, 2, 1), date(year, 2, 28), AcademicYear(2025), "")


async def _claims(year: int) -> dict:
    school_id = await new_school(name="Payment Query School")
    mentor = await new_mentor(school_id, last_name=f"Q{uuid.uuid4().hex[:6]}")
    user_id, _ = await new_user(school_id)
    made: dict = {"user": user_id}
    for name, day in (("one", 3), ("two", 27)):
        made[name] = await new_claim(
            school_id,
            [(mentor, 5, "initial")],
            provider=await provider_id(0),
            submitted_at=datetime(year, 2, day, 10, tzinfo=UTC),
            hourly_rate_pence=5370,
            amount_pence=26850,
        )
    return made


async def _status(claim_id: int) -> str:
    return (await Claim.select(Claim.status).where(Claim.id == claim_id).first())["status"]


async def _reference(claim_id: int) -> str:
    return (await Claim.select(Claim.reference).where(Claim.id == claim_id).first())["reference"]


# A year of its own for each test's window (after the web tests' years), so no test sends
# another's claims.
_YEARS = itertools.count(2200)


@pytest.fixture
def year() -> int:
    return next(_YEARS)


def test_sending_moves_the_windows_claims_and_stores_the_file_once(database, year):
    async def scenario():
        made = await _claims(year)
        before = await payment_counts()
        async with write_transaction():
            sent = await send_to_payer(_window(year), made["user"], NOW)
        assert sent is not None
        assert sent.amount_pence == 2 * 26850
        assert set(sent.references) == {
            await _reference(made["one"]),
            await _reference(made["two"]),
        }
        assert await _status(made["one"]) == ClaimStatus.PAYMENT_IN_PROGRESS.value
        after = await payment_counts()
        assert after.with_payer - before.with_payer == 2
        file = await StoredFile.select().where(StoredFile.id == sent.file_id).first()
        assert file["content"].count("\r\n") == 3
        assert "268.50" in file["content"]
        link = await DownloadLink.select().where(DownloadLink.nonce == sent.nonce).first()
        assert link["expires_at"] == NOW + LINK_LIFETIME
        # Nothing is left to send: a second send does nothing.
        async with write_transaction():
            assert await send_to_payer(_window(year), made["user"], NOW) is None

    run(scenario())


def test_a_crash_after_sending_undoes_all_of_it(database, year):
    async def scenario():
        made = await _claims(year)
        files = await StoredFile.count()
        with pytest.raises(Crash):
            async with write_transaction():
                assert await send_to_payer(_window(year), made["user"], NOW) is not None
                raise Crash
        assert await _status(made["one"]) == ClaimStatus.SUBMITTED.value
        assert await StoredFile.count() == files

    run(scenario())


def test_a_download_link_works_once_and_not_after_it_expires(database, year):
    async def scenario():
        made = await _claims(year)
        async with write_transaction():
            sent = await send_to_payer(_window(year), made["user"], NOW)
        late = NOW + LINK_LIFETIME
        assert await use_download_link(sent.nonce, late) == Refused("expired")
        got = await use_download_link(sent.nonce, late - timedelta(seconds=1))
        assert isinstance(got, Download) and got.content.startswith("claim_reference,")
        assert await use_download_link(sent.nonce, NOW) == Refused("used")
        assert await use_download_link("no-such-nonce", NOW) == Refused("unknown")

    run(scenario())


def test_the_payers_response_applies_once(database, year):
    async def scenario():
        made = await _claims(year)
        async with write_transaction():
            await send_to_payer(_window(year), made["user"], NOW)
        one, two = await _reference(made["one"]), await _reference(made["two"])
        answers = [
            PayerAnswer(2, one, PayerStatus.PAID),
            PayerAnswer(3, two, PayerStatus.UNPAID, "No bank details"),
        ]
        assert await response_problems(answers) == []
        async with write_transaction():
            file_id = await keep_upload("payer_response", "r.csv", [], 2, {}, made["user"], NOW)
        async with write_transaction():
            assert await mark_applied(file_id, NOW)
            assert await apply_payer_response(answers, made["user"], NOW, file_id) == 2
        async with write_transaction():
            assert not await mark_applied(file_id, NOW)
        assert await _status(made["one"]) == ClaimStatus.PAID.value
        assert await _status(made["two"]) == ClaimStatus.PAYMENT_INFORMATION_REQUESTED.value
        reason = await Claim.select(Claim.unpaid_reason).where(Claim.id == made["two"]).first()
        assert reason["unpaid_reason"] == "No bank details"
        assert (await kept_upload("payer_response", file_id)).confirmed_at is not None
        problems = await response_problems(answers)
        assert [problem.row for problem in problems] == [2, 3]

    run(scenario())


def test_a_claim_that_moved_meanwhile_rolls_the_whole_response_back(database, year):
    async def scenario():
        made = await _claims(year)
        async with write_transaction():
            await send_to_payer(_window(year), made["user"], NOW)
        one, two = await _reference(made["one"]), await _reference(made["two"])
        await Claim.update({Claim.status: ClaimStatus.PAID.value}).where(Claim.id == made["two"])
        answers = [PayerAnswer(2, one, PayerStatus.PAID), PayerAnswer(3, two, PayerStatus.PAID)]
        async with write_transaction():
            file_id = await keep_upload("payer_response", "r.csv", [], 2, {}, made["user"], NOW)
        with pytest.raises(ClaimsChanged):
            async with write_transaction():
                assert await mark_applied(file_id, NOW)
                await apply_payer_response(answers, made["user"], NOW, file_id)
        assert await _status(made["one"]) == ClaimStatus.PAYMENT_IN_PROGRESS.value
        assert (await kept_upload("payer_response", file_id)).confirmed_at is None

    run(scenario())


def test_a_response_bigger_than_a_batch_pays_every_claim_and_names_a_few(database, year):
    async def scenario():
        from db.tables import SupportEvent

        school_id = await new_school(name="Big Response School")
        mentor = await new_mentor(school_id, last_name=f"B{uuid.uuid4().hex[:6]}")
        user_id, _ = await new_user(school_id)
        provider = await provider_id(0)
        for day in range(1, 511):
            await new_claim(
                school_id,
                [(mentor, 1, "initial")],
                provider=provider,
                submitted_at=datetime(year, 2, 1 + day % 27, 10, tzinfo=UTC),
                hourly_rate_pence=5370,
                amount_pence=5370,
            )
        async with write_transaction():
            sent = await send_to_payer(_window(year), user_id, NOW)
        assert len(sent.references) == 510
        answers = [
            PayerAnswer(row, reference, PayerStatus.PAID)
            for row, reference in enumerate(sent.references, start=2)
        ]
        async with write_transaction():
            assert await apply_payer_response(answers, user_id, NOW) == 510
        placeholders = ", ".join("{}" for _ in sent.references)
        statuses = await Claim.raw(
            f"SELECT DISTINCT status FROM claim WHERE reference IN ({placeholders})",
            *sent.references,
        )
        assert statuses == [{"status": "paid"}]
        summary = (
            await SupportEvent.select(SupportEvent.description)
            .where(SupportEvent.action == "payer_response_uploaded")
            .order_by(SupportEvent.id, ascending=False)
            .first()
        )
        assert summary["description"].endswith(" and 460 more)")

    run(scenario())
