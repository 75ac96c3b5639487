"""The record's background writer and the per-process view of sessions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from db.queries import research as rows
from db.queries.research import EventValue
from web.research.journal import ActiveSessions, Journal
from web.research.sessions import delete_session, set_session_date, start_session

pytestmark = pytest.mark.usefixtures("database")
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _page(session_id: int, step: str) -> EventValue:
    return EventValue(session=session_id, run=1, kind="page", at=NOW, step=step, page="a" * 32)


def test_queued_events_are_all_written_by_a_flush(clock):
    async def scenario():
        session = await start_session("first-claim", clock)
        journal = Journal()
        for index in range(25):
            journal.add([_page(session.id, f"/step-{index}")])
        await journal.flush()
        return [event.step for event in await rows.session_events(session.id)]

    steps = asyncio.run(scenario())
    assert sorted(steps) == sorted(f"/step-{index}" for index in range(25))


def test_an_event_for_a_deleted_session_does_not_lose_the_others(clock):
    async def scenario():
        kept = await start_session("first-claim", clock)
        gone = await start_session("first-claim", clock)
        await delete_session(gone.code)
        journal = Journal()
        journal.add([_page(gone.id, "/gone"), _page(kept.id, "/kept")])
        await journal.flush()
        return [event.step for event in await rows.session_events(kept.id)]

    assert asyncio.run(scenario()) == ["/kept"]


def test_a_process_rereads_a_session_it_was_told_changed(clock):
    async def scenario():
        session = await start_session("window-closing", clock)
        active = ActiveSessions()
        before = await active.get(session.code)
        await set_session_date(session.code, None, clock)
        cached = await active.get(session.code)
        active.forget(session.code)
        return before, cached, await active.get(session.code)

    before, cached, after = asyncio.run(scenario())
    assert before[2] is not None
    assert cached == before  # another process's change arrives within SESSION_SECONDS
    assert after[2] is None


def test_an_unknown_code_is_no_session():
    assert asyncio.run(ActiveSessions().get("NOSUCH")) is None
