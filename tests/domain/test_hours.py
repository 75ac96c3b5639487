import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.academic_years import AcademicYear, NotConfirmed
from domain.claim_status import ClaimStatus
from domain.hours import (
    ClaimedHours,
    MentorAllowance,
    TrainingType,
    allowance_hours,
    format_hours,
    lines_by_mentor,
    mentor_allowance,
    remaining_hours,
    training_type,
)


@pytest.mark.parametrize(
    ("start_year", "initial", "refresher"),
    [
        # 20 hours per provider, with no initial/refresher split, until 2025 to 2026.
        (2023, 20, 20),
        (2024, 20, 20),
        (2025, 16, 6),
    ],
)
def test_allowance_by_year(start_year, initial, refresher):
    year = AcademicYear(start_year)
    assert allowance_hours(TrainingType.INITIAL, year) == initial
    assert allowance_hours(TrainingType.REFRESHER, year) == refresher


@pytest.mark.parametrize("start_year", [2022, 2026, 2027])
def test_no_allowance_for_a_year_without_confirmed_rules(start_year):
    # Before the grant, and from 2026 to 2027 on: "confirmed in due course", never carried on.
    for kind in TrainingType:
        with pytest.raises(NotConfirmed):
            allowance_hours(kind, AcademicYear(start_year))


def test_training_type_labels():
    assert TrainingType.INITIAL.label == "initial training"
    assert TrainingType.REFRESHER.label == "refresher training"


# Claimed lines for the remaining-hours and training-type tables below.
Y23, Y24, Y25 = AcademicYear(2023), AcademicYear(2024), AcademicYear(2025)
MENTOR, OTHER_MENTOR = 1, 2
PROVIDER, OTHER_PROVIDER = 10, 20


def line(claim_id, year, status, hours, mentor=MENTOR, provider=PROVIDER):
    return ClaimedHours(claim_id, mentor, provider, year, status, hours)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], TrainingType.INITIAL),
        ([line(1, Y24, ClaimStatus.SUBMITTED, 20)], TrainingType.REFRESHER),
        ([line(1, Y23, ClaimStatus.PAID, 1)], TrainingType.REFRESHER),
        # rejected later still counts as earlier training
        ([line(1, Y24, ClaimStatus.PAYMENT_NOT_APPROVED, 5)], TrainingType.REFRESHER),
        ([line(1, Y24, ClaimStatus.SAMPLING_NOT_APPROVED, 5)], TrainingType.REFRESHER),
        ([line(1, Y24, ClaimStatus.CLAWBACK_COMPLETE, 5)], TrainingType.REFRESHER),
        # a draft is not training that happened
        ([line(1, Y24, ClaimStatus.DRAFT, 5)], TrainingType.INITIAL),
        # the same year is not earlier
        ([line(1, Y25, ClaimStatus.PAID, 5)], TrainingType.INITIAL),
        # a later year is not earlier
        ([line(1, AcademicYear(2026), ClaimStatus.PAID, 5)], TrainingType.INITIAL),
        # another provider, or another mentor, does not count
        ([line(1, Y24, ClaimStatus.PAID, 5, provider=OTHER_PROVIDER)], TrainingType.INITIAL),
        ([line(1, Y24, ClaimStatus.PAID, 5, mentor=OTHER_MENTOR)], TrainingType.INITIAL),
    ],
)
def test_training_type(lines, expected):
    assert training_type(MENTOR, PROVIDER, Y25, lines) is expected


