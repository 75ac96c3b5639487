from datetime import UTC, date, datetime

import pytest

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.funding import Region
from domain.hours import MentorAllowance, TrainingType
from domain.submission import (
    Accepted,
    AcceptedLine,
    Problem,
    ProposedClaim,
    ProposedLine,
    Rejected,
    SubmitFacts,
    SubmitReason,
    check_submission,
)
from domain.windows import ClaimWindow

Y24, Y25 = AcademicYear(2024), AcademicYear(2025)
SUMMER = ClaimWindow(date(2026, 5, 1), date(2026, 7, 17), Y25)
LAST_SECOND = datetime(2026, 7, 17, 22, 59, 59, tzinfo=UTC)  # 23:59:59 BST
AFTER_CLOSE = datetime(2026, 7, 17, 23, 0, 0, tzinfo=UTC)  # midnight BST
ADA, BOB = 1, 2


def initial(claimed=0, year=Y25, allowance=16):
    return MentorAllowance(TrainingType.INITIAL, year, allowance, claimed)


def refresher(claimed=0, year=Y25):
    return MentorAllowance(TrainingType.REFRESHER, year, 6, claimed)


def claim(*lines, status=ClaimStatus.DRAFT, year=Y25):
    return ProposedClaim(
        status=status,
        academic_year=year,
        provider_id=10,
        provider_name="Best Practice Network",
        lines=tuple(ProposedLine(mentor, name, hours) for mentor, name, hours in lines),
    )


def facts(
    allowances, now=LAST_SECOND, eligible=(Y25,), region=Region.REST_OF_ENGLAND, accredited=True
):
    return SubmitFacts(
        now=now,
        windows=(SUMMER,),
        eligible_years=frozenset(eligible),
        region=region,
        provider_accredited=accredited,
        allowances=allowances,
    )


def test_accepts_and_fixes_training_type_rate_and_amount():
    result = check_submission(
        claim((ADA, "Ada Lovelace", 16), (BOB, "Bob Smith", 6)),
        facts({ADA: initial(), BOB: refresher()}),
    )
    assert result == Accepted(
        window=SUMMER,
        lines=(
            AcceptedLine(ADA, 16, TrainingType.INITIAL),
            AcceptedLine(BOB, 6, TrainingType.REFRESHER),
        ),
        total_hours=22,
        hourly_rate_pence=4380,
        amount_pence=22 * 4380,
    )
    assert result.amount == "£963.60"


@pytest.mark.parametrize(
    ("hours", "region", "amount"),
    [
        # rules.md examples
        (16, Region.REST_OF_ENGLAND, "£700.80"),
        (16, Region.INNER_LONDON, "£857.60"),
    ],
)
def test_amounts_from_the_rules(hours, region, amount):
    result = check_submission(
        claim((ADA, "Ada Lovelace", hours)), facts({ADA: initial()}, region=region)
    )
    assert result.amount == amount


def test_twenty_hours_in_2024_to_2025_rest_of_england():
    september = ClaimWindow(date(2025, 9, 1), date(2025, 9, 30), Y24)
    result = check_submission(
        claim((ADA, "Ada Lovelace", 20), year=Y24),
        SubmitFacts(
            now=datetime(2025, 9, 30, 12, tzinfo=UTC),
            windows=(september, SUMMER),
            eligible_years={Y24},
            region=Region.REST_OF_ENGLAND,
            provider_accredited=True,
            allowances={ADA: initial(year=Y24, allowance=20)},
        ),
    )
    assert result.amount == "£876.00"


@pytest.mark.parametrize(
    ("hours", "allowance"),
    [
        (1, initial()),  # minimum
        (16, initial()),  # whole allowance
        (1, initial(claimed=15)),  # the last hour, another school took the rest
        (6, refresher()),
        (1, refresher(claimed=5)),
    ],
)
def test_accepted_at_the_boundaries(hours, allowance):
    result = check_submission(claim((ADA, "Ada Lovelace", hours)), facts({ADA: allowance}))
    assert isinstance(result, Accepted)


def reasons(result):
    assert isinstance(result, Rejected)
    return [(reason.problem, reason.message, reason.mentor_id) for reason in result.reasons]


