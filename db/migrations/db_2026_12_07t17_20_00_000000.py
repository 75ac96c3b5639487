"""Audit: why a claim was sampled, and each mentor's rejection by the provider and the school.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T17:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "sample reasons and per-mentor rejection reasons"

STATEMENTS = [
    "ALTER TABLE \"claim\" ADD COLUMN \"sample_reason\" TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"provider_rejection_reason\" TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"school_rejection_reason\" TEXT NOT NULL DEFAULT ''",
]
SQLITE = STATEMENTS
POSTGRES = STATEMENTS


async def forwards():
    """Add the sample reason and the mentors' rejection reasons."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('ALTER TABLE "claim_mentor" DROP COLUMN "school_rejection_reason"')
        await engine.run_ddl('ALTER TABLE "claim_mentor" DROP COLUMN "provider_rejection_reason"')
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "sample_reason"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
