"""Whatever claims schools make, in whatever order, no mentor goes over an allowance."""

from collections import defaultdict
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.funding import Region
from domain.hours import ClaimedHours, allowance_hours, mentor_allowance, training_type
from domain.submission import Accepted, ProposedClaim, ProposedLine, SubmitFacts, check_submission
from domain.windows import ClaimWindow

YEAR = AcademicYear(2025)
WINDOW = ClaimWindow(date(2026, 5, 1), date(2026, 7, 17), YEAR)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
MENTORS = (1, 2, 3)
PROVIDERS = (10, 20)

# Earlier-year claims decide who is on refresher training.
history = st.lists(
    st.builds(
        ClaimedHours,
        claim_id=st.integers(1000, 1999),
        mentor_id=st.sampled_from(MENTORS),
        provider_id=st.sampled_from(PROVIDERS),
        academic_year=st.sampled_from([AcademicYear(2023), AcademicYear(2024)]),
        status=st.sampled_from(ClaimStatus),
        hours=st.integers(1, 20),
    ),
    max_size=4,
)
mentor_hours = st.lists(
    st.tuples(st.sampled_from(MENTORS), st.integers(-1, 20)), min_size=1, max_size=3
)
action = st.one_of(
    st.tuples(st.just("submit"), st.sampled_from(PROVIDERS), mentor_hours),
    st.tuples(st.just("draft"), st.sampled_from(PROVIDERS), mentor_hours),
    st.tuples(st.just("submit draft"), st.integers(0, 30)),
    st.tuples(st.just("payer rejects"), st.integers(0, 30)),
)


def facts(lines, provider, mentors, editing=None):
    return SubmitFacts(
        now=NOW,
        windows=(WINDOW,),
        eligible_years={YEAR},
        region=Region.FRINGE,
        provider_accredited=True,
        allowances={
            mentor: mentor_allowance(mentor, provider, YEAR, lines, editing_claim_id=editing)
            for mentor in mentors
        },
    )


def proposal(status, provider, pairs):
    return ProposedClaim(
        status=status,
        academic_year=YEAR,
        provider_id=provider,
        provider_name=f"Provider {provider}",
        lines=tuple(ProposedLine(mentor, f"Mentor {mentor}", hours) for mentor, hours in pairs),
    )


@settings(max_examples=300)
@given(history, st.lists(action, max_size=25))
def test_hours_never_exceed_the_allowance(earlier, actions):
    lines = list(earlier)
    claims = {}  # claim id -> (status, provider, pairs)

    def store(claim_id, status, provider, pairs):
        claims[claim_id] = (status, provider, pairs)
        lines[:] = [line for line in lines if line.claim_id != claim_id]
        lines.extend(
            ClaimedHours(claim_id, mentor, provider, YEAR, status, hours) for mentor, hours in pairs
        )

    for step in actions:
        if step[0] == "submit":
            _, provider, pairs = step
            result = check_submission(
                proposal(ClaimStatus.DRAFT, provider, pairs),
                facts(lines, provider, [mentor for mentor, _ in pairs]),
            )
            if isinstance(result, Accepted):
                store(len(claims), ClaimStatus.SUBMITTED, provider, pairs)
        elif step[0] == "draft":
            # The journey only keeps hours the mentor had left when they were answered.
            _, provider, pairs = step
            current = facts(lines, provider, [mentor for mentor, _ in pairs])
            if len({m for m, _ in pairs}) == len(pairs) and all(
                1 <= hours <= current.allowances[mentor].remaining for mentor, hours in pairs
            ):
                store(len(claims), ClaimStatus.DRAFT, provider, pairs)
        elif step[1] in claims:
            claim_id = step[1]
            status, provider, pairs = claims[claim_id]
            if step[0] == "payer rejects" and status is ClaimStatus.SUBMITTED:
                store(claim_id, ClaimStatus.PAYMENT_NOT_APPROVED, provider, pairs)
            elif step[0] == "submit draft":
                result = check_submission(
                    proposal(status, provider, pairs),
                    facts(lines, provider, [mentor for mentor, _ in pairs], editing=claim_id),
                )
                if isinstance(result, Accepted):
                    store(claim_id, ClaimStatus.SUBMITTED, provider, pairs)

        # rules.md: drafts and submitted or paid claims hold hours; rejected by the payer frees them.
        used = defaultdict(int)
        for line in lines:
            if line.academic_year == YEAR and line.status is not ClaimStatus.PAYMENT_NOT_APPROVED:
                used[line.mentor_id, line.provider_id] += line.hours
        for (mentor, provider), hours in used.items():
            kind = training_type(mentor, provider, YEAR, lines)
            assert hours <= allowance_hours(kind, YEAR)
            assert mentor_allowance(mentor, provider, YEAR, lines).remaining == (
                allowance_hours(kind, YEAR) - hours
            )
