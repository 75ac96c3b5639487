"""Piccolo engines that keep connections for the event loop that opened them.

A web process has one event loop: PostgreSQL gets a pool there and SQLite one long-lived
connection. Anything running on another loop (a command, a test's own asyncio.run) opens a
connection per query instead of failing on a connection that belongs to a foreign loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import re
import sqlite3
import weakref
from collections.abc import AsyncIterator

import aiosqlite
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, dict_factory


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def keep_session_state(connection) -> None:
    """Return a connection to the pool without asyncpg's reset query.

    asyncpg's default reset (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`)
    is a round trip after every query. The service takes no advisory locks, listens to nothing
    and sets no session settings; asyncpg still rolls back any open transaction first.
    """


class _Held:
    """The connection a task's queries share: taken at its first query, given back at its end."""

    __slots__ = ("connection", "pool", "task")

    def __init__(self, pool, task: asyncio.Task | None) -> None:
        self.pool, self.task, self.connection = pool, task, None

    async def take(self):
        """The held connection, taken from the pool first if need be."""
        if self.connection is not None and self.connection.is_closed():
            await self.give_back()  # lost (PostgreSQL restarted): the pool replaces it
        if self.connection is None:
            self.connection = await self.pool.acquire()
        return self.connection

    async def give_back(self) -> None:
        """Return the connection to the pool, if one was taken."""
        connection, self.connection = self.connection, None
        if connection is not None:
            await self.pool.release(connection)


_held: contextvars.ContextVar[_Held | None] = contextvars.ContextVar("held", default=None)


def _held_by_this_task(pool) -> _Held | None:
    held = _held.get()
    # Tasks started inside the block inherit the context; they take their own connections.
    if held is not None and held.pool is pool and held.task is asyncio.current_task():
        return held
    return None


async def give_back_held_connection() -> None:
    """Return this task's held connection to the pool before waiting on a task that queries.

    A task holding a connection while it waits for another task to take one could wait forever
    once every connection is held by such a task; nor should a connection wait idle on another
    service. The next query takes one again. Inside a transaction the connection is kept.
    """
    held = _held.get()
    if held is None or held.task is not asyncio.current_task() or held.connection is None:
        return
    if not held.connection.is_in_transaction():
        await held.give_back()


class _HeldConnectionTransaction(PostgresTransaction):
    """Piccolo's transaction, on the connection the task holds when it holds one."""

    async def get_connection(self):
        """The held connection, else one of the pool's as Piccolo takes it."""
        held = _held_by_this_task(self.engine.pool)
        self._on_held = held is not None  # a subclass of a slotted class: it has a __dict__
        return await held.take() if held is not None else await super().get_connection()

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        """Commit or roll back as Piccolo does, but keep the held connection."""
        if self._parent or not getattr(self, "_on_held", False):
            return await super().__aexit__(exception_type, exception, traceback)
        if exception:
            if not self._rolled_back:
                await self.rollback()
        elif not self._committed and not self._rolled_back:
            await self.commit()
        self.engine.current_transaction.reset(self.context)
        return exception is None


class LoopPoolPostgresEngine(PostgresEngine):
    """Piccolo's PostgresEngine whose pool belongs to the event loop that started it.

    Inside `one_connection()` a task's queries and transactions share one pooled connection:
    taking one from asyncpg's pool and giving it back costs about 50 microseconds of CPU a
    query, and a page makes two or three.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._pools: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        super().__init__(*args, **kwargs)

    @property
    def pool(self):
        """This event loop's pool, if it started one."""
        loop = _running_loop()
        return self._pools.get(loop) if loop is not None else None

    @pool.setter
    def pool(self, value) -> None:
        loop = _running_loop()
        if loop is None:  # PostgresEngine.__init__ clears the pool outside any loop
            return
        if value is None:
            self._pools.pop(loop, None)
        else:
            self._pools[loop] = value

    async def start_connection_pool(self, **kwargs) -> None:
        """Start this event loop's pool, whose connections go back without a reset query."""
        await super().start_connection_pool(**{"reset": keep_session_state, **kwargs})

    @contextlib.asynccontextmanager
    async def one_connection(self) -> AsyncIterator[None]:
        """Run this task's queries in the block on one pooled connection, taken at the first."""
        pool = self.pool
        if pool is None:
            yield
            return
        held = _Held(pool, asyncio.current_task())
        token = _held.set(held)
        try:
            yield
        finally:
            _held.reset(token)
            await held.give_back()

    async def _run_in_pool(self, query: str, args=None):
        """Run a query on the task's held connection, else on one the pool lends for it."""
        held = _held_by_this_task(self.pool)
        if held is None:
            return await super()._run_in_pool(query, args)
        connection = await held.take()
        return await connection.fetch(query, *(args or ()))

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        """A transaction on the task's held connection when it holds one."""
        return _HeldConnectionTransaction(engine=self, allow_nested=allow_nested)


