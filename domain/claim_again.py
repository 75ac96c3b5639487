"""Which mentors a claim can be made for again with a provider, and why the others cannot."""

from collections.abc import Collection, Iterable, Mapping
from datetime import date

import msgspec

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus, counts_towards_hours
from domain.hours import (
    ClaimedHours,
    Id,
    MentorAllowance,
    MentorOption,
    format_hours,
    lines_by_mentor,
    mentor_allowance,
)


class ClaimSeen(msgspec.Struct, frozen=True):
    """The claim a line of hours is on, as far as naming it to a user goes."""

    reference: str
    school_id: Id
    school_name: str


class Mentor(msgspec.Struct, frozen=True):
    """One of the school's mentors, as the mentors question lists them."""

    mentor_id: int
    first_name: str
    last_name: str
    trn: str

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class History(msgspec.Struct, frozen=True):
    """The school's mentors, every school's lines for them with one provider, and the claims
    those lines are on that the user may be told of (their own school's, or a school they see)."""

    mentors: tuple[Mentor, ...]
    lines: tuple[ClaimedHours, ...]
    claims: dict[Id, ClaimSeen]
    visible_school_ids: frozenset[Id]


class Offered(msgspec.Struct, frozen=True):
    """A mentor who can be claimed for with the provider, and their allowance."""

    mentor_id: Id
    name: str
    allowance: MentorAllowance


class NotOffered(msgspec.Struct, frozen=True):
    """A mentor who cannot be claimed for with the provider, and the sentence that says why."""

    mentor_id: Id
    name: str
    reason: str


def _used_by(
    mentor_id: Id,
    provider_id: Id,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    claims: Mapping[Id, ClaimSeen],
    visible_school_ids: Collection[Id],
    editing_claim_id: Id | None,
) -> str:
    uses = []
    for line in lines:
        if (
            line.claim_id == editing_claim_id
            or line.mentor_id != mentor_id
            or line.provider_id != provider_id
            or line.academic_year != year
            or not line.hours
            or not counts_towards_hours(line.status)
        ):
            continue
        claim = claims.get(line.claim_id)
        # A claim of a school the user cannot see is never named: that would leak it.
        if claim is not None and claim.school_id in visible_school_ids:
            uses.append(
                f"{format_hours(line.hours)} on claim {claim.reference} ({claim.school_name})"
            )
        else:
            uses.append(f"{format_hours(line.hours)} by another school")
    return "; ".join(uses)


def partition(
    mentors: Iterable[tuple[Id, str]],
    provider_id: Id,
    provider_name: str,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    claims: Mapping[Id, ClaimSeen],
    visible_school_ids: Collection[Id],
    editing_claim_id: Id | None = None,
) -> tuple[tuple[Offered, ...], tuple[NotOffered, ...]]:
    """The mentors with hours left with the provider in the year, and the rest with the reason."""
    lines_of = lines_by_mentor(lines)
    offered, not_offered = [], []
    for mentor_id, name in mentors:
        own = lines_of.get(mentor_id, [])
        allowance = mentor_allowance(mentor_id, provider_id, year, own, editing_claim_id)
        if allowance.can_claim:
            offered.append(Offered(mentor_id, name, allowance))
            continue
        used = _used_by(
            mentor_id, provider_id, year, own, claims, visible_school_ids, editing_claim_id
        )
        reason = (
            f"{name} has no hours left with {provider_name} in the academic year {year.name}: "
            f"all {format_hours(allowance.allowance)} of {allowance.training} "
            "have been claimed"
        )
        not_offered.append(
            NotOffered(mentor_id, name, f"{reason} ({used})." if used else f"{reason}.")
        )
    return tuple(offered), tuple(not_offered)


def mentor_choices(
    history: History,
    provider_id: Id,
    provider_name: str,
    year: AcademicYear,
    editing_claim_id: Id | None = None,
) -> tuple[tuple[MentorOption, ...], tuple[NotOffered, ...]]:
    """The school's mentors offered for a claim with the provider, and the rest with the reason."""
    offered, not_offered = partition(
        ((mentor.mentor_id, mentor.name) for mentor in history.mentors),
        provider_id,
        provider_name,
        year,
        history.lines,
        history.claims,
        history.visible_school_ids,
        editing_claim_id,
    )
    mentors = {mentor.mentor_id: mentor for mentor in history.mentors}
    return (
        tuple(
            MentorOption(
                mentor_id=each.mentor_id,
                first_name=mentors[each.mentor_id].first_name,
                last_name=mentors[each.mentor_id].last_name,
                trn=mentors[each.mentor_id].trn,
                allowance=each.allowance,
            )
            for each in offered
        ),
        not_offered,
    )


