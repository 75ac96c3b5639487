"""A claim scope filters the console's and the provider's claim queries to some schools."""

from __future__ import annotations

from datetime import UTC, datetime

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scope_of
from db.queries.payments import payment_counts
from db.queries.provider_claims import find_provider_claims, provider_claim
from db.queries.support_claims import find_claims, support_claim
from domain.claim_search import ClaimSearch
from domain.provider_claim_search import ProviderClaimSearch
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, provider_id

SUBMITTED = datetime(2026, 6, 2, 10, tzinfo=UTC)


async def _claim() -> tuple[int, int, int, str]:
    school_id = await new_school(name="Scope Test School")
    mentor_id = await new_mentor(school_id)
    provider = await provider_id(0)
    claim_id = await new_claim(
        school_id,
        [(mentor_id, 10, "initial")],
        provider=provider,
        submitted_at=SUBMITTED,
        hourly_rate_pence=5370,
        amount_pence=53700,
    )
    claim = await support_claim(claim_id)
    assert claim is not None
    return school_id, claim_id, provider, claim.reference


def test_every_claim_adds_no_filter_and_no_schools_finds_nothing():
    assert EVERY_CLAIM.condition() == ("1 = 1", [])
    assert ClaimScope(()).condition() == ("1 = 0", [])
    assert ClaimScope((4, 9)).condition("school") == ("school IN ({}, {})", [4, 9])
    assert ClaimScope((4,)).allows(4) and not ClaimScope((4,)).allows(5)
    assert EVERY_CLAIM.allows(5)


def test_a_research_participants_row_gives_their_sessions_schools():
    assert scope_of({"research_session": None, "research_schools": None}) is EVERY_CLAIM
    assert scope_of({"research_session": 3, "research_schools": "[7, 8]"}) == ClaimScope((7, 8))
    assert scope_of({"research_session": 3, "research_schools": [7]}) == ClaimScope((7,))
    # A session still being built has no schools: it sees no claims.
    assert scope_of({"research_session": 3, "research_schools": "[]"}) == ClaimScope(())


def test_the_claim_queries_keep_to_the_scope(database):
    school_id, claim_id, provider, reference = run(_claim())
    search = ClaimSearch(reference=reference)
    inside, outside = ClaimScope((school_id,)), ClaimScope((school_id + 100_000,))

    for scope, found in ((EVERY_CLAIM, 1), (inside, 1), (outside, 0), (ClaimScope(()), 0)):
        assert run(find_claims(search, 1, 25, scope=scope))[1] == found
        assert (run(support_claim(claim_id, scope=scope)) is not None) == bool(found)
        assert (run(provider_claim(provider, claim_id, scope)) is not None) == bool(found)
        only_school = ProviderClaimSearch(school_id=school_id)
        rows, _ = run(find_provider_claims(provider, only_school, 1, 25, scope))
        assert (claim_id in {row.id for row in rows}) == bool(found)
    assert run(payment_counts(inside)).to_send == 1
    assert run(payment_counts(outside)).to_send == 0
