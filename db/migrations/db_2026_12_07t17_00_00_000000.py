"""CSV uploads kept in one place: an uploaded file's text in parts, how many rows it has, the
file an activity log event is about, and the outbox's sent times for the sending rate limit.

The onboarding upload tables go: an onboarding file is kept like every other upload.
Frozen SQL, like the initial migration, so SQLite and PostgreSQL get exactly what was reviewed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-07T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "uploaded files in parts, events' files and the outbox's sent times"

SQLITE = [
    "CREATE TABLE \"stored_file_part\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"file\" INTEGER NOT NULL REFERENCES \"stored_file\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"number\" INTEGER NOT NULL DEFAULT 0, \"content\" TEXT NOT NULL DEFAULT '')",
    "CREATE UNIQUE INDEX stored_file_part_file_number ON \"stored_file_part\" (\"file\", \"number\")",
    "ALTER TABLE \"stored_file\" ADD COLUMN \"row_count\" INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE \"support_event\" ADD COLUMN \"file\" INTEGER REFERENCES \"stored_file\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    "CREATE INDEX support_event_file ON \"support_event\" (\"file\")",
    "CREATE INDEX email_outbox_sent_at ON \"email_outbox\" (\"sent_at\")",
    "DROP TABLE \"onboarding_upload_school\"",
    "DROP TABLE \"onboarding_upload\"",
]

POSTGRES = [
    "CREATE TABLE \"stored_file_part\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"file\" INTEGER NOT NULL REFERENCES \"stored_file\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"number\" INTEGER NOT NULL DEFAULT 0, \"content\" TEXT NOT NULL DEFAULT '')",
    "CREATE UNIQUE INDEX stored_file_part_file_number ON \"stored_file_part\" USING btree (\"file\", \"number\")",
    "ALTER TABLE \"stored_file\" ADD COLUMN \"row_count\" INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE \"support_event\" ADD COLUMN \"file\" INTEGER REFERENCES \"stored_file\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null",
    # Removing a file sets its events' file to null: without an index that reads every event.
    "CREATE INDEX support_event_file ON \"support_event\" USING btree (\"file\")",
    # The rate limit counts the emails sent in the last minute before every batch.
    "CREATE INDEX email_outbox_sent_at ON \"email_outbox\" USING btree (\"sent_at\")",
    "DROP TABLE \"onboarding_upload_school\"",
    "DROP TABLE \"onboarding_upload\"",
]


async def forwards():
    """Keep uploads' text in parts, link events to files, index the outbox's sent times."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    async def drop():
        from db.migrations import db_2026_12_07t13_45_00_000000 as onboarding_uploads

        engine = engine_finder()
        postgres = engine.engine_type == "postgres"
        await engine.run_ddl('DROP INDEX "email_outbox_sent_at"')
        await engine.run_ddl('DROP INDEX "support_event_file"')
        await engine.run_ddl('ALTER TABLE "support_event" DROP COLUMN "file"')
        await engine.run_ddl('ALTER TABLE "stored_file" DROP COLUMN "row_count"')
        await engine.run_ddl('DROP TABLE "stored_file_part"')
        for statement in onboarding_uploads.POSTGRES if postgres else onboarding_uploads.SQLITE:
            await engine.run_ddl(statement)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