class _Shared:
    """One loop's connections: aiosqlite's for writes, a plain one for reads, and a lock."""

    __slots__ = ("connection", "lock", "reader")

    def __init__(self, connection: aiosqlite.Connection, reader: sqlite3.Connection) -> None:
        self.connection = connection
        self.reader = reader
        self.lock = asyncio.Lock()


# A WITH may end in a write: the read connection is query-only, so that one is refused there
# and goes through aiosqlite.
_READ = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)


def _is_read(query: str) -> bool:
    return _READ.match(query) is not None


class SharedConnectionSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLiteEngine running queries outside transactions on one open connection.

    Piccolo opens a connection, and aiosqlite a thread, for every query: most of a page's time.
    Transactions keep a connection of their own (the hours cap and concurrent submits rely on
    SQLite's locking between connections), and WAL mode lets this connection read meanwhile.

    Reads run on the loop's thread, on a read-only connection of their own: handing a query to
    aiosqlite's thread and back costs far more than a read of a few indexed rows, because the
    loop then waits for the interpreter lock the other thread holds. In WAL mode a read never
    waits for a writer; if it ever finds the database busy it goes through aiosqlite instead.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._shared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        super().__init__(*args, **kwargs)

    async def open_shared_connection(self) -> None:
        """Open this event loop's connection; until closed, its queries use it."""
        loop = asyncio.get_running_loop()
        if loop in self._shared:
            return
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory
        # Each statement stepped to its end, so no statement is left holding a lock.
        await connection.execute_fetchall("PRAGMA foreign_keys = 1")
        # Readers never wait for a writer, and a writer only for another writer.
        await connection.execute_fetchall("PRAGMA journal_mode = WAL")
        # A busy read gives up at once and goes through aiosqlite: the loop never waits on it.
        reader = sqlite3.connect(**{**self.connection_kwargs, "timeout": 0})
        reader.row_factory = dict_factory
        reader.execute("PRAGMA query_only = 1")
        self._shared[loop] = _Shared(connection, reader)

    async def close_shared_connection(self) -> None:
        """Close this event loop's connection, once no query is using it."""
        shared = self._shared.pop(asyncio.get_running_loop(), None)
        if shared is not None:
            shared.reader.close()
            async with shared.lock:
                await shared.connection.close()

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        """Run a query outside any transaction: on the shared connection when there is one."""
        loop = _running_loop()
        shared = self._shared.get(loop) if loop is not None else None
        if shared is None:
            return await super()._run_in_new_connection(query, args, query_type, table)
        if _is_read(query):
            try:
                return shared.reader.execute(query, args or []).fetchall()
            except sqlite3.OperationalError as error:
                if not any(word in str(error) for word in ("locked", "busy", "readonly")):
                    raise
        async with shared.lock:
            if query_type == "insert" and self.get_version_sync() < 3.35:
                # Without RETURNING (as Piccolo judges the version), the new row's key comes
                # from the cursor's lastrowid, so the cursor is needed.
                async with shared.connection.execute(query, args or []) as cursor:
                    pk = await self._get_inserted_pk(cursor, table)
                    return [{table._meta.primary_key._meta.db_column_name: pk}]
            return list(await shared.connection.execute_fetchall(query, args or []))


async def open_connections(engine, pool_size: int) -> None:
    """Keep connections for this event loop: SQLite's shared one, or a PostgreSQL pool."""
    if engine.engine_type == "sqlite":
        await engine.open_shared_connection()
    else:
        await engine.start_connection_pool(min_size=1, max_size=pool_size)


async def close_connections(engine) -> None:
    """Close what `open_connections` kept for this event loop."""
    if engine.engine_type == "sqlite":
        await engine.close_shared_connection()
    else:
        await engine.close_connection_pool()
