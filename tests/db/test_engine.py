"""The PostgreSQL engine keeps a pool per event loop, so other loops still reach the database."""

from __future__ import annotations

import asyncio

import pytest
from piccolo.querystring import QueryString

from db.engine import LoopPoolPostgresEngine
from tests.fixtures.migrated_database import postgres_url

pytestmark = pytest.mark.skipif(
    not postgres_url(), reason="PostgreSQL only: runs when DATABASE_URL names one, as CI does"
)


async def backend_pid(engine: LoopPoolPostgresEngine) -> int:
    """The server process answering one query: the same one each time means one pooled connection."""
    rows = await engine.run_querystring(QueryString("SELECT pg_backend_pid() AS pid"))
    return rows[0]["pid"]


def test_a_pool_serves_only_the_event_loop_that_started_it() -> None:
    engine = LoopPoolPostgresEngine(config={"dsn": postgres_url()})
    pooled_loop = asyncio.new_event_loop()
    try:
        pooled_loop.run_until_complete(engine.start_connection_pool(min_size=1, max_size=1))
        first = pooled_loop.run_until_complete(backend_pid(engine))
        assert pooled_loop.run_until_complete(backend_pid(engine)) == first

        async def elsewhere() -> tuple[bool, int, int]:
            return engine.pool is None, await backend_pid(engine), await backend_pid(engine)

        no_pool_here, one, two = asyncio.run(elsewhere())
        assert no_pool_here
        assert len({one, two, first}) == 3  # a connection of its own for each query

        assert pooled_loop.run_until_complete(backend_pid(engine)) == first
        pooled_loop.run_until_complete(engine.close_connection_pool())

        async def pool_of_this_loop():
            return engine.pool

        assert pooled_loop.run_until_complete(pool_of_this_loop()) is None
    finally:
        pooled_loop.close()
