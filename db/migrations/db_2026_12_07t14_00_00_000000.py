"""Payments: files the service stores (payment exports, payer responses) and the signed,
single-use links that let someone without an account download one.

Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T14:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "stored files, download links and the payer's unpaid reason"

SQLITE = [
    "CREATE TABLE \"stored_file\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"filename\" VARCHAR(200) NOT NULL DEFAULT '', \"content\" TEXT NOT NULL DEFAULT '', \"created_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"confirmed_at\" TIMESTAMPTZ DEFAULT null, \"details\" JSON NOT NULL DEFAULT '{}')",
    "CREATE TABLE \"download_link\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"file\" INTEGER NOT NULL REFERENCES \"stored_file\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"nonce\" VARCHAR(64) NOT NULL UNIQUE DEFAULT '', \"expires_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"used_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX download_link_nonce ON \"download_link\" (\"nonce\")",
    "CREATE INDEX download_link_file ON \"download_link\" (\"file\")",
    "ALTER TABLE \"claim\" ADD COLUMN \"unpaid_reason\" TEXT NOT NULL DEFAULT ''",
]

POSTGRES = [
    "CREATE TABLE \"stored_file\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"filename\" VARCHAR(200) NOT NULL DEFAULT '', \"content\" TEXT NOT NULL DEFAULT '', \"created_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"confirmed_at\" TIMESTAMPTZ DEFAULT null, \"details\" JSON NOT NULL DEFAULT '{}')",
    "CREATE TABLE \"download_link\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"file\" INTEGER NOT NULL REFERENCES \"stored_file\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"nonce\" VARCHAR(64) NOT NULL UNIQUE DEFAULT '', \"expires_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"used_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX download_link_nonce ON \"download_link\" USING btree (\"nonce\")",
    "CREATE INDEX download_link_file ON \"download_link\" USING btree (\"file\")",
    "ALTER TABLE \"claim\" ADD COLUMN \"unpaid_reason\" TEXT NOT NULL DEFAULT ''",
]


async def forwards():
    """Add stored files, their download links and a claim's unpaid reason."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        engine = engine_finder()
        await engine.run_ddl('ALTER TABLE "claim" DROP COLUMN "unpaid_reason"')
        await engine.run_ddl('DROP TABLE "download_link"')
        await engine.run_ddl('DROP TABLE "stored_file"')

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
