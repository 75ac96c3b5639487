"""Inside `one_connection()` a task's queries and transactions share one pooled connection."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from piccolo.querystring import QueryString

from db.engine import LoopPoolPostgresEngine, give_back_held_connection
from tests.fixtures.migrated_database import postgres_url
from web.request_connection import OneConnectionPerRequest

pytestmark = pytest.mark.skipif(
    not postgres_url(), reason="PostgreSQL only: runs when DATABASE_URL names one, as CI does"
)


async def backend_pid(engine: LoopPoolPostgresEngine) -> int:
    """The server process answering one query: the same one means the same connection."""
    rows = await engine.run_querystring(QueryString("SELECT pg_backend_pid() AS pid"))
    return rows[0]["pid"]


def run_pooled(pool_size: int, scenario: Callable[[LoopPoolPostgresEngine], Awaitable]):
    """Run the scenario with a pool of its own, and give up rather than hang."""

    async def pooled():
        engine = LoopPoolPostgresEngine(config={"dsn": postgres_url()})
        await engine.start_connection_pool(min_size=1, max_size=pool_size)
        try:
            return await asyncio.wait_for(scenario(engine), timeout=20)
        finally:
            await engine.close_connection_pool()

    return asyncio.run(pooled())


def test_the_block_s_queries_and_transactions_run_on_one_connection_given_back_at_its_end():
    async def scenario(engine):
        async with engine.one_connection():
            first = await backend_pid(engine)
            idle_inside = engine.pool.get_idle_size()
            async with engine.transaction():
                in_transaction = await backend_pid(engine)
            after = await backend_pid(engine)
        return first, in_transaction, after, idle_inside, engine.pool.get_idle_size()

    first, in_transaction, after, idle_inside, idle_after = run_pooled(2, scenario)
    assert first == in_transaction == after
    assert (idle_inside, idle_after) == (0, 1)


def test_a_read_then_a_transaction_needs_no_second_connection():
    # With one connection in the pool, a transaction that took another would wait forever.
    async def scenario(engine):
        async with engine.one_connection():
            await backend_pid(engine)
            async with engine.transaction():
                await engine.run_querystring(QueryString("CREATE TEMP TABLE kept (n int)"))
                await engine.run_querystring(QueryString("INSERT INTO kept VALUES (1)"))
            rows = await engine.run_querystring(QueryString("SELECT count(*) AS n FROM kept"))
        return rows[0]["n"]

    assert run_pooled(1, scenario) == 1


def test_a_failed_transaction_is_rolled_back_and_the_connection_still_serves():
    async def scenario(engine):
        async with engine.one_connection():
            await engine.run_querystring(QueryString("CREATE TEMP TABLE kept (n int)"))
            with pytest.raises(ZeroDivisionError):
                async with engine.transaction():
                    await engine.run_querystring(QueryString("INSERT INTO kept VALUES (1)"))
                    raise ZeroDivisionError
            # Left open, the transaction would show its own insert here.
            rows = await engine.run_querystring(QueryString("SELECT count(*) AS n FROM kept"))
        return rows[0]["n"]

    assert run_pooled(1, scenario) == 0


def test_a_task_started_in_the_block_takes_a_connection_of_its_own():
    async def scenario(engine):
        async with engine.one_connection():
            mine = await backend_pid(engine)
            theirs = await asyncio.create_task(backend_pid(engine))
        return mine, theirs

    mine, theirs = run_pooled(2, scenario)
    assert mine != theirs


def test_giving_the_connection_back_lets_a_waited_for_task_take_it():
    # The one connection is held; a task needing one can run once it is given back.
    async def scenario(engine):
        async with engine.one_connection():
            mine = await backend_pid(engine)
            task = asyncio.create_task(backend_pid(engine))
            await give_back_held_connection()
            theirs = await task
            again = await backend_pid(engine)
        return mine, theirs, again

    mine, theirs, again = run_pooled(1, scenario)
    assert mine == theirs == again


def test_a_request_s_queries_share_one_connection():
    seen: list[int] = []

    def scenario(engine):
        async def app(scope, receive, send):
            seen.extend([await backend_pid(engine), await backend_pid(engine)])

        async def request():
            await OneConnectionPerRequest(app, engine)({"type": "http"}, None, None)
            return engine.pool.get_idle_size()

        return request()

    assert run_pooled(2, scenario) == 1
    assert len(seen) == 2 and seen[0] == seen[1]


def test_a_connection_in_a_transaction_is_not_given_back():
    async def scenario(engine):
        async with engine.one_connection():
            async with engine.transaction():
                await engine.run_querystring(QueryString("CREATE TEMP TABLE kept (n int)"))
                await give_back_held_connection()
                await engine.run_querystring(QueryString("INSERT INTO kept VALUES (1)"))
            rows = await engine.run_querystring(QueryString("SELECT count(*) AS n FROM kept"))
        return rows[0]["n"]

    assert run_pooled(1, scenario) == 1
