"""Colleague queries on a fresh real database (SQLite, and PostgreSQL when DATABASE_URL says so)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from db.outbox import write_transaction
from db.queries.colleagues import (
    AlreadyMember,
    add_colleague,
    colleague,
    colleagues,
    is_member_by_email,
    remove_colleague,
)
from db.tables import Membership, School, User
from tests.fixtures.migrated_database import database_kinds, fresh_database

pytestmark = [pytest.mark.anyio, pytest.mark.db]

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def engine(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, _url):
        yield engine


async def _school(name: str) -> int:
    rows = await School.insert(School(urn=name[:10], name=name, region="London"))
    return rows[0]["id"]


async def _add(school_id: int, first: str, last: str, email: str):
    async with write_transaction():
        return await add_colleague(school_id, first, last, email, NOW)


async def test_adding_someone_new_creates_their_account_and_membership(engine):
    school_id = await _school("Hillside")
    added = await _add(school_id, "Ada", "Lovelace", "ada@example.org")
    assert (added.first_name, added.last_name, added.email) == (
        "Ada",
        "Lovelace",
        "ada@example.org",
    )
    assert await User.count() == 1
    assert await colleague(school_id, added.id) == added
    assert await is_member_by_email(school_id, "ada@example.org")


async def test_an_existing_account_is_reused_with_its_own_name(engine):
    first, second = await _school("First"), await _school("Second")
    original = await _add(first, "Ada", "Lovelace", "ada@example.org")
    again = await _add(second, "Augusta", "King", "ada@example.org")
    assert again == original
    assert await User.count() == 1
    assert await Membership.count().where(Membership.user == original.id) == 2


async def test_adding_a_member_again_is_refused_and_changes_nothing(engine):
    school_id = await _school("Hillside")
    await _add(school_id, "Ada", "Lovelace", "ada@example.org")
    with pytest.raises(AlreadyMember):
        await _add(school_id, "Ada", "Lovelace", "ada@example.org")
    assert await Membership.count() == 1


async def test_two_schools_adding_the_same_new_person_at_once_share_one_account(engine):
    first, second = await _school("First"), await _school("Second")
    one, two = await asyncio.gather(
        _add(first, "Ada", "Lovelace", "ada@example.org"),
        _add(second, "Ada", "Lovelace", "ada@example.org"),
    )
    assert one.id == two.id
    assert await User.count() == 1
    assert await Membership.count() == 2


async def test_the_same_person_added_twice_at_once_becomes_one_member(engine):
    school_id = await _school("Hillside")
    results = await asyncio.gather(
        _add(school_id, "Ada", "Lovelace", "ada@example.org"),
        _add(school_id, "Ada", "Lovelace", "ada@example.org"),
        return_exceptions=True,
    )
    assert sorted(type(result).__name__ for result in results) == ["AlreadyMember", "Colleague"]
    assert await Membership.count() == 1


async def test_removing_takes_away_one_school_only_and_keeps_the_account(engine):
    kept, left = await _school("Kept"), await _school("Left")
    person = await _add(kept, "Ada", "Lovelace", "ada@example.org")
    await _add(left, "Ada", "Lovelace", "ada@example.org")
    async with write_transaction():
        removed = await remove_colleague(left, person.id)
    assert removed == person
    assert await colleague(left, person.id) is None
    assert await colleague(kept, person.id) == person
    assert await User.count() == 1
    async with write_transaction():
        assert await remove_colleague(left, person.id) is None


async def test_colleagues_are_the_schools_members_ordered_by_name(engine):
    school_id, other = await _school("Hillside"), await _school("Other")
    await _add(school_id, "Bea", "Young", "bea@example.org")
    await _add(school_id, "ann", "brown", "ann@example.org")
    await _add(school_id, "Cal", "Brown", "cal@example.org")
    await _add(other, "Not", "Here", "not@example.org")
    names = [each.full_name for each in await colleagues(school_id)]
    assert names == ["ann brown", "Cal Brown", "Bea Young"]
    assert not await is_member_by_email(school_id, "not@example.org")
