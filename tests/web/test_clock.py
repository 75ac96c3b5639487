"""The service clock: real, or started on a chosen date and running on from there."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from web.clock import ShiftedClock, SystemClock, clock_from_settings


def test_no_start_time_means_the_real_clock():
    assert isinstance(clock_from_settings(""), SystemClock)


def test_a_start_time_without_an_offset_is_utc():
    now = clock_from_settings("2026-11-23T12:00:00").now()
    assert abs(now - datetime(2026, 11, 23, 12, tzinfo=UTC)) < timedelta(seconds=5)


def test_a_start_time_with_an_offset_keeps_it():
    now = clock_from_settings("2026-07-17T23:59:00+01:00").now()
    assert abs(now - datetime(2026, 7, 17, 22, 59, tzinfo=UTC)) < timedelta(seconds=5)


def test_a_shifted_clock_keeps_running():
    class Base:
        moment = datetime(2026, 1, 1, tzinfo=UTC)

        def now(self):
            return self.moment

    base = Base()
    clock = ShiftedClock(timedelta(days=2), base)
    assert clock.now() == datetime(2026, 1, 3, tzinfo=UTC)
    base.moment += timedelta(minutes=5)
    assert clock.now() == datetime(2026, 1, 3, 0, 5, tzinfo=UTC)


def test_a_set_clock_is_announced_on_every_page(database):
    from tests.fixtures.client import ServiceClient
    from web.app import create_app
    from web.clock import start_time_banner
    from web.settings import load_settings

    assert start_time_banner("") is None
    banner = start_time_banner("2026-09-01T10:00:00+01:00")
    assert banner == (
        "The service’s date was set to Tuesday 1 September 2026, 10am (SERVICE_START_TIME), "
        "so that you can try a claim window."
    )
    app = create_app(load_settings({**os.environ, "SERVICE_START_TIME": "2026-09-01T09:00:00Z"}))
    with ServiceClient(app) as client:
        page = client.get("/").text
    assert "Not today’s date" in page and banner in page.replace("&#39;", "'")
    with ServiceClient(create_app(load_settings({**os.environ}))) as client:
        assert "Not today’s date" not in client.get("/").text
