"""Schools: the register's local authority and establishment type (code, name and group).

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
The seed fills the new columns for register schools already in the database.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T17:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a school's local authority and establishment type"

COLUMNS = (
    ("local_authority_code", 10),
    ("local_authority_name", 100),
    ("establishment_type_code", 10),
    ("establishment_type_name", 100),
    ("establishment_group", 100),
)

# The same statements on both databases.
SQLITE = [
    "ALTER TABLE \"school\" ADD COLUMN \"local_authority_code\" VARCHAR(10) NOT NULL DEFAULT ''",
    "ALTER TABLE \"school\" ADD COLUMN \"local_authority_name\" VARCHAR(100) NOT NULL DEFAULT ''",
    "ALTER TABLE \"school\" ADD COLUMN \"establishment_type_code\" VARCHAR(10) NOT NULL DEFAULT ''",
    "ALTER TABLE \"school\" ADD COLUMN \"establishment_type_name\" VARCHAR(100) NOT NULL DEFAULT ''",
    "ALTER TABLE \"school\" ADD COLUMN \"establishment_group\" VARCHAR(100) NOT NULL DEFAULT ''",
]

POSTGRES = list(SQLITE)


async def forwards():
    """Add the school's local authority and establishment type columns."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        for name, _ in reversed(COLUMNS):
            await engine.run_ddl(f'ALTER TABLE "school" DROP COLUMN "{name}"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
