"""Plain SQL queries, run with the SQL put into each engine's form once rather than every time."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from piccolo.columns import Column
from piccolo.querystring import QueryString

from db.tables import Claim


@functools.lru_cache(maxsize=1024)
def compiled(template: str, count: int, engine_type: str) -> str:
    """The SQL of a template with `count` values for its {} places, in the engine's form."""
    # Piccolo's own compiling, once: the values themselves do not change the SQL. Bounded, as
    # some templates have as many places as a list has items.
    return QueryString(template, *[None] * count).compile_string(engine_type)[0]


async def run_compiled(engine, sql: str, args: Sequence[Any]) -> list:
    """Run SQL in the engine's form as Piccolo's `run_querystring` runs a query."""
    transaction = engine.current_transaction.get()
    if engine.engine_type == "sqlite":
        if transaction:
            return await engine._run_in_existing_connection(transaction.connection, sql, args)
        return await engine._run_in_new_connection(sql, args)
    if transaction:
        return await transaction.connection.fetch(sql, *args)
    if engine.pool:
        return await engine._run_in_pool(sql, args)
    return await engine._run_in_new_connection(sql, args)


async def fetch(template: str, *args: Any) -> list[dict]:
    """The rows of a query with {} for each value, as Piccolo's `Table.raw` gives them.

    `Table.raw` parses its SQL with `string.Formatter` on every run: for the short indexed
    reads of every page, that cost more than the database's own work.
    """
    engine = Claim._meta.db  # every table's engine (tests bind them all to another)
    if any(isinstance(arg, (QueryString, Column)) for arg in args):
        # SQL passed as a value becomes part of the query: Piccolo compiles it each time.
        results = await engine.run_querystring(QueryString(template, *args))
    else:
        sql = compiled(template, len(args), engine.engine_type)
        results = await run_compiled(engine, sql, args)
    return engine.transform_response_to_dicts(results) if results else []
