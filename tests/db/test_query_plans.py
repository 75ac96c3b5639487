"""The queries every page makes find their rows through indexes, so pages stay flat as data grows.

SQLite's plans are deterministic, so they are checked here; PostgreSQL chooses by table sizes
(a scan of a tiny test table is right), and scripts/benchmark measures it with 100,000 claims.
"""

from __future__ import annotations

import asyncio

import pytest

from db.queries import access, claim_again, claim_drafts, claim_start, claims, mentors
from db.tables import Claim


def _plan(query: str, *values) -> str:
    async def explain() -> list[dict]:
        return await Claim.raw("EXPLAIN QUERY PLAN " + query, *values)

    return "\n".join(str(row["detail"]) for row in asyncio.run(explain()))


@pytest.fixture
def sqlite(database):
    if Claim._meta.db.engine_type != "sqlite":
        pytest.skip("SQLite's plans: PostgreSQL's depend on table sizes")


@pytest.mark.parametrize(
    ("name", "query", "values"),
    [
        ("claims list", claims._SCHOOL_CLAIMS, (1, 1, 2025, "draft", 1, 2025)),
        ("claim again facts", claim_again._FACTS, (1, 1, 1, 1, 2025, 1, 1, "draft", 2025)),
        ("claim start facts", claim_start._CLAIM_START_FACTS, (1, 1)),
        ("signed-in user", access._VIEWER, (1,)),
        ("member's school", access.MEMBER_SCHOOL, (1, 1, 1)),
        ("mentors list", mentors._MENTORS_PAGE, (1, 25, 0, 2025, 1)),
        (
            "a claim in progress with its viewer",
            claim_drafts._VIEWER_WITH_CLAIM,
            (1, 1, 1, "claim:1:1:1:", 1, 1),
        ),
    ],
)
def test_a_page_query_reads_only_the_rows_it_wants(sqlite, name, query, values):
    plan = _plan(query, *values)
    # "SCAN x" reads every row of x; "SEARCH x USING ..." only the rows wanted. Claim windows
    # ("w", a few a year) are the one table read whole, and a subquery's rows, made by its own
    # searches ("MATERIALIZE x" or "CO-ROUTINE x"), are what it found.
    lines = plan.splitlines()
    made = {line.split()[1] for line in lines if line.startswith(("MATERIALIZE", "CO-ROUTINE"))}
    scans = [
        line
        for line in lines
        if line.startswith("SCAN") and line != "SCAN w" and line.split()[1] not in made
    ]
    assert not scans, f"{name}:\n{plan}"


def test_a_query_that_reads_a_whole_claims_table_is_caught(sqlite):
    plan = _plan("SELECT c.id FROM claim AS c WHERE c.status = 'x' OR c.amount_pence > 0")
    assert any(line.startswith("SCAN c") for line in plan.splitlines())