@pytest.mark.parametrize(
    ("hours", "allowance", "problem", "message"),
    [
        (
            17,
            initial(),
            Problem.NOT_ENOUGH_HOURS_LEFT,
            (
                "Ada Lovelace has 16 hours left to claim with Best Practice Network for the academic "
                "year 2025 to 2026, but this claim has 17 hours. Change their hours to 16 or fewer."
            ),
        ),
        (
            2,
            initial(claimed=15),
            Problem.NOT_ENOUGH_HOURS_LEFT,
            (
                "Ada Lovelace has 1 hour left to claim with Best Practice Network for the academic "
                "year 2025 to 2026, but this claim has 2 hours. Change their hours to 1 or fewer."
            ),
        ),
        (
            7,
            refresher(),
            Problem.NOT_ENOUGH_HOURS_LEFT,
            (
                "Ada Lovelace has 6 hours left to claim with Best Practice Network for the academic "
                "year 2025 to 2026, but this claim has 7 hours. Change their hours to 6 or fewer."
            ),
        ),
        (
            1,
            initial(claimed=16),
            Problem.NO_HOURS_LEFT,
            (
                "Ada Lovelace has no hours left to claim with Best Practice Network for the academic "
                "year 2025 to 2026. Remove them from this claim."
            ),
        ),
        (
            0,
            initial(),
            Problem.HOURS_OUT_OF_RANGE,
            "Hours for Ada Lovelace must be between 1 and 16.",
        ),
        (
            0,
            initial(claimed=15),
            Problem.HOURS_OUT_OF_RANGE,
            "Hours for Ada Lovelace must be 1.",
        ),
    ],
)
def test_hours_rejected_at_the_boundaries(hours, allowance, problem, message):
    result = check_submission(claim((ADA, "Ada Lovelace", hours)), facts({ADA: allowance}))
    assert reasons(result) == [(problem, message, ADA)]


def test_window_closed_at_midnight_uk_time():
    result = check_submission(
        claim((ADA, "Ada Lovelace", 4)), facts({ADA: initial()}, now=AFTER_CLOSE)
    )
    assert reasons(result) == [
        (
            Problem.WINDOW_CLOSED,
            (
                "Claims for the academic year September 2025 to July 2026 closed at 11:59pm on "
                "Friday 17 July 2026."
            ),
            None,
        )
    ]


def test_open_window_for_another_year_does_not_take_the_claim():
    result = check_submission(
        claim((ADA, "Ada Lovelace", 4), year=Y24), facts({ADA: initial(year=Y24)}, eligible=[Y24])
    )
    assert reasons(result) == [
        (
            Problem.WINDOW_CLOSED,
            "Claims for the academic year September 2024 to July 2025 are not open.",
            None,
        )
    ]


def test_every_reason_is_given_at_once():
    result = check_submission(
        claim(
            (ADA, "Ada Lovelace", 10),
            (BOB, "Bob Smith", 7),
            (ADA, "Ada Lovelace", 1),
        ),
        facts(
            {ADA: initial(claimed=8), BOB: refresher()},
            now=AFTER_CLOSE,
            eligible=[],
            accredited=False,
        ),
    )
    assert result.problems == (
        Problem.WINDOW_CLOSED,
        Problem.NOT_ELIGIBLE,
        Problem.PROVIDER_NOT_ACCREDITED,
        Problem.NOT_ENOUGH_HOURS_LEFT,
        Problem.NOT_ENOUGH_HOURS_LEFT,
        Problem.MENTOR_TWICE,
    )
    messages = [reason.message for reason in result.reasons]
    assert messages[1] == (
        "Your school cannot claim for the academic year September 2025 to July 2026 because "
        "it is not recorded as hosting initial teacher training (ITT) placements that year."
    )
    assert messages[2] == (
        "Best Practice Network is not an accredited provider. Choose another provider."
    )
    assert messages[5] == "Ada Lovelace is on this claim more than once."


def test_a_claim_needs_a_mentor():
    assert reasons(check_submission(claim(), facts({}))) == [
        (Problem.NO_MENTORS, "Add at least one mentor to the claim.", None)
    ]


@pytest.mark.parametrize("status", [s for s in ClaimStatus if s is not ClaimStatus.DRAFT])
def test_only_a_draft_can_be_submitted(status):
    # A double-clicked submit finds the claim already submitted and writes nothing more.
    result = check_submission(claim((ADA, "Ada Lovelace", 4), status=status), facts({}))
    assert result == Rejected(
        (SubmitReason(Problem.ALREADY_SUBMITTED, "This claim has already been submitted."),)
    )


def test_no_cap_per_claim_or_on_the_number_of_mentors():
    mentors = range(100, 150)
    result = check_submission(
        claim(*((mentor, f"Mentor {mentor}", 16) for mentor in mentors)),
        facts({mentor: initial() for mentor in mentors}, region=Region.INNER_LONDON),
    )
    assert isinstance(result, Accepted)
    assert result.total_hours == 800
    assert result.amount == "£42,880.00"