@pytest.mark.parametrize(
    ("lines", "editing", "training", "allowance", "claimed", "remaining"),
    [
        ([], None, TrainingType.INITIAL, 16, 0, 16),
        ([line(1, Y25, ClaimStatus.SUBMITTED, 1)], None, TrainingType.INITIAL, 16, 1, 15),
        ([line(1, Y25, ClaimStatus.SUBMITTED, 15)], None, TrainingType.INITIAL, 16, 15, 1),
        ([line(1, Y25, ClaimStatus.SUBMITTED, 16)], None, TrainingType.INITIAL, 16, 16, 0),
        # drafts count (another school's draft holds the hours)
        ([line(1, Y25, ClaimStatus.DRAFT, 10)], None, TrainingType.INITIAL, 16, 10, 6),
        ([line(1, Y25, ClaimStatus.PAID, 10)], None, TrainingType.INITIAL, 16, 10, 6),
        # rejected by the payer gives the hours back
        (
            [line(1, Y25, ClaimStatus.PAYMENT_NOT_APPROVED, 10)],
            None,
            TrainingType.INITIAL,
            16,
            0,
            16,
        ),
        # the claim being edited does not count against itself
        ([line(1, Y25, ClaimStatus.DRAFT, 10)], 1, TrainingType.INITIAL, 16, 0, 16),
        (
            [line(1, Y25, ClaimStatus.DRAFT, 10), line(2, Y25, ClaimStatus.SUBMITTED, 4)],
            1,
            TrainingType.INITIAL,
            16,
            4,
            12,
        ),
        # two schools share one mentor's allowance with the provider (claims 1 and 2)
        (
            [line(1, Y25, ClaimStatus.SUBMITTED, 8), line(2, Y25, ClaimStatus.SUBMITTED, 5)],
            None,
            TrainingType.INITIAL,
            16,
            13,
            3,
        ),
        # other years, providers and mentors do not count
        (
            [
                line(1, Y25, ClaimStatus.SUBMITTED, 8, provider=OTHER_PROVIDER),
                line(2, Y25, ClaimStatus.SUBMITTED, 8, mentor=OTHER_MENTOR),
                line(3, AcademicYear(2026), ClaimStatus.DRAFT, 8),
            ],
            None,
            TrainingType.INITIAL,
            16,
            0,
            16,
        ),
        # refresher: a non-draft claim last year with this provider
        ([line(1, Y24, ClaimStatus.PAID, 20)], None, TrainingType.REFRESHER, 6, 0, 6),
        (
            [line(1, Y24, ClaimStatus.PAID, 20), line(2, Y25, ClaimStatus.SUBMITTED, 5)],
            None,
            TrainingType.REFRESHER,
            6,
            5,
            1,
        ),
        (
            [line(1, Y24, ClaimStatus.PAID, 20), line(2, Y25, ClaimStatus.SUBMITTED, 6)],
            None,
            TrainingType.REFRESHER,
            6,
            6,
            0,
        ),
        # more claimed than allowed (say, data from before a limit fell) leaves 0, not less
        ([line(1, Y25, ClaimStatus.PAID, 20)], None, TrainingType.INITIAL, 16, 20, 0),
    ],
)
def test_remaining_hours_in_2025_to_2026(lines, editing, training, allowance, claimed, remaining):
    result = mentor_allowance(MENTOR, PROVIDER, Y25, lines, editing_claim_id=editing)
    assert result == MentorAllowance(training, Y25, allowance, claimed)
    assert result.remaining == remaining
    assert result.can_claim is (remaining > 0)
    assert remaining_hours(MENTOR, PROVIDER, Y25, lines, editing_claim_id=editing) == remaining


def test_remaining_hours_in_2024_to_2025_uses_that_years_limit():
    lines = [line(1, Y24, ClaimStatus.SUBMITTED, 19)]
    assert remaining_hours(MENTOR, PROVIDER, Y24, lines) == 1
    assert remaining_hours(MENTOR, PROVIDER, Y24, []) == 20


def test_lines_can_be_a_one_shot_iterator():
    lines = iter([line(1, Y24, ClaimStatus.PAID, 20), line(2, Y25, ClaimStatus.SUBMITTED, 5)])
    assert mentor_allowance(MENTOR, PROVIDER, Y25, lines).remaining == 1


@pytest.mark.parametrize(
    ("allowance", "hint"),
    [
        (
            MentorAllowance(TrainingType.INITIAL, Y25, 16, 0),
            "Up to 16 hours of initial training in the academic year 2025 to 2026.",
        ),
        (
            MentorAllowance(TrainingType.REFRESHER, Y25, 6, 5),
            (
                "Up to 6 hours of refresher training in the academic year 2025 to 2026."
                " 5 hours already claimed, 1 hour left."
            ),
        ),
        # 2023 to 2024 and 2024 to 2025: 20 hours per provider, initial or refresher alike.
        (
            MentorAllowance(TrainingType.INITIAL, Y24, 20, 1),
            (
                "Up to 20 hours of training in the academic year 2024 to 2025."
                " 1 hour already claimed, 19 hours left."
            ),
        ),
        (
            MentorAllowance(TrainingType.REFRESHER, Y24, 20, 0),
            "Up to 20 hours of training in the academic year 2024 to 2025.",
        ),
        (
            MentorAllowance(TrainingType.INITIAL, Y23, 20, 0),
            "Up to 20 hours of training in the academic year 2023 to 2024.",
        ),
    ],
)
def test_hint_quotes_the_years_numbers(allowance, hint):
    assert allowance.hint == hint


def test_format_hours():
    assert [format_hours(n) for n in (0, 1, 2, 16)] == ["0 hours", "1 hour", "2 hours", "16 hours"]


claimed_lines = st.lists(
    st.builds(
        ClaimedHours,
        claim_id=st.integers(1, 4),
        mentor_id=st.integers(1, 3),
        provider_id=st.integers(1, 2),
        academic_year=st.sampled_from([Y23, Y24, Y25]),
        status=st.sampled_from(list(ClaimStatus)),
        hours=st.integers(0, 20),
    ),
    max_size=12,
)


@given(claimed_lines, st.one_of(st.none(), st.integers(1, 4)))
def test_a_mentors_own_lines_decide_as_every_line_does(lines, editing):
    by_mentor = lines_by_mentor(lines)
    assert [line for own in by_mentor.values() for line in own] == sorted(
        lines, key=lambda line: list(by_mentor).index(line.mentor_id)
    )
    for mentor in (1, 2, 3):
        own = by_mentor.get(mentor, [])
        assert all(line.mentor_id == mentor for line in own)
        assert mentor_allowance(mentor, 1, Y25, own, editing) == mentor_allowance(
            mentor, 1, Y25, lines, editing
        )
