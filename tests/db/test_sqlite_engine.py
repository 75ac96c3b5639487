"""SQLite's engine keeps one connection for the event loop that opened it; others get their own."""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import threading

import pytest
from piccolo.querystring import QueryString

from db.engine import SharedConnectionSQLiteEngine


def _engine(tmp_path) -> SharedConnectionSQLiteEngine:
    return SharedConnectionSQLiteEngine(path=str(tmp_path / "engine.sqlite3"), timeout=30)


async def _run(engine, sql: str, *values) -> list[dict]:
    return await engine.run_querystring(QueryString(sql, *values))


def test_queries_share_the_connection_of_the_loop_that_opened_it(tmp_path):
    engine = _engine(tmp_path)

    async def on_the_serving_loop() -> list[dict]:
        await engine.open_shared_connection()
        try:
            # A temporary table lives only in the connection that made it.
            await _run(engine, "CREATE TEMP TABLE seen (n INTEGER)")
            await _run(engine, "INSERT INTO seen VALUES (1)")
            mode = await _run(engine, "PRAGMA journal_mode")
            return [*await _run(engine, "DELETE FROM seen RETURNING n"), *mode]
        finally:
            await engine.close_shared_connection()

    assert asyncio.run(on_the_serving_loop()) == [{"n": 1}, {"journal_mode": "wal"}]

    async def elsewhere() -> None:
        await _run(engine, "CREATE TEMP TABLE seen (n INTEGER)")
        await _run(engine, "SELECT n FROM seen")

    # Another loop gets a connection per query: the next query no longer sees the temp table.
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        asyncio.run(elsewhere())


def test_concurrent_queries_and_a_transaction_on_one_loop(tmp_path):
    engine = _engine(tmp_path)

    async def scenario() -> tuple[int, int]:
        await engine.open_shared_connection()
        try:
            await _run(engine, "CREATE TABLE hours (n INTEGER)")
            await asyncio.gather(
                *(_run(engine, "INSERT INTO hours VALUES ({})", n) for n in range(50))
            )
            async with engine.transaction():
                await _run(engine, "INSERT INTO hours VALUES (1000)")
                # The transaction's own connection holds its write; the shared one still reads.
                outside = await asyncio.create_task(
                    _run(engine, "SELECT count(*) AS n FROM hours"), context=contextvars.Context()
                )
            after = await _run(engine, "SELECT count(*) AS n FROM hours")
            return outside[0]["n"], after[0]["n"]
        finally:
            await engine.close_shared_connection()

    assert asyncio.run(scenario()) == (50, 51)


def test_reads_run_on_the_loop_thread_and_cannot_write(tmp_path):
    engine = _engine(tmp_path)

    async def scenario() -> tuple[list[dict], int]:
        await engine.open_shared_connection()
        try:
            await _run(engine, "CREATE TABLE hours (n INTEGER)")
            await _run(engine, "INSERT INTO hours VALUES (7)")
            reader = engine._shared[asyncio.get_running_loop()].reader
            reader.create_function("thread_id", 0, threading.get_ident)
            # A write the other connection committed is seen by the next read.
            seen = await _run(engine, "SELECT n, thread_id() AS thread FROM hours")
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                reader.execute("INSERT INTO hours VALUES (8)")
            # A WITH that writes is refused by the read connection and goes through aiosqlite.
            await _run(engine, "WITH more AS (SELECT 8 AS n) INSERT INTO hours SELECT n FROM more")
            seen += await _run(
                engine,
                "WITH all_hours AS (SELECT n FROM hours) SELECT sum(n) AS n, "
                "thread_id() AS thread FROM all_hours",
            )
            return seen, threading.get_ident()
        finally:
            await engine.close_shared_connection()

    seen, loop_thread = asyncio.run(scenario())
    assert seen == [{"n": 7, "thread": loop_thread}, {"n": 15, "thread": loop_thread}]
