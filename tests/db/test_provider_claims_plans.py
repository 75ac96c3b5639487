"""A provider's claim queries read claims through indexes, so its pages stay quick as claims grow."""

from __future__ import annotations

import asyncio

import pytest

from db.queries import provider_claims
from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.tables import Claim
from domain.academic_years import AcademicYear
from domain.provider_claim_search import ProviderClaimSearch


def _plan(query: str, *values) -> list[str]:
    async def explain() -> list[dict]:
        return await Claim.raw("EXPLAIN QUERY PLAN " + query, *values)

    return [str(row["detail"]) for row in asyncio.run(explain())]


@pytest.fixture
def sqlite(database):
    if Claim._meta.db.engine_type != "sqlite":
        pytest.skip("SQLite's plans: PostgreSQL's depend on table sizes")


@pytest.mark.parametrize(
    "search", [ProviderClaimSearch(), ProviderClaimSearch(academic_year=AcademicYear(2025))]
)
def test_the_newest_first_list_walks_the_providers_index_without_sorting(sqlite, search):
    where, values = provider_claims._where(1, search, EVERY_CLAIM)
    sql = provider_claims._LIST.format(where=where, limit="{}", offset="{}")
    plan = _plan(sql, *values, *values, 25, 0)
    assert any("USING INDEX claim_provider_submitted_at" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan


def test_a_claim_the_options_and_a_download_batch_never_scan_the_claims(sqlite):
    where, values = provider_claims._where(1, ProviderClaimSearch(), EVERY_CLAIM)
    queries = [
        (scoped(provider_claims._CLAIM, EVERY_CLAIM)[0], (1, 1)),
        (scoped(provider_claims._OPTIONS, EVERY_CLAIM)[0], (1, 1)),
        (scoped(provider_claims._CLAIM, ClaimScope((1, 2)))[0], (1, 1, 1, 2)),
        (scoped(provider_claims._OPTIONS, ClaimScope((1, 2)))[0], (1, 1, 2, 1, 1, 2)),
        (provider_claims._CSV.format(where=where), (*values, 2**31 - 1, 500)),
        (provider_claims._MENTORS.format(ids="{}, {}"), (1, 2)),
    ]
    for query, args in queries:
        plan = _plan(query, *args)
        # Schools and years are read by their primary keys; claims only through an index.
        scans = [line for line in plan if line.startswith("SCAN") and " USING " not in line]
        assert not scans, (query, plan)
