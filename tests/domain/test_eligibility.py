from datetime import UTC, date, datetime

import pytest

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.eligibility import (
    ClaimStart,
    StartBlocker,
    can_start_claim,
    claim_start,
    is_eligible,
    mentor_removal_blocker,
    provider_can_be_chosen,
)
from domain.windows import ClaimWindow

Y24, Y25 = AcademicYear(2024), AcademicYear(2025)
# A September window takes claims for the year that has just ended.
SEPTEMBER = ClaimWindow(date(2025, 9, 1), date(2025, 9, 30), Y24)
SUMMER = ClaimWindow(date(2026, 5, 1), date(2026, 7, 17), Y25)
WINDOWS = [SEPTEMBER, SUMMER]
IN_SEPTEMBER = datetime(2025, 9, 10, 12, tzinfo=UTC)
IN_SUMMER = datetime(2026, 6, 1, 12, tzinfo=UTC)
BETWEEN = datetime(2026, 1, 10, 12, tzinfo=UTC)


def test_eligible_school_with_mentors_in_an_open_window_can_start():
    start = claim_start(IN_SUMMER, WINDOWS, {Y25}, mentor_count=1)
    assert start == ClaimStart(SUMMER)
    assert start.can_start
    assert start.academic_year == Y25


def test_the_claim_is_for_the_windows_year_not_the_calendar_year():
    start = claim_start(IN_SEPTEMBER, WINDOWS, {Y24}, mentor_count=3)
    assert start.can_start
    assert start.academic_year == Y24
    # eligible only for the year the date falls in, not the window's year
    assert not claim_start(IN_SEPTEMBER, WINDOWS, {Y25}, mentor_count=3).can_start


def test_no_open_window():
    start = claim_start(BETWEEN, WINDOWS, {Y24, Y25}, mentor_count=1)
    assert start.blocker is StartBlocker.NO_OPEN_WINDOW
    assert not start.can_start
    assert start.academic_year is None
    assert start.messages == (
        (
            "Claims for the academic year September 2024 to July 2025 closed at 11:59pm on "
            "Tuesday 30 September 2025."
        ),
        (
            "You can submit claims for the academic year September 2025 to July 2026 from "
            "Friday 1 May 2026."
        ),
    )


def test_not_eligible_for_the_windows_year():
    start = claim_start(IN_SUMMER, WINDOWS, {Y24}, mentor_count=1)
    assert start.blocker is StartBlocker.NOT_ELIGIBLE
    assert start.window == SUMMER
    assert start.messages == (
        (
            "Your school cannot claim for the academic year September 2025 to July 2026 because "
            "it is not recorded as hosting initial teacher training (ITT) placements that year."
        ),
        (
            "Ask your accredited provider to check your school's placement details in "
            "Register trainee teachers."
        ),
        (
            "If you trained a mentor for a trainee who then withdrew from their course, your "
            "accredited provider can email ittmentor.funding@education.gov.uk to ask for your "
            "school to be added."
        ),
    )


def test_no_mentors_yet():
    start = claim_start(IN_SUMMER, WINDOWS, {Y25}, mentor_count=0)
    assert start.blocker is StartBlocker.NO_MENTORS
    assert start.messages == ("Before you can start a claim you need to add a mentor.",)


@pytest.mark.parametrize(
    ("now", "years", "expected"),
    [
        (IN_SUMMER, {Y25}, True),
        (IN_SUMMER, {Y24}, False),
        (IN_SUMMER, set(), False),
        (BETWEEN, {Y24, Y25}, False),
        (IN_SEPTEMBER, {Y24}, True),
    ],
)
def test_can_start_claim(now, years, expected):
    assert can_start_claim(now, WINDOWS, years) is expected


def test_is_eligible():
    assert is_eligible({Y24, Y25}, Y25)
    assert not is_eligible({Y24}, Y25)


def test_only_accredited_providers_can_be_chosen():
    assert provider_can_be_chosen(True)
    assert not provider_can_be_chosen(False)


@pytest.mark.parametrize(
    ("statuses", "message"),
    [
        ([], None),
        ([ClaimStatus.PAID, ClaimStatus.PAYMENT_NOT_APPROVED], None),
        ([ClaimStatus.DRAFT], "You cannot remove Ada Lovelace because they are on a draft claim."),
        (
            [ClaimStatus.SUBMITTED, ClaimStatus.PAID],
            "You cannot remove Ada Lovelace because they are on a submitted claim.",
        ),
        (
            [ClaimStatus.SUBMITTED, ClaimStatus.DRAFT, ClaimStatus.DRAFT],
            "You cannot remove Ada Lovelace because they are on a draft or submitted claim.",
        ),
    ],
)
def test_mentor_removal(statuses, message):
    assert mentor_removal_blocker("Ada Lovelace", statuses) == message
