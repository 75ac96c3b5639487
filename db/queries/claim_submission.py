"""Submitting a claim: every rule re-checked on fresh data, written in one serialised transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import msgspec

from db.queries.claim_allowances import (
    hours_transaction,
    lock_allowances,
    lock_claim,
    mentor_allowances,
)
from db.queries.claim_start import eligible_years
from db.queries.windows import all_windows
from db.tables import AcademicYear as AcademicYearRow
from db.tables import Claim, ClaimMentor, Provider, School, User
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.funding import Region
from domain.submission import (
    Accepted,
    Problem,
    ProposedClaim,
    ProposedLine,
    SubmitFacts,
    SubmitReason,
    check_submission,
)


class SubmittedClaim(msgspec.Struct, frozen=True):
    """A claim just submitted, with the values fixed at submission."""

    claim_id: int
    reference: str
    school_name: str
    provider_name: str
    total_hours: int
    hourly_rate_pence: int
    amount_pence: int
    submitted_at: datetime
    submitter_email: str
    submitter_first_name: str


class AlreadySubmitted(msgspec.Struct, frozen=True):
    """The claim had been submitted already (a double click or a replayed form)."""

    claim_id: int
    reference: str


class CannotSubmit(msgspec.Struct, frozen=True):
    """Something changed since the answers were given; nothing was written."""

    reasons: tuple[SubmitReason, ...]


SubmitResult = SubmittedClaim | AlreadySubmitted | CannotSubmit


async def submit_claim(
    claim_id: int,
    school_id: int,
    user_id: int,
    now: datetime,
    on_submitted: Callable[[SubmittedClaim], Awaitable[None]] | None = None,
) -> SubmitResult | None:
    """Submit the school's draft if every rule still holds; None if it is not the school's.

    `on_submitted` runs inside the transaction, so what it writes (the confirmation email)
    is stored if and only if the claim is.
    """
    async with hours_transaction():
        claim = await lock_claim(claim_id, school_id)
        if claim is None:
            return None
        if claim["status"] != ClaimStatus.DRAFT.value:
            return AlreadySubmitted(claim["id"], claim["reference"])
        lines = (
            await ClaimMentor.select(
                ClaimMentor.mentor.as_alias("mentor_id"),
                ClaimMentor.mentor.first_name.as_alias("first_name"),
                ClaimMentor.mentor.last_name.as_alias("last_name"),
                ClaimMentor.hours,
            )
            .where(ClaimMentor.claim == claim_id)
            .order_by(ClaimMentor.mentor.last_name, ClaimMentor.mentor.first_name)
        )
        provider = (
            await Provider.select(Provider.id, Provider.name, Provider.accredited)
            .where(Provider.id == claim["provider"])
            .first()
            if claim["provider"] is not None
            else None
        )
        if provider is None:
            return CannotSubmit((_NO_PROVIDER,))
        mentor_ids = [line["mentor_id"] for line in lines]
        # Lock, then read: whatever another school wrote before the lock is counted.
        await lock_allowances(mentor_ids, provider["id"], claim["academic_year"])
        year = AcademicYear(
            (
                await AcademicYearRow.select(AcademicYearRow.start_year)
                .where(AcademicYearRow.id == claim["academic_year"])
                .first()
            )["start_year"]
        )
        school = (
            await School.select(School.name, School.region).where(School.id == school_id).first()
        )
        proposed = ProposedClaim(
            status=ClaimStatus(claim["status"]),
            academic_year=year,
            provider_id=provider["id"],
            provider_name=provider["name"],
            lines=tuple(
                ProposedLine(
                    mentor_id=line["mentor_id"],
                    mentor_name=f"{line['first_name']} {line['last_name']}",
                    # An unanswered question is 0 hours, which the check refuses.
                    hours=line["hours"] or 0,
                )
                for line in lines
            ),
        )
        facts = SubmitFacts(
            now=now,
            windows=tuple(await all_windows()),
            eligible_years=await eligible_years(school_id),
            region=Region(school["region"]),
            provider_accredited=bool(provider["accredited"]),
            allowances=await mentor_allowances(mentor_ids, provider["id"], year, claim_id),
        )
        result = check_submission(proposed, facts)
        if not isinstance(result, Accepted):
            return CannotSubmit(result.reasons)
        # Only a draft becomes submitted, so a replay that slipped past the lock changes nothing.
        updated = (
            await Claim.update(
                {
                    Claim.status: ClaimStatus.SUBMITTED.value,
                    Claim.submitted_by: user_id,
                    Claim.submitted_at: now,
                    Claim.updated_at: now,
                    Claim.hourly_rate_pence: result.hourly_rate_pence,
                    Claim.amount_pence: result.amount_pence,
                }
            )
            .where((Claim.id == claim_id) & (Claim.status == ClaimStatus.DRAFT.value))
            .returning(Claim.id)
        )
        if not updated:
            return AlreadySubmitted(claim["id"], claim["reference"])
        for line in result.lines:
            await ClaimMentor.update(
                {ClaimMentor.training_type: line.training_type.value, ClaimMentor.hours: line.hours}
            ).where((ClaimMentor.claim == claim_id) & (ClaimMentor.mentor == line.mentor_id))
        submitter = await User.select(User.email, User.first_name).where(User.id == user_id).first()
        submitted = SubmittedClaim(
            claim_id=claim_id,
            reference=claim["reference"],
            school_name=school["name"],
            provider_name=provider["name"],
            total_hours=result.total_hours,
            hourly_rate_pence=result.hourly_rate_pence,
            amount_pence=result.amount_pence,
            submitted_at=now,
            submitter_email=submitter["email"],
            submitter_first_name=submitter["first_name"],
        )
        if on_submitted is not None:
            await on_submitted(submitted)
        return submitted


_NO_PROVIDER = SubmitReason(
    # A draft gets its provider with its first answer; this only guards rows made otherwise.
    Problem.PROVIDER_NOT_ACCREDITED,
    "Choose the accredited provider for this claim.",
)
