"""The console's claim queries read claims through indexes, so its pages stay quick at 100,000 claims."""

from __future__ import annotations

import asyncio

import pytest

from db.queries import support_claims
from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.tables import Claim
from domain.claim_search import ClaimSearch


def _plan(query: str, *values) -> list[str]:
    async def explain() -> list[dict]:
        return await Claim.raw("EXPLAIN QUERY PLAN " + query, *values)

    return [str(row["detail"]) for row in asyncio.run(explain())]


@pytest.fixture
def sqlite(database):
    if Claim._meta.db.engine_type != "sqlite":
        pytest.skip("SQLite's plans: PostgreSQL's depend on table sizes")


def test_the_newest_first_list_walks_the_submitted_index_without_sorting(sqlite):
    where, values = support_claims._where(ClaimSearch(), EVERY_CLAIM)
    sql = support_claims._LIST.format(where=where, limit="{}", offset="{}")
    plan = _plan(sql, *values, *values, 25, 0)
    assert any("USING INDEX claim_submitted_at" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan), plan


def test_a_claims_page_and_history_read_only_its_rows(sqlite):
    for scope in (EVERY_CLAIM, ClaimScope((1, 2))):
        sql, values = scoped(support_claims._CLAIM, scope)
        assert not [line for line in _plan(sql, 1, *values) if line.startswith("SCAN")]
    # Every support user, or a research session's participant alone.
    for only in (None, 1):
        sql, values = support_claims._offering(support_claims._PEOPLE_AND_HISTORY, only)
        plan = _plan(sql, 1, 1, *values)
        # Support users are read whole (a few dozen), as for the filters; the rest only by index.
        scans = [line.split()[1] for line in plan if line.startswith("SCAN")]
        assert not [table for table in scans if table in ("c", "u", "ms", "e")], plan


def test_the_filter_options_never_read_every_claim_or_user(sqlite):
    for only in (None, 1):
        sql, values = support_claims._offering(support_claims._OPTIONS_PROVIDERS_AND_USERS, only)
        plan = _plan(sql, *values)
        # Providers are read whole (a register of a few thousand); claims and users only by
        # index.
        scans = [line for line in plan if line.startswith("SCAN") and not line.startswith("SCAN p")]
        assert not [line for line in scans if line.split()[1] in ("c", "u")], plan
