"""Fixtures for the Teaching Record integration: a fake TRS over HTTP and a throwaway database."""

import os
import uuid

import asyncpg
import pytest
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from db.tables import TeacherRecord
from tests.fixtures.migrated_database import migration_statements
from tests.web.integrations import fake_trs

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def trs():
    server, thread = fake_trs.start()
    yield server
    fake_trs.stop(server, thread)


@pytest.fixture(params=["sqlite", "postgres"])
async def teacher_database(request, tmp_path, monkeypatch):
    """TeacherRecord bound to a fresh database built from the migrations' frozen SQL."""
    if request.param == "sqlite":
        engine = SQLiteEngine(path=str(tmp_path / "teachers.sqlite3"))
        statements = migration_statements("sqlite")
        dropped = None
    else:
        name = f"trs_test_{uuid.uuid4().hex[:12]}"
        admin = await asyncpg.connect(f"{POSTGRES_ADMIN_URL}/postgres")
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        engine = PostgresEngine(config={"dsn": f"{POSTGRES_ADMIN_URL}/{name}"})
        statements = migration_statements("postgres")
        dropped = name
    async with engine.transaction():
        for statement in statements:
            await engine.run_ddl(statement)
    # The private attribute, because reading the public one would bind piccolo_conf's engine.
    monkeypatch.setattr(TeacherRecord._meta, "_db", engine)
    yield engine
    if dropped:
        admin = await asyncpg.connect(f"{POSTGRES_ADMIN_URL}/postgres")
        await admin.execute(f'DROP DATABASE "{dropped}" WITH (FORCE)')
        await admin.close()
