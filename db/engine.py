"""The PostgreSQL engine, with a connection pool for each event loop that starts one."""

from __future__ import annotations

import asyncio
import weakref

from piccolo.engine.postgres import PostgresEngine


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class LoopPoolPostgresEngine(PostgresEngine):
    """Piccolo's PostgresEngine whose pool belongs to the event loop that started it.

    asyncpg pools cannot be used from another event loop. A web process has one loop and so one
    pool, exactly as with PostgresEngine; anything running on another loop (a command, a test's
    own asyncio.run) opens a connection per query instead of failing on a foreign pool.
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
