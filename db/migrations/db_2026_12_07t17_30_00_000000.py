"""Provider users: staff of an accredited ITT provider, each a user with a membership of it;
an index for a provider's newest-first list of the claims that name it.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T17:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "provider memberships, claims by provider newest first"

SQLITE = [
    "CREATE TABLE \"provider_membership\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER NOT NULL REFERENCES \"provider\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX provider_membership_user ON \"provider_membership\" (\"user\")",
    "CREATE INDEX provider_membership_provider ON \"provider_membership\" (\"provider\")",
    "CREATE UNIQUE INDEX provider_membership_unique_user_provider ON \"provider_membership\" (\"user\", \"provider\")",
    "CREATE INDEX claim_provider_submitted_at ON \"claim\" (\"provider\", \"submitted_at\")",
]

POSTGRES = [
    "CREATE TABLE \"provider_membership\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER NOT NULL REFERENCES \"provider\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX provider_membership_user ON \"provider_membership\" USING btree (\"user\")",
    "CREATE INDEX provider_membership_provider ON \"provider_membership\" USING btree (\"provider\")",
    "CREATE UNIQUE INDEX provider_membership_unique_user_provider ON \"provider_membership\" (\"user\", \"provider\")",
    "CREATE INDEX claim_provider_submitted_at ON \"claim\" (\"provider\", \"submitted_at\")",
]


async def forwards():
    """Add provider memberships and the index of claims by provider."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl("DROP INDEX claim_provider_submitted_at")
        await engine.run_ddl('DROP TABLE "provider_membership"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
