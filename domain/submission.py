"""The pure part of submitting a claim: re-check every rule against fresh facts."""

import enum
from collections.abc import Collection, Mapping
from datetime import datetime

import msgspec

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus, school_can_submit
from domain.eligibility import is_eligible, not_eligible_message, provider_can_be_chosen
from domain.funding import Region, amount_pence, format_money, hourly_rate_pence
from domain.hours import Id, MentorAllowance, TrainingType, format_hours
from domain.validation.hours_input import MINIMUM_HOURS, hours_range
from domain.windows import ClaimWindow, current_window, previous_window


class ProposedLine(msgspec.Struct, frozen=True):
    """A mentor and the hours the school answered for them."""

    mentor_id: Id
    mentor_name: str
    hours: int


class ProposedClaim(msgspec.Struct, frozen=True):
    """A claim as the school answered it, about to be submitted."""

    status: ClaimStatus
    academic_year: AcademicYear
    provider_id: Id
    provider_name: str
    lines: tuple[ProposedLine, ...]


class SubmitFacts(msgspec.Struct, frozen=True):
    """What is true now, read in the same transaction that will write the claim."""

    now: datetime
    windows: tuple[ClaimWindow, ...]
    eligible_years: Collection[AcademicYear]
    region: Region
    provider_accredited: bool
    # Each mentor's allowance with the claim's provider and year, not counting this claim;
    # every mentor on the claim must be here.
    allowances: Mapping[Id, MentorAllowance]


class Problem(enum.Enum):
    """A reason a claim cannot be submitted."""

    ALREADY_SUBMITTED = "already_submitted"
    WINDOW_CLOSED = "window_closed"
    NOT_ELIGIBLE = "not_eligible"
    PROVIDER_NOT_ACCREDITED = "provider_not_accredited"
    NO_MENTORS = "no_mentors"
    MENTOR_TWICE = "mentor_twice"
    HOURS_OUT_OF_RANGE = "hours_out_of_range"
    NO_HOURS_LEFT = "no_hours_left"
    NOT_ENOUGH_HOURS_LEFT = "not_enough_hours_left"


class SubmitReason(msgspec.Struct, frozen=True):
    """One reason, with the message for the "You cannot submit this claim" page."""

    problem: Problem
    message: str
    mentor_id: Id | None = None


class AcceptedLine(msgspec.Struct, frozen=True):
    """A mentor line to store, with its training type fixed at submission."""

    mentor_id: Id
    hours: int
    training_type: TrainingType


class Accepted(msgspec.Struct, frozen=True):
    """The claim can be submitted; store these values, fixed from now on."""

    window: ClaimWindow
    lines: tuple[AcceptedLine, ...]
    total_hours: int
    hourly_rate_pence: int
    amount_pence: int

    @property
    def amount(self) -> str:
        """The amount as money, like "£700.80"."""
        return format_money(self.amount_pence)


class Rejected(msgspec.Struct, frozen=True):
    """The claim cannot be submitted; nothing is written, and these are every reason why."""

    reasons: tuple[SubmitReason, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The kinds of reason, in the order they were found."""
        return tuple(reason.problem for reason in self.reasons)


def _window_reason(claim: ProposedClaim, facts: SubmitFacts) -> SubmitReason:
    year = claim.academic_year
    closed = previous_window(
        [window for window in facts.windows if window.academic_year == year], facts.now
    )
    if closed is not None:
        message = f"Claims for the academic year {year.long_name} closed at {closed.deadline}."
    else:
        message = f"Claims for the academic year {year.long_name} are not open."
    return SubmitReason(Problem.WINDOW_CLOSED, message)


def _line_reasons(
    claim: ProposedClaim, line: ProposedLine, allowance: MentorAllowance
) -> list[SubmitReason]:
    name, provider = line.mentor_name, claim.provider_name
    if allowance.remaining < MINIMUM_HOURS:
        return [
            SubmitReason(
                Problem.NO_HOURS_LEFT,
                f"{name} has no hours left to claim with {provider} for the academic year "
                f"{claim.academic_year.name}. Remove them from this claim.",
                line.mentor_id,
            )
        ]
    if line.hours > allowance.remaining:
        return [
            SubmitReason(
                Problem.NOT_ENOUGH_HOURS_LEFT,
                f"{name} has {format_hours(allowance.remaining)} left to claim with {provider} "
                f"for the academic year {claim.academic_year.name}, but this claim has "
                f"{format_hours(line.hours)}. Change their hours to {allowance.remaining} "
                "or fewer.",
                line.mentor_id,
            )
        ]
    if line.hours < MINIMUM_HOURS:
        return [
            SubmitReason(
                Problem.HOURS_OUT_OF_RANGE,
                f"Hours for {name} must be {hours_range(allowance.remaining)}.",
                line.mentor_id,
            )
        ]
    return []


def check_submission(claim: ProposedClaim, facts: SubmitFacts) -> Accepted | Rejected:
    """Accept the claim with the values to store, or give every reason it cannot be submitted."""
    if not school_can_submit(claim.status):
        return Rejected(
            (SubmitReason(Problem.ALREADY_SUBMITTED, "This claim has already been submitted."),)
        )
    reasons: list[SubmitReason] = []
    window = current_window(facts.windows, facts.now)
    if window is None or window.academic_year != claim.academic_year:
        reasons.append(_window_reason(claim, facts))
    if not is_eligible(facts.eligible_years, claim.academic_year):
        reasons.append(
            SubmitReason(Problem.NOT_ELIGIBLE, not_eligible_message(claim.academic_year))
        )
    if not provider_can_be_chosen(facts.provider_accredited):
        reasons.append(
            SubmitReason(
                Problem.PROVIDER_NOT_ACCREDITED,
                f"{claim.provider_name} is not an accredited provider. Choose another provider.",
            )
        )
    if not claim.lines:
        reasons.append(SubmitReason(Problem.NO_MENTORS, "Add at least one mentor to the claim."))
    seen: set[Id] = set()
    for line in claim.lines:
        if line.mentor_id in seen:
            reasons.append(
                SubmitReason(
                    Problem.MENTOR_TWICE,
                    f"{line.mentor_name} is on this claim more than once.",
                    line.mentor_id,
                )
            )
            continue
        seen.add(line.mentor_id)
        reasons.extend(_line_reasons(claim, line, facts.allowances[line.mentor_id]))
    if reasons or window is None:
        return Rejected(tuple(reasons))

    rate = hourly_rate_pence(facts.region, claim.academic_year)
    total = sum(line.hours for line in claim.lines)
    return Accepted(
        window=window,
        lines=tuple(
            AcceptedLine(line.mentor_id, line.hours, facts.allowances[line.mentor_id].training_type)
            for line in claim.lines
        ),
        total_hours=total,
        hourly_rate_pence=rate,
        amount_pence=amount_pence(rate, total),
    )
