"""The trust view's counts on the real database: each school's claims and mentors' hours left."""

from __future__ import annotations

import pytest

from db.queries.trust_view import school_summaries
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

pytestmark = pytest.mark.db

YEAR = AcademicYear(2025)


async def _case(lines: list[tuple[str, int, int, ClaimStatus]], provider_count: int = 2) -> dict:
    """One school of a new user with one mentor, and claims (school, provider, year, status,
    hours) for that mentor at it or at another school; the school's summary."""
    own, other = await new_school("Hours Left School"), await new_school("Elsewhere School")
    user, _ = await new_user(own)
    mentor = await new_mentor(own, other)
    providers = [await provider_id(index) for index in range(provider_count)]
    for where, provider, year, status, hours in lines:
        await new_claim(
            own if where == "own" else other,
            [(mentor, hours)],
            provider=providers[provider],
            year=year,
            status=status,
            amount_pence=None if status is ClaimStatus.DRAFT else hours * 4380,
        )
    [summary] = await school_summaries(user, YEAR)
    return summary


SUBMITTED, DRAFT = ClaimStatus.SUBMITTED, ClaimStatus.DRAFT
REJECTED = ClaimStatus.PAYMENT_NOT_APPROVED


@pytest.mark.parametrize(
    ("lines", "has_hours_left"),
    [
        # Nothing claimed this year: the whole allowance is left.
        ([], True),
        ([("own", 0, 2024, SUBMITTED, 20)], True),
        # 16 hours of initial training is the whole 2025 to 2026 allowance.
        ([("own", 0, 2025, SUBMITTED, 15)], True),
        ([("own", 0, 2025, SUBMITTED, 16)], False),
        # Drafts hold hours; the payer's rejection gives them back.
        ([("own", 0, 2025, DRAFT, 16)], False),
        ([("own", 0, 2025, REJECTED, 16)], True),
        # The allowance is the mentor's: another school of any trust uses it up too.
        ([("other", 0, 2025, SUBMITTED, 16)], False),
        # Trained with the provider last year: a refresher, 6 hours.
        ([("other", 0, 2024, SUBMITTED, 4), ("own", 0, 2025, SUBMITTED, 6)], False),
        ([("other", 0, 2024, SUBMITTED, 4), ("own", 0, 2025, SUBMITTED, 5)], True),
        # A draft last year is no earlier training.
        ([("other", 0, 2024, DRAFT, 4), ("own", 0, 2025, SUBMITTED, 6)], True),
        # Hours left with any provider the mentor trains with this year.
        ([("own", 0, 2025, SUBMITTED, 16), ("own", 1, 2025, SUBMITTED, 3)], True),
        ([("own", 0, 2025, SUBMITTED, 16), ("own", 1, 2025, SUBMITTED, 16)], False),
    ],
)
def test_a_mentor_has_hours_left_until_every_provider_this_year_is_used_up(
    database, lines, has_hours_left
):
    summary = run(_case(lines))

    assert summary.mentors == 1
    assert summary.mentors_with_hours_left == (1 if has_hours_left else 0)


def test_only_the_schools_own_claims_of_the_year_are_counted(database):
    summary = run(
        _case(
            [
                ("own", 0, 2025, DRAFT, 2),
                ("own", 1, 2025, DRAFT, 2),
                ("own", 0, 2025, SUBMITTED, 3),
                ("own", 1, 2025, ClaimStatus.PAID, 4),
                ("own", 1, 2025, REJECTED, 5),
                ("own", 0, 2024, SUBMITTED, 6),
                ("other", 0, 2025, SUBMITTED, 7),
            ]
        )
    )

    assert (summary.drafts, summary.submitted, summary.amount_pence) == (2, 2, 7 * 4380)
    assert summary.eligible and summary.conditions_accepted
    assert summary.draft_id is not None
