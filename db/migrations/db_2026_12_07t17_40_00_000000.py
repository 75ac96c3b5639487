"""Clawbacks: the money taken back from a claim, who asked, and each mentor's hours and decision.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T17:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "clawback amounts, requesters and per-mentor clawbacks"

STATEMENTS = [
    "ALTER TABLE \"claim\" ADD COLUMN \"clawback_pence\" BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE \"claim\" ADD COLUMN \"clawback_requested_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"trained_hours\" INTEGER DEFAULT null",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"clawback_reason\" TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"clawback_decision\" VARCHAR(10) NOT NULL DEFAULT ''",
    "ALTER TABLE \"claim_mentor\" ADD COLUMN \"clawback_rejection_reason\" TEXT NOT NULL DEFAULT ''",
]
SQLITE = STATEMENTS
POSTGRES = STATEMENTS


async def forwards():
    """Add the clawback's amount, requester and each mentor's hours, reason and decision."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        for column in (
            "clawback_rejection_reason",
            "clawback_decision",
            "clawback_reason",
            "trained_hours",
        ):
            await engine.run_ddl(f'ALTER TABLE "claim_mentor" DROP COLUMN "{column}"')
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "clawback_requested_by"')
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "clawback_pence"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
