"""Plain SQL runs as Piccolo's `Table.raw` runs it, with its SQL compiled once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from piccolo.querystring import QueryString

from db.sql import compiled, fetch
from db.tables import School
from tests.fixtures.migrated_database import database_kinds, fresh_database

pytestmark = [pytest.mark.anyio, pytest.mark.db]


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def engine(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, _url):
        yield engine


# SQL text around the {} places: anything but braces, which Piccolo's templates escape.
_TEXT = st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=12)


@given(
    parts=st.lists(_TEXT, min_size=1, max_size=6),
    engine_type=st.sampled_from(["postgres", "sqlite"]),
)
def test_the_sql_is_piccolo_s_own_for_those_values(parts, engine_type):
    template = "{}".join(parts)
    values = list(range(len(parts) - 1))
    expected = QueryString(template, *values).compile_string(engine_type)
    assert compiled(template, len(values), engine_type) == expected[0]


async def test_rows_come_back_as_table_raw_gives_them(engine):
    await School.insert(School(urn="100001", name="Hillside", region="London"))
    query = "SELECT urn, name FROM school WHERE name = {} AND region = {}"
    assert await fetch(query, "Hillside", "London") == await School.raw(query, "Hillside", "London")
    assert await fetch(query, "Nowhere", "London") == []


async def test_inside_a_transaction_it_reads_the_transaction_s_own_writes(engine):
    async with engine.transaction() as transaction:
        await fetch("INSERT INTO school (urn, name, region) VALUES ({}, {}, {})", "1", "A", "B")
        rows = await fetch("SELECT count(*) AS n FROM school WHERE urn = {}", "1")
        assert rows[0]["n"] == 1
        await transaction.rollback()
    assert (await fetch("SELECT count(*) AS n FROM school"))[0]["n"] == 0


async def test_sql_given_as_a_value_becomes_part_of_the_query(engine):
    await School.insert(School(urn="100001", name="Hillside", region="London"))
    rows = await fetch("SELECT {} AS n FROM school WHERE urn = {}", QueryString("2 + 2"), "100001")
    assert rows == [{"n": 4}]
