"""Who can start a claim, which providers can be chosen, and when a mentor can be removed."""

import enum
from collections.abc import Collection, Iterable
from datetime import datetime

import msgspec

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus, blocks_mentor_removal
from domain.windows import ClaimWindow, closed_messages, current_window


class StartBlocker(enum.Enum):
    """Why a school cannot start a claim now, in the order the claims page checks them."""

    NO_OPEN_WINDOW = "no_open_window"
    NOT_ELIGIBLE = "not_eligible"
    NO_MENTORS = "no_mentors"


class ClaimStart(msgspec.Struct, frozen=True):
    """Whether a school can start a claim now, the open window, and if not, why."""

    window: ClaimWindow | None
    blocker: StartBlocker | None = None
    messages: tuple[str, ...] = ()

    @property
    def can_start(self) -> bool:
        """Whether the Add claim button is offered."""
        return self.blocker is None

    @property
    def academic_year(self) -> AcademicYear | None:
        """The academic year a claim started now is for: the open window's year."""
        return self.window.academic_year if self.window else None


def is_eligible(eligible_years: Collection[AcademicYear], year: AcademicYear) -> bool:
    """Whether the school hosted ITT placements in the year (it has an eligibility record)."""
    return year in eligible_years


def not_eligible_message(year: AcademicYear) -> str:
    """Why a school cannot claim for a year it has no eligibility record for."""
    return (
        f"Your school cannot claim for the academic year {year.long_name} because it is not "
        "recorded as hosting initial teacher training (ITT) placements that year."
    )


# rules.md "Eligibility": placements come from providers' data in Register trainee teachers, and
# a school whose trainee withdrew is onboarded when its provider emails DfE.
DFE_FUNDING_EMAIL = "ittmentor.funding@education.gov.uk"
NOT_ELIGIBLE_NEXT_STEPS = (
    (
        "Ask your accredited provider to check your school's placement details in "
        "Register trainee teachers."
    ),
    (
        "If you trained a mentor for a trainee who then withdrew from their course, your "
        f"accredited provider can email {DFE_FUNDING_EMAIL} to ask for your school to be added."
    ),
)


NO_MENTORS_MESSAGE = "Before you can start a claim you need to add a mentor."


def claim_start(
    now: datetime,
    windows: Iterable[ClaimWindow],
    eligible_years: Collection[AcademicYear],
    mentor_count: int,
) -> ClaimStart:
    """Whether the school can start a claim at `now`, and what to tell it if not."""
    windows = tuple(windows)
    window = current_window(windows, now)
    if window is None:
        return ClaimStart(None, StartBlocker.NO_OPEN_WINDOW, closed_messages(windows, now))
    if not is_eligible(eligible_years, window.academic_year):
        return ClaimStart(
            window,
            StartBlocker.NOT_ELIGIBLE,
            (not_eligible_message(window.academic_year), *NOT_ELIGIBLE_NEXT_STEPS),
        )
    if mentor_count < 1:
        return ClaimStart(window, StartBlocker.NO_MENTORS, (NO_MENTORS_MESSAGE,))
    return ClaimStart(window)


def can_start_claim(
    now: datetime, windows: Iterable[ClaimWindow], eligible_years: Collection[AcademicYear]
) -> bool:
    """Whether a window is open and the school is eligible for its academic year."""
    window = current_window(windows, now)
    return window is not None and is_eligible(eligible_years, window.academic_year)


def provider_can_be_chosen(accredited: bool) -> bool:
    """Whether a provider can be claimed for: only accredited providers can."""
    return accredited


def mentor_removal_blocker(mentor_name: str, statuses: Iterable[ClaimStatus]) -> str | None:
    """Why the mentor cannot be removed, given the statuses of the school's claims they are on."""
    blocking = sorted(
        {status for status in statuses if blocks_mentor_removal(status)},
        key=lambda status: list(ClaimStatus).index(status),
    )
    if not blocking:
        return None
    kinds = " or ".join(status.label.lower() for status in blocking)
    return f"You cannot remove {mentor_name} because they are on a {kinds} claim."
