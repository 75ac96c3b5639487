"""Support users, the support console's activity log, and removed (kept) claim windows.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-02T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "support users, support events and removed claim windows"

SQLITE = [
    "CREATE TABLE \"support_user\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"user\" INTEGER UNIQUE NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"removed_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE TABLE \"support_event\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"user\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"action\" VARCHAR(50) NOT NULL DEFAULT '', \"description\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX support_event_at ON \"support_event\" (\"at\")",
    "ALTER TABLE \"claim_window\" ADD COLUMN \"removed_at\" TIMESTAMPTZ DEFAULT null",
]

POSTGRES = [
    "CREATE TABLE \"support_user\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"user\" INTEGER UNIQUE NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"removed_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE TABLE \"support_event\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"user\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"action\" VARCHAR(50) NOT NULL DEFAULT '', \"description\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX support_event_at ON \"support_event\" USING btree (\"at\")",
    "ALTER TABLE \"claim_window\" ADD COLUMN \"removed_at\" TIMESTAMPTZ DEFAULT null",
]


async def forwards():
    """Add the support tables and the claim window's removed_at."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('ALTER TABLE "claim_window" DROP COLUMN "removed_at"')
        await engine.run_ddl('DROP TABLE "support_event"')
        await engine.run_ddl('DROP TABLE "support_user"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
