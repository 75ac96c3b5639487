"""Hour limits, training type and the hours a mentor has left with a provider."""

import enum
import uuid
from collections.abc import Iterable, Mapping

import msgspec

from domain.academic_years import AcademicYear, confirmed
from domain.claim_status import ClaimStatus, counts_as_earlier_training, counts_towards_hours

# Whatever the database uses to identify claims, mentors and providers.
Id = int | str | uuid.UUID


class TrainingType(enum.Enum):
    """Whether a mentor is on initial or refresher training with a provider."""

    INITIAL = "initial"
    REFRESHER = "refresher"

    @property
    def label(self) -> str:
        """The words used in hints, like "initial training"."""
        return f"{self.value} training"


# Hours per mentor, per provider, per academic year (rules.md, "Hour limits"). Until 2025 to
# 2026 the guidance gave 20 hours per provider with no initial/refresher split. A year missing
# here is not confirmed: adding one is a reviewed change, with its rates in domain/funding.py.
_TWENTY_HOURS_PER_PROVIDER = {TrainingType.INITIAL: 20, TrainingType.REFRESHER: 20}
ALLOWANCE_HOURS: Mapping[AcademicYear, Mapping[TrainingType, int]] = {
    AcademicYear(2023): _TWENTY_HOURS_PER_PROVIDER,
    AcademicYear(2024): _TWENTY_HOURS_PER_PROVIDER,
    AcademicYear(2025): {TrainingType.INITIAL: 16, TrainingType.REFRESHER: 6},
}


def allowance_hours(training_type: TrainingType, year: AcademicYear) -> int:
    """The most hours a mentor can be claimed for with one provider in an academic year.

    Raises NotConfirmed for a year whose limits the guidance has not confirmed.
    """
    return confirmed(ALLOWANCE_HOURS, year)[training_type]


def tells_training_types_apart(year: AcademicYear) -> bool:
    """Whether the year's limits differ for initial and refresher training (from 2025 to 2026)."""
    limits = confirmed(ALLOWANCE_HOURS, year)
    return limits[TrainingType.INITIAL] != limits[TrainingType.REFRESHER]


class ClaimedHours(msgspec.Struct, frozen=True):
    """One mentor's hours with one provider on one claim, as loaded from storage."""

    claim_id: Id
    mentor_id: Id
    provider_id: Id
    academic_year: AcademicYear
    status: ClaimStatus
    hours: int


class MentorAllowance(msgspec.Struct, frozen=True):
    """A mentor's allowance with a provider for an academic year, and what is left of it."""

    training_type: TrainingType
    academic_year: AcademicYear
    allowance: int
    claimed: int

    @property
    def remaining(self) -> int:
        """Hours still claimable; never below 0, even if earlier claims went over."""
        return max(0, self.allowance - self.claimed)

    @property
    def training(self) -> str:
        """ "initial training" or "refresher training"; "training" in a year without the split."""
        if tells_training_types_apart(self.academic_year):
            return self.training_type.label
        return "training"

    @property
    def hint(self) -> str:
        """What the mentor can claim, like "Up to 16 hours of initial training in 2025 to 2026."."""
        text = (
            f"Up to {format_hours(self.allowance)} of {self.training} "
            f"in the academic year {self.academic_year.name}."
        )
        if self.claimed:
            text += (
                f" {format_hours(self.claimed)} already claimed,"
                f" {format_hours(self.remaining)} left."
            )
        return text

    @property
    def can_claim(self) -> bool:
        """Whether the mentor can be put on a claim with this provider this year."""
        return self.remaining > 0


def format_hours(hours: int) -> str:
    """A number of hours in words, like "1 hour" or "16 hours"."""
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


def training_type(
    mentor_id: Id, provider_id: Id, year: AcademicYear, lines: Iterable[ClaimedHours]
) -> TrainingType:
    """Refresher if a non-draft claim in an earlier year has the mentor with this provider."""
    for line in lines:
        if (
            line.mentor_id == mentor_id
            and line.provider_id == provider_id
            and line.academic_year < year
            and counts_as_earlier_training(line.status)
        ):
            return TrainingType.REFRESHER
    return TrainingType.INITIAL


def claimed_hours(
    mentor_id: Id,
    provider_id: Id,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    editing_claim_id: Id | None = None,
) -> int:
    """Hours already claimed for a mentor with a provider in a year, by any school."""
    return sum(
        line.hours
        for line in lines
        if line.mentor_id == mentor_id
        and line.provider_id == provider_id
        and line.academic_year == year
        and counts_towards_hours(line.status)
        and (editing_claim_id is None or line.claim_id != editing_claim_id)
    )


def lines_by_mentor(lines: Iterable[ClaimedHours]) -> dict[Id, list[ClaimedHours]]:
    """Each mentor's lines, in their order.

    Every rule here reads one mentor's lines: given them alone, a school's mentors are checked in
    time that grows with its history, not with the history times the number of mentors.
    """
    by_mentor: dict[Id, list[ClaimedHours]] = {}
    for line in lines:
        by_mentor.setdefault(line.mentor_id, []).append(line)
    return by_mentor


def mentor_allowance(
    mentor_id: Id,
    provider_id: Id,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    editing_claim_id: Id | None = None,
) -> MentorAllowance:
    """The mentor's training type, allowance and hours claimed, from every claimed line given.

    Pass the mentor's lines with the provider from every academic year up to `year`: earlier
    years decide the training type, `year` decides the hours used.
    """
    lines = tuple(lines)
    kind = training_type(mentor_id, provider_id, year, lines)
    return MentorAllowance(
        training_type=kind,
        academic_year=year,
        allowance=allowance_hours(kind, year),
        claimed=claimed_hours(mentor_id, provider_id, year, lines, editing_claim_id),
    )


def remaining_hours(
    mentor_id: Id,
    provider_id: Id,
    year: AcademicYear,
    lines: Iterable[ClaimedHours],
    editing_claim_id: Id | None = None,
) -> int:
    """The hours a mentor can still be claimed for with a provider in a year."""
    return mentor_allowance(mentor_id, provider_id, year, lines, editing_claim_id).remaining


class MentorOption(msgspec.Struct, frozen=True):
    """One of the school's mentors and their allowance with the claim's provider."""

    mentor_id: int
    first_name: str
    last_name: str
    trn: str
    allowance: MentorAllowance

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"
