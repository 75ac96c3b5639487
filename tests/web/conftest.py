"""Fixtures the request tests share; a module may define its own under the same name."""

from __future__ import annotations

import pytest

from tests.fixtures.claim_journey import JourneySchool, run_in_app, signed_in_school


@pytest.fixture
def db(client):
    """Runs a query on the app's own event loop and connections."""
    return run_in_app(client)


@pytest.fixture
def school(client, db) -> JourneySchool:
    """A fresh school with three mentors, its user signed in on the client."""
    return signed_in_school(client, db)
