"""Plain SQL runs as Piccolo's `Table.raw` runs it, with its SQL compiled once.

On the service's own engines and connections: SQLite's shared read connection, PostgreSQL's pool.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from piccolo.querystring import QueryString

from db.sql import compiled, fetch
from db.tables import School
from tests.fixtures.database import run

# SQL text around the {} places: anything but braces, which Piccolo's templates escape.
_TEXT = st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=12)
_SCHOOLS = "SELECT urn, name FROM school WHERE region = {} AND urn > {} ORDER BY urn LIMIT 5"


@given(
    parts=st.lists(_TEXT, min_size=1, max_size=6),
    engine_type=st.sampled_from(["postgres", "sqlite"]),
)
def test_the_sql_is_piccolo_s_own_for_those_values(parts, engine_type):
    template = "{}".join(parts)
    values = list(range(len(parts) - 1))
    expected = QueryString(template, *values).compile_string(engine_type)
    assert compiled(template, len(values), engine_type) == expected[0]


def test_rows_come_back_as_table_raw_gives_them(database):
    rows = run(fetch(_SCHOOLS, "Inner London", "0"))
    assert rows and rows == run(School.raw(_SCHOOLS, "Inner London", "0").run())
    assert run(fetch(_SCHOOLS, "Nowhere", "0")) == []


def test_inside_a_transaction_it_reads_the_transaction_s_own_writes(database):
    async def scenario():
        async with School._meta.db.transaction() as transaction:
            await fetch(
                "INSERT INTO school (urn, name, region) VALUES ({}, {}, {})", "S1", "A", "Nowhere"
            )
            inside = await fetch("SELECT count(*) AS n FROM school WHERE region = {}", "Nowhere")
            await transaction.rollback()
        after = await fetch("SELECT count(*) AS n FROM school WHERE region = {}", "Nowhere")
        return inside[0]["n"], after[0]["n"]

    assert run(scenario()) == (1, 0)


def test_sql_given_as_a_value_becomes_part_of_the_query(database):
    rows = run(
        fetch(
            "SELECT {} AS n FROM school WHERE region = {} LIMIT 1",
            QueryString("2 + 2"),
            "Inner London",
        )
    )
    assert rows == [{"n": 4}]
    rows = run(
        fetch("SELECT {} AS urn FROM school WHERE region = {} LIMIT 1", School.urn, "Inner London")
    )
    assert rows == run(
        School.raw("SELECT urn FROM school WHERE region = {} LIMIT 1", "Inner London").run()
    )
