"""When each claim window's claims are paid, and the school's answer on confirming the hours.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T23:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "window payment timing and hours confirmed with the provider"

SQLITE = [
    'ALTER TABLE "claim_window" ADD COLUMN "paid" VARCHAR(100) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "claim" ADD COLUMN "hours_confirmed_with_provider" BOOLEAN DEFAULT null',
]

# The same plain ADD COLUMN with a constant default works on PostgreSQL.
POSTGRES = list(SQLITE)


async def forwards():
    """Add the two columns."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def add():
        engine = engine_finder()
        async with engine.transaction():
            statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "hours_confirmed_with_provider"')
        await engine.run_ddl('ALTER TABLE "claim_window" DROP COLUMN "paid"')

    manager.add_raw(add)
    manager.add_raw_backwards(drop)
    return manager
