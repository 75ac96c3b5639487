"""Kept uploads on the real database: their text in order, part by part, applied once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from db.outbox import write_transaction
from db.queries.invitations import invite, members_among
from db.queries.uploads import PARTS_AT_ONCE, keep_upload, kept_upload, mark_applied, upload_text
from db.tables import User
from tests.fixtures.database import run
from tests.fixtures.factories import new_school, new_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def _kept(parts: list[str], kind: str = "test_upload") -> int:
    async with write_transaction():
        return await keep_upload(
            kind, "kept.csv", iter(parts), 7, {"summary": [["A", "1"]]}, None, NOW
        )


async def _text(file_id: int) -> list[str]:
    return [part async for part in upload_text(file_id)]


def test_a_kept_file_reads_back_in_order_across_many_parts(database):
    parts = [f"part {n}\r\n" for n in range(PARTS_AT_ONCE * 2 + 3)]

    async def scenario():
        file_id = await _kept(parts)
        assert await _text(file_id) == parts
        kept = await kept_upload("test_upload", file_id)
        assert (kept.filename, kept.row_count, kept.confirmed_at) == ("kept.csv", 7, None)
        assert kept.details == {"summary": [["A", "1"]]}
        # Another kind's address never shows it.
        assert await kept_upload("other_upload", file_id) is None
        empty = await _kept([])
        assert await _text(empty) == []

    run(scenario())


def test_confirms_at_the_same_moment_mark_it_applied_once(database):
    async def scenario():
        file_id = await _kept(["a\r\n"])

        async def once() -> bool:
            async with write_transaction():
                return await mark_applied(file_id, NOW)

        assert sorted(await asyncio.gather(once(), once())) == [False, True]
        assert (await kept_upload("test_upload", file_id)).confirmed_at is not None

    run(scenario())


def test_invitations_make_accounts_once_and_skip_members(database):
    async def scenario():
        school = await new_school(eligible_years=())
        other = await new_school(name="Other Invite School", eligible_years=())
        member_id, key = await new_user(school, first_name="Mia")
        await User.update({User.email: f"{key.upper()}@Example.org"}).where(User.id == member_id)
        member = f"{key}@example.org"
        assert await members_among([(member, school), (member, other)]) == {(member, school)}
        assert await members_among([]) == set()
        async with write_transaction():
            invited = await invite(
                [
                    ("new-person@example.org", "Nat", "New", school),
                    ("new-person@example.org", "Nat", "New", other),
                    (member, "Renamed", "Member", other),
                    (member, "Mia", "User", school),
                ],
                NOW,
            )
        assert sorted((each.email.lower(), each.school_name) for each in invited) == [
            ("new-person@example.org", "Other Invite School"),
            ("new-person@example.org", "Test Primary School"),
            (member, "Other Invite School"),
        ]
        # The existing account keeps its name; no second account for a differently cased email.
        assert {each.first_name for each in invited if each.email != "new-person@example.org"} == {
            "Mia"
        }
        assert await User.count().where(User.email == member) == 0
        async with write_transaction():
            assert await invite([("new-person@example.org", "Nat", "New", school)], NOW) == []
            assert await invite([], NOW) == []
        await User.delete().where(User.email == "new-person@example.org")

    run(scenario())
