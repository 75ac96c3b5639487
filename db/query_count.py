"""Count the SQL statements the database engine runs, for tests and the benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class QueryCount:
    """How many statements ran, and which, while counting."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def total(self) -> int:
        """The number of statements."""
        return len(self.statements)


@contextmanager
def counting_queries() -> Iterator[QueryCount]:
    """Count every statement the engine runs, in any event loop or thread, until the block ends."""
    from piccolo_conf import DB

    count = QueryCount()
    run_querystring, run_ddl = DB.run_querystring, DB.run_ddl

    async def counted_querystring(querystring, *args, **kwargs):
        count.statements.append(str(querystring))
        return await run_querystring(querystring, *args, **kwargs)

    async def counted_ddl(ddl, *args, **kwargs):
        count.statements.append(ddl)
        return await run_ddl(ddl, *args, **kwargs)

    # Instance attributes shadow the engine's methods, so every table bound to it is counted.
    DB.run_querystring, DB.run_ddl = counted_querystring, counted_ddl
    try:
        yield count
    finally:
        del DB.run_querystring, DB.run_ddl