def allowances_by_provider(
    mentor_id: Id,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    provider_names: Mapping[Id, str],
) -> tuple[tuple[str, MentorAllowance], ...]:
    """The mentor's hours used and left with each provider they have claims with in the year."""
    lines = tuple(line for line in lines if line.mentor_id == mentor_id)
    providers = {line.provider_id for line in lines if line.academic_year == year}
    return tuple(
        sorted(
            (
                (provider_names[provider], mentor_allowance(mentor_id, provider, year, lines))
                for provider in providers
            ),
            key=lambda pair: pair[0],
        )
    )


def used_and_left(allowance: MentorAllowance) -> str:
    """Hours used and left, like "10 hours used, 6 hours left of 16 hours of initial training"."""
    return (
        f"{format_hours(allowance.claimed)} used, {format_hours(allowance.remaining)} left"
        f" of {format_hours(allowance.allowance)} of {allowance.training}"
    )


def no_longer_mentors(
    mentors: Iterable[tuple[Id, str, bool]], school_name: str
) -> tuple[NotOffered, ...]:
    """The claim's mentors the school no longer holds, each with the sentence that says so."""
    return tuple(
        NotOffered(
            mentor_id,
            name,
            f"{name} is no longer one of {school_name}’s mentors: add them again to claim for them.",
        )
        for mentor_id, name, at_school in mentors
        if not at_school
    )


def fresh_draft(
    drafts: Mapping[Id, Mapping[Id, int | None]], mentor_ids: Collection[Id]
) -> Id | None:
    """A draft just started for exactly these mentors (no hours answered yet), if there is one.

    Claiming again twice (a double-clicked button, a second tab) continues that draft rather
    than starting another.
    """
    wanted = set(mentor_ids)
    for claim_id, lines in drafts.items():
        if set(lines) == wanted and all(hours is None for hours in lines.values()):
            return claim_id
    return None


def is_earlier_claim(
    claim_year: AcademicYear,
    submitted_on: date | None,
    window_year: AcademicYear,
    window_starts_on: date,
) -> bool:
    """Whether a submitted claim is of an academic year or claim window before the open one."""
    if submitted_on is None:
        # A draft is continued, not claimed again.
        return False
    return claim_year < window_year or submitted_on < window_starts_on


class ClaimOnList(msgspec.Struct, frozen=True):
    """One of the school's claims with its provider and mentors, as the claims list reads it."""

    claim_id: Id
    reference: str
    status: ClaimStatus
    academic_year: AcademicYear
    provider_id: Id | None
    provider_name: str
    # Whether the provider can still be claimed for (it is accredited).
    provider_open: bool
    # (mentor id, name, whether the school still holds the mentor).
    mentors: tuple[tuple[Id, str, bool], ...]


class HoursLeft(msgspec.Struct, frozen=True):
    """A submitted claim whose mentors still have hours with its provider this year."""

    claim_id: Id
    reference: str
    provider_name: str
    mentors: tuple[Offered, ...]


def hours_left(
    claims: Iterable[ClaimOnList], year: AcademicYear, lines: Iterable[ClaimedHours]
) -> tuple[HoursLeft, ...]:
    """The year's submitted claims whose mentors can be claimed for again with the provider.

    A provider the school already has a draft with this year is left out: that draft is where
    the hours go.
    """
    claims, lines = tuple(claims), tuple(lines)
    drafting = {
        claim.provider_id
        for claim in claims
        if claim.status is ClaimStatus.DRAFT and claim.academic_year == year
    }
    found = []
    for claim in claims:
        if (
            claim.status is ClaimStatus.DRAFT
            or claim.academic_year != year
            or claim.provider_id is None
            or not claim.provider_open
            or claim.provider_id in drafting
        ):
            continue
        held = [(mentor_id, name) for mentor_id, name, at_school in claim.mentors if at_school]
        offered, _ = partition(held, claim.provider_id, claim.provider_name, year, lines, {}, ())
        if offered:
            found.append(HoursLeft(claim.claim_id, claim.reference, claim.provider_name, offered))
    return tuple(found)


def provider_closed(provider_name: str | None) -> tuple[str, ...]:
    """Why a claim cannot be made again with a provider no longer accredited, and what to do."""
    provider = provider_name or "The provider of this claim"
    return (
        f"{provider} is no longer an accredited provider, so it cannot be claimed for.",
        "To claim for these mentors with another provider, add a claim.",
    )
