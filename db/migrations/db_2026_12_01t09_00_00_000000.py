"""Research studies, facilitator notes and the date a facilitator chose for a session.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "research studies and notes"

SQLITE = [
    "ALTER TABLE \"research_session\" ADD COLUMN \"study\" VARCHAR(60) NOT NULL DEFAULT ''",
    "ALTER TABLE \"research_session\" ADD COLUMN \"date_choice\" VARCHAR(30) NOT NULL DEFAULT ''",
    "CREATE TABLE \"research_note\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"session\" INTEGER NOT NULL REFERENCES \"research_session\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"run\" INTEGER NOT NULL DEFAULT 1, \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"text\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX research_note_session ON \"research_note\" (\"session\")",
]

POSTGRES = [
    "ALTER TABLE \"research_session\" ADD COLUMN \"study\" VARCHAR(60) NOT NULL DEFAULT ''",
    "ALTER TABLE \"research_session\" ADD COLUMN \"date_choice\" VARCHAR(30) NOT NULL DEFAULT ''",
    "CREATE TABLE \"research_note\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"session\" INTEGER NOT NULL REFERENCES \"research_session\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"run\" INTEGER NOT NULL DEFAULT 1, \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"text\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX research_note_session ON \"research_note\" USING btree (\"session\")",
]


async def forwards():
    """Add studies and the chosen date to research sessions, and the notes table."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('DROP TABLE "research_note"')
        await engine.run_ddl('ALTER TABLE "research_session" DROP COLUMN "date_choice"')
        await engine.run_ddl('ALTER TABLE "research_session" DROP COLUMN "study"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
