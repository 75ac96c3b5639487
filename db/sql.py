"""Plain SQL queries, run with the SQL put into each engine's form once rather than every time."""

from __future__ import annotations

import functools
from typing import Any

from piccolo.querystring import QueryString

from db.tables import Claim


@functools.lru_cache(maxsize=1024)
def compiled(template: str, count: int, engine_type: str) -> str:
    """The SQL of a template with `count` values for its {} places, in the engine's form."""
    # Piccolo's own compiling, once: the values themselves do not change the SQL. Bounded, as
    # some templates have as many places as a list has items.
    return QueryString(template, *[None] * count).compile_string(engine_type)[0]


async def fetch(template: str, *args: Any) -> list[dict]:
    """The rows of a query with {} for each value, as Piccolo's `Table.raw` gives them.

    `Table.raw` parses its SQL with `string.Formatter` on every run: for the short indexed
    reads of every page, that cost more than the database's own work. Here the query is run by
    the engine as Piccolo runs any (in the transaction, the pool or a connection of its own),
    with its SQL compiled once.
    """
    engine = Claim._meta.db  # every table's engine (tests bind them all to another)
    querystring = QueryString(template, *args)
    # A column or SQL given as a value (a QueryString once made) becomes part of the SQL: such a
    # query is compiled by Piccolo each time.
    if not any(isinstance(arg, QueryString) for arg in querystring.args):
        sql = compiled(template, len(args), engine.engine_type)
        # What QueryString.freeze keeps, made without parsing the template again.
        querystring._frozen_compiled_strings = (sql, list(args))
    results = await engine.run_querystring(querystring)
    return engine.transform_response_to_dicts(results) if results else []
