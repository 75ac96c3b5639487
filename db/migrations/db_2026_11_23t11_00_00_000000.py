"""Local mailbox: emails delivered in development and research sessions instead of Notify.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "local mailbox"

SQLITE = [
    "CREATE TABLE \"mailbox_message\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"outbox\" INTEGER UNIQUE REFERENCES \"email_outbox\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"to_address\" VARCHAR(320) NOT NULL DEFAULT '', \"subject\" TEXT NOT NULL DEFAULT '', \"body\" TEXT NOT NULL DEFAULT '', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX mailbox_message_to_address ON \"mailbox_message\" (\"to_address\")",
]

POSTGRES = [
    "CREATE TABLE \"mailbox_message\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"outbox\" INTEGER UNIQUE REFERENCES \"email_outbox\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"to_address\" VARCHAR(320) NOT NULL DEFAULT '', \"subject\" TEXT NOT NULL DEFAULT '', \"body\" TEXT NOT NULL DEFAULT '', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX mailbox_message_to_address ON \"mailbox_message\" USING btree (\"to_address\")",
]


async def forwards():
    """Create the mailbox table."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        await engine_finder().run_ddl('DROP TABLE "mailbox_message"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
