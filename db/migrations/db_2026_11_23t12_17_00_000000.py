"""Research sessions and their records (research mode only, never in production).

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T12:17:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "research sessions"

SQLITE = [
    "CREATE TABLE \"research_session\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"code\" VARCHAR(8) UNIQUE NOT NULL DEFAULT '', \"scenario\" VARCHAR(50) NOT NULL DEFAULT '', \"run\" INTEGER NOT NULL DEFAULT 1, \"trn_block\" INTEGER UNIQUE NOT NULL DEFAULT 0, \"participant_key\" VARCHAR(50) UNIQUE NOT NULL DEFAULT '', \"clock_offset_seconds\" INTEGER DEFAULT null, \"school_ids\" JSON NOT NULL DEFAULT '[]', \"briefing\" JSON NOT NULL DEFAULT '[]', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"built_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX research_session_code ON \"research_session\" (\"code\")",
    "CREATE TABLE \"research_event\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"session\" INTEGER NOT NULL REFERENCES \"research_session\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"run\" INTEGER NOT NULL DEFAULT 1, \"kind\" VARCHAR(12) NOT NULL DEFAULT '', \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"service_at\" TIMESTAMPTZ DEFAULT null, \"page\" VARCHAR(32) NOT NULL DEFAULT '', \"step\" VARCHAR(300) NOT NULL DEFAULT '', \"route\" VARCHAR(100) NOT NULL DEFAULT '', \"method\" VARCHAR(8) NOT NULL DEFAULT '', \"status\" INTEGER NOT NULL DEFAULT 0, \"via\" VARCHAR(20) NOT NULL DEFAULT '', \"notice\" VARCHAR(200) NOT NULL DEFAULT '', \"field\" VARCHAR(100) NOT NULL DEFAULT '', \"message\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX research_event_session ON \"research_event\" (\"session\")",
]

POSTGRES = [
    "CREATE TABLE \"research_session\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"code\" VARCHAR(8) UNIQUE NOT NULL DEFAULT '', \"scenario\" VARCHAR(50) NOT NULL DEFAULT '', \"run\" INTEGER NOT NULL DEFAULT 1, \"trn_block\" INTEGER UNIQUE NOT NULL DEFAULT 0, \"participant_key\" VARCHAR(50) UNIQUE NOT NULL DEFAULT '', \"clock_offset_seconds\" BIGINT DEFAULT null, \"school_ids\" JSON NOT NULL DEFAULT '[]', \"briefing\" JSON NOT NULL DEFAULT '[]', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"built_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX research_session_code ON \"research_session\" USING btree (\"code\")",
    "CREATE TABLE \"research_event\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"session\" INTEGER NOT NULL REFERENCES \"research_session\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"run\" INTEGER NOT NULL DEFAULT 1, \"kind\" VARCHAR(12) NOT NULL DEFAULT '', \"at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"service_at\" TIMESTAMPTZ DEFAULT null, \"page\" VARCHAR(32) NOT NULL DEFAULT '', \"step\" VARCHAR(300) NOT NULL DEFAULT '', \"route\" VARCHAR(100) NOT NULL DEFAULT '', \"method\" VARCHAR(8) NOT NULL DEFAULT '', \"status\" INTEGER NOT NULL DEFAULT 0, \"via\" VARCHAR(20) NOT NULL DEFAULT '', \"notice\" VARCHAR(200) NOT NULL DEFAULT '', \"field\" VARCHAR(100) NOT NULL DEFAULT '', \"message\" TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX research_event_session ON \"research_event\" USING btree (\"session\")",
]


async def forwards():
    """Create the research tables."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('DROP TABLE "research_event"')
        await engine.run_ddl('DROP TABLE "research_session"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
