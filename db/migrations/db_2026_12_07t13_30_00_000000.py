"""Claims in the support console: an assigned support user, a support ticket link, and events
that name a claim; indexes for the console's newest-first claim list and its provider filter.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T13:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "claim assignee and ticket link, support events naming a claim"

SQLITE = [
    "ALTER TABLE \"claim\" ADD COLUMN \"assigned_to\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "ALTER TABLE \"claim\" ADD COLUMN \"support_ticket_url\" VARCHAR(500) NOT NULL DEFAULT ''",
    "ALTER TABLE \"support_event\" ADD COLUMN \"claim\" INTEGER REFERENCES \"claim\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "CREATE INDEX claim_submitted_at ON \"claim\" (\"submitted_at\")",
    "CREATE INDEX claim_assigned_to ON \"claim\" (\"assigned_to\")",
    "CREATE INDEX support_event_claim ON \"support_event\" (\"claim\")",
    "CREATE INDEX claim_provider ON \"claim\" (\"provider\")",
]

POSTGRES = [
    "ALTER TABLE \"claim\" ADD COLUMN \"assigned_to\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "ALTER TABLE \"claim\" ADD COLUMN \"support_ticket_url\" VARCHAR(500) NOT NULL DEFAULT ''",
    "ALTER TABLE \"support_event\" ADD COLUMN \"claim\" INTEGER REFERENCES \"claim\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "CREATE INDEX claim_submitted_at ON \"claim\" USING btree (\"submitted_at\")",
    "CREATE INDEX claim_assigned_to ON \"claim\" USING btree (\"assigned_to\")",
    "CREATE INDEX support_event_claim ON \"support_event\" USING btree (\"claim\")",
    "CREATE INDEX claim_provider ON \"claim\" USING btree (\"provider\")",
]


async def forwards():
    """Add the claim's assignee and ticket link, and the event's claim."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        indexes = ("claim_provider", "support_event_claim", "claim_assigned_to", "claim_submitted_at")
        for index in indexes:
            await engine.run_ddl(f"DROP INDEX {index}")
        await engine.run_ddl('ALTER TABLE "support_event" DROP COLUMN "claim"')
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "support_ticket_url"')
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "assigned_to"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
