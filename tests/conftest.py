"""Test configuration: choose the database before anything imports the tables."""

import asyncio
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests run on a shared, often busy machine: how long an example takes is not what they
# test. No per-example deadline, and no failing for a slow data generator.
settings.register_profile("service", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("service")

POSTGRES = ("postgres://", "postgresql://")
DATABASE_TESTS = Path(__file__).parent / "db"


def _database_of_this_worker(url: str, worker: str) -> str:
    """A PostgreSQL database of this xdist worker's own, created if missing."""
    import asyncpg

    server, _, name = url.rpartition("/")
    own = f"{name}_{worker}"

    async def create() -> None:
        connection = await asyncpg.connect(f"{server}/postgres")
        try:
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", own):
                await connection.execute(f'CREATE DATABASE "{own}"')
        finally:
            await connection.close()

    asyncio.run(create())
    return f"{server}/{own}"


# piccolo_conf binds its engine at import: point it at PostgreSQL when DATABASE_URL says so,
# otherwise at a throwaway SQLite file, before any test module imports db.tables.
if os.environ.get("DATABASE_URL", "").startswith(POSTGRES):
    # Parallel workers (pytest -n) each reset and seed a database of their own.
    if worker := os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ["DATABASE_URL"] = _database_of_this_worker(os.environ["DATABASE_URL"], worker)
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='claims-test-')}/test.sqlite3"
os.environ.setdefault("EMAIL_WORKER_ENABLED", "false")
# On PostgreSQL the app under test pools its connections on its own event loop; fixtures, on
# loops of their own (asyncio.run), connect per query (see db/engine.py).
os.environ.setdefault("DATABASE_POOL_SIZE", "4")

pytest_plugins = [
    "tests.fixtures.database",
    "tests.fixtures.client",
    "tests.fixtures.factories",
    "tests.fixtures.support",
    "tests.fixtures.audit",
    "tests.fixtures.trust",
]


E2E = Path(__file__).parent.parent / "e2e"


def pytest_collection_modifyitems(items) -> None:
    """Mark `db` every test that reaches a database, and run the browser journeys last."""
    # Playwright's sync API leaves its event loop set as running in the thread it started in, so
    # no asyncio.run can follow it in the same worker: journeys go after everything else.
    items.sort(key=lambda item: item.path.is_relative_to(E2E))
    for item in items:
        if item.path.is_relative_to(DATABASE_TESTS) or "database" in getattr(
            item, "fixturenames", ()
        ):
            item.add_marker(pytest.mark.db)
