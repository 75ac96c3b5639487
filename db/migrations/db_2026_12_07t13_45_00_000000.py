"""Onboarding uploads: a checked `name, urn` file's schools, kept until support confirms them.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T13:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "onboarding uploads and their schools"

SQLITE = [
    "CREATE TABLE \"onboarding_upload\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"user\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"claim_window\" INTEGER NOT NULL REFERENCES \"claim_window\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"file_name\" VARCHAR(255) NOT NULL DEFAULT '', \"school_count\" INTEGER NOT NULL DEFAULT 0, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"applied_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE TABLE \"onboarding_upload_school\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"upload\" INTEGER NOT NULL REFERENCES \"onboarding_upload\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"row_number\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX onboarding_upload_school_upload ON \"onboarding_upload_school\" (\"upload\")",
    "CREATE INDEX onboarding_upload_school_school ON \"onboarding_upload_school\" (\"school\")",
]

POSTGRES = [
    "CREATE TABLE \"onboarding_upload\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"user\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"claim_window\" INTEGER NOT NULL REFERENCES \"claim_window\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"file_name\" VARCHAR(255) NOT NULL DEFAULT '', \"school_count\" INTEGER NOT NULL DEFAULT 0, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"applied_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE TABLE \"onboarding_upload_school\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"upload\" INTEGER NOT NULL REFERENCES \"onboarding_upload\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"row_number\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX onboarding_upload_school_upload ON \"onboarding_upload_school\" USING btree (\"upload\")",
    # Removing a school cascades here: without an index each removal would read every row.
    "CREATE INDEX onboarding_upload_school_school ON \"onboarding_upload_school\" USING btree (\"school\")",
]


async def forwards():
    """Add the onboarding upload tables."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('DROP TABLE "onboarding_upload_school"')
        await engine.run_ddl('DROP TABLE "onboarding_upload"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
