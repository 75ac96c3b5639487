"""Initial data model.

Written as frozen SQL rather than Piccolo auto-migration operations: Piccolo adds composite unique
constraints with ALTER TABLE ADD CONSTRAINT, which SQLite cannot run, so they are unique indexes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T10:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "initial data model"

SQLITE = [
    "CREATE TABLE \"academic_year\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"start_year\" INTEGER UNIQUE NOT NULL DEFAULT 0, \"name\" VARCHAR(20) NOT NULL DEFAULT '')",
    "CREATE INDEX academic_year_start_year ON \"academic_year\" (\"start_year\")",
    "CREATE TABLE \"app_user\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"email\" VARCHAR(320) UNIQUE NOT NULL DEFAULT '', \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '', \"dfe_sign_in_uid\" VARCHAR(100) UNIQUE DEFAULT null, \"persona\" VARCHAR(50) UNIQUE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"last_signed_in_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX app_user_email ON \"app_user\" (\"email\")",
    "CREATE TABLE \"provider\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"code\" VARCHAR(10) UNIQUE NOT NULL DEFAULT '', \"name\" VARCHAR(200) NOT NULL DEFAULT '', \"provider_type\" VARCHAR(20) NOT NULL DEFAULT '', \"ukprn\" VARCHAR(10) DEFAULT null, \"urn\" VARCHAR(10) DEFAULT null, \"accredited\" BOOLEAN NOT NULL DEFAULT false, \"address1\" VARCHAR(200) NOT NULL DEFAULT '', \"town\" VARCHAR(100) NOT NULL DEFAULT '', \"postcode\" VARCHAR(10) NOT NULL DEFAULT '', \"email\" VARCHAR(320) NOT NULL DEFAULT '')",
    "CREATE INDEX provider_name ON \"provider\" (\"name\")",
    "CREATE TABLE \"mentor\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"trn\" VARCHAR(7) UNIQUE NOT NULL DEFAULT '', \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX mentor_trn ON \"mentor\" (\"trn\")",
    "CREATE TABLE \"teacher_record\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"trn\" VARCHAR(7) UNIQUE NOT NULL DEFAULT '', \"date_of_birth\" DATE NOT NULL DEFAULT CURRENT_DATE, \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '')",
    "CREATE INDEX teacher_record_trn ON \"teacher_record\" (\"trn\")",
    "CREATE TABLE \"email_outbox\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"to_address\" VARCHAR(320) NOT NULL DEFAULT '', \"personalisation\" JSON NOT NULL DEFAULT '{}', \"status\" VARCHAR(20) NOT NULL DEFAULT 'pending', \"attempts\" INTEGER NOT NULL DEFAULT 0, \"next_attempt_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"claimed_until\" TIMESTAMPTZ DEFAULT null, \"last_error\" TEXT NOT NULL DEFAULT '', \"notify_id\" VARCHAR(100) DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"sent_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX email_outbox_status ON \"email_outbox\" (\"status\")",
    "CREATE INDEX email_outbox_next_attempt_at ON \"email_outbox\" (\"next_attempt_at\")",
    "CREATE TABLE \"web_session\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"key\" VARCHAR(200) UNIQUE NOT NULL DEFAULT '', \"value\" BLOB NOT NULL DEFAULT '', \"expires_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX web_session_key ON \"web_session\" (\"key\")",
    "CREATE INDEX web_session_expires_at ON \"web_session\" (\"expires_at\")",
    "CREATE TABLE \"hour_limit\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"academic_year\" INTEGER UNIQUE NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"initial_hours\" INTEGER NOT NULL DEFAULT 0, \"refresher_hours\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE \"hourly_rate\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"region\" VARCHAR(30) NOT NULL DEFAULT '', \"rate_pence\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE \"claim_window\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"starts_on\" DATE NOT NULL DEFAULT CURRENT_DATE, \"ends_on\" DATE NOT NULL DEFAULT CURRENT_DATE)",
    "CREATE TABLE \"school\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"urn\" VARCHAR(10) UNIQUE NOT NULL DEFAULT '', \"ukprn\" VARCHAR(10) DEFAULT null, \"name\" VARCHAR(200) NOT NULL DEFAULT '', \"address1\" VARCHAR(200) NOT NULL DEFAULT '', \"town\" VARCHAR(100) NOT NULL DEFAULT '', \"postcode\" VARCHAR(10) NOT NULL DEFAULT '', \"district_admin_code\" VARCHAR(10) NOT NULL DEFAULT '', \"region\" VARCHAR(30) NOT NULL DEFAULT '', \"trust_code\" VARCHAR(10) DEFAULT null, \"telephone\" VARCHAR(30) NOT NULL DEFAULT '', \"website\" VARCHAR(200) NOT NULL DEFAULT '', \"grant_conditions_accepted_at\" TIMESTAMPTZ DEFAULT null, \"grant_conditions_accepted_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null)",
    "CREATE INDEX school_urn ON \"school\" (\"urn\")",
    "CREATE INDEX school_name ON \"school\" (\"name\")",
    "CREATE INDEX school_trust_code ON \"school\" (\"trust_code\")",
    "CREATE TABLE \"mentor_allowance\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER NOT NULL REFERENCES \"provider\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null)",
    "CREATE TABLE \"membership\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX membership_user ON \"membership\" (\"user\")",
    "CREATE INDEX membership_school ON \"membership\" (\"school\")",
    "CREATE TABLE \"eligibility\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null)",
    "CREATE TABLE \"school_mentor\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX school_mentor_school ON \"school_mentor\" (\"school\")",
    "CREATE INDEX school_mentor_mentor ON \"school_mentor\" (\"mentor\")",
    "CREATE TABLE \"claim\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"reference\" VARCHAR(8) UNIQUE NOT NULL DEFAULT '', \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER REFERENCES \"provider\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"status\" VARCHAR(40) NOT NULL DEFAULT '', \"created_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"submitted_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"submitted_at\" TIMESTAMPTZ DEFAULT null, \"hourly_rate_pence\" INTEGER DEFAULT null, \"amount_pence\" INTEGER DEFAULT null)",
    "CREATE INDEX claim_reference ON \"claim\" (\"reference\")",
    "CREATE INDEX claim_school ON \"claim\" (\"school\")",
    "CREATE INDEX claim_status ON \"claim\" (\"status\")",
    "CREATE TABLE \"journey_state\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"key\" VARCHAR(200) UNIQUE NOT NULL DEFAULT '', \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"data\" JSON NOT NULL DEFAULT '{}', \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX journey_state_key ON \"journey_state\" (\"key\")",
    "CREATE TABLE \"claim_mentor\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"claim\" INTEGER NOT NULL REFERENCES \"claim\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"hours\" INTEGER DEFAULT null, \"training_type\" VARCHAR(20) DEFAULT null)",
    "CREATE INDEX claim_mentor_claim ON \"claim_mentor\" (\"claim\")",
    "CREATE INDEX claim_mentor_mentor ON \"claim_mentor\" (\"mentor\")",
    "CREATE UNIQUE INDEX hourly_rate_unique_academic_year_region ON \"hourly_rate\" (\"academic_year\", \"region\")",
    "CREATE UNIQUE INDEX membership_unique_user_school ON \"membership\" (\"user\", \"school\")",
    "CREATE UNIQUE INDEX eligibility_unique_school_academic_year ON \"eligibility\" (\"school\", \"academic_year\")",
    "CREATE UNIQUE INDEX school_mentor_unique_school_mentor ON \"school_mentor\" (\"school\", \"mentor\")",
    "CREATE UNIQUE INDEX claim_mentor_unique_claim_mentor ON \"claim_mentor\" (\"claim\", \"mentor\")",
    "CREATE UNIQUE INDEX mentor_allowance_unique_mentor_provider_academic_year ON \"mentor_allowance\" (\"mentor\", \"provider\", \"academic_year\")",
]

POSTGRES = [
    "CREATE TABLE \"academic_year\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"start_year\" INTEGER UNIQUE NOT NULL DEFAULT 0, \"name\" VARCHAR(20) NOT NULL DEFAULT '')",
    "CREATE INDEX academic_year_start_year ON \"academic_year\" USING btree (\"start_year\")",
    "CREATE TABLE \"app_user\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"email\" VARCHAR(320) UNIQUE NOT NULL DEFAULT '', \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '', \"dfe_sign_in_uid\" VARCHAR(100) UNIQUE DEFAULT null, \"persona\" VARCHAR(50) UNIQUE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"last_signed_in_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX app_user_email ON \"app_user\" USING btree (\"email\")",
    "CREATE TABLE \"provider\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"code\" VARCHAR(10) UNIQUE NOT NULL DEFAULT '', \"name\" VARCHAR(200) NOT NULL DEFAULT '', \"provider_type\" VARCHAR(20) NOT NULL DEFAULT '', \"ukprn\" VARCHAR(10) DEFAULT null, \"urn\" VARCHAR(10) DEFAULT null, \"accredited\" BOOLEAN NOT NULL DEFAULT false, \"address1\" VARCHAR(200) NOT NULL DEFAULT '', \"town\" VARCHAR(100) NOT NULL DEFAULT '', \"postcode\" VARCHAR(10) NOT NULL DEFAULT '', \"email\" VARCHAR(320) NOT NULL DEFAULT '')",
    "CREATE INDEX provider_name ON \"provider\" USING btree (\"name\")",
    "CREATE TABLE \"mentor\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"trn\" VARCHAR(7) UNIQUE NOT NULL DEFAULT '', \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '', \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX mentor_trn ON \"mentor\" USING btree (\"trn\")",
    "CREATE TABLE \"teacher_record\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"trn\" VARCHAR(7) UNIQUE NOT NULL DEFAULT '', \"date_of_birth\" DATE NOT NULL DEFAULT CURRENT_DATE, \"first_name\" VARCHAR(100) NOT NULL DEFAULT '', \"last_name\" VARCHAR(100) NOT NULL DEFAULT '')",
    "CREATE INDEX teacher_record_trn ON \"teacher_record\" USING btree (\"trn\")",
    "CREATE TABLE \"email_outbox\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"kind\" VARCHAR(50) NOT NULL DEFAULT '', \"to_address\" VARCHAR(320) NOT NULL DEFAULT '', \"personalisation\" JSON NOT NULL DEFAULT '{}', \"status\" VARCHAR(20) NOT NULL DEFAULT 'pending', \"attempts\" INTEGER NOT NULL DEFAULT 0, \"next_attempt_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"claimed_until\" TIMESTAMPTZ DEFAULT null, \"last_error\" TEXT NOT NULL DEFAULT '', \"notify_id\" VARCHAR(100) DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"sent_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX email_outbox_status ON \"email_outbox\" USING btree (\"status\")",
    "CREATE INDEX email_outbox_next_attempt_at ON \"email_outbox\" USING btree (\"next_attempt_at\")",
    "CREATE TABLE \"web_session\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"key\" VARCHAR(200) UNIQUE NOT NULL DEFAULT '', \"value\" BYTEA NOT NULL DEFAULT '', \"expires_at\" TIMESTAMPTZ DEFAULT null)",
    "CREATE INDEX web_session_key ON \"web_session\" USING btree (\"key\")",
    "CREATE INDEX web_session_expires_at ON \"web_session\" USING btree (\"expires_at\")",
    "CREATE TABLE \"hour_limit\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"academic_year\" INTEGER UNIQUE NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"initial_hours\" INTEGER NOT NULL DEFAULT 0, \"refresher_hours\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE \"hourly_rate\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"region\" VARCHAR(30) NOT NULL DEFAULT '', \"rate_pence\" INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE \"claim_window\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"starts_on\" DATE NOT NULL DEFAULT CURRENT_DATE, \"ends_on\" DATE NOT NULL DEFAULT CURRENT_DATE)",
    "CREATE TABLE \"school\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"urn\" VARCHAR(10) UNIQUE NOT NULL DEFAULT '', \"ukprn\" VARCHAR(10) DEFAULT null, \"name\" VARCHAR(200) NOT NULL DEFAULT '', \"address1\" VARCHAR(200) NOT NULL DEFAULT '', \"town\" VARCHAR(100) NOT NULL DEFAULT '', \"postcode\" VARCHAR(10) NOT NULL DEFAULT '', \"district_admin_code\" VARCHAR(10) NOT NULL DEFAULT '', \"region\" VARCHAR(30) NOT NULL DEFAULT '', \"trust_code\" VARCHAR(10) DEFAULT null, \"telephone\" VARCHAR(30) NOT NULL DEFAULT '', \"website\" VARCHAR(200) NOT NULL DEFAULT '', \"grant_conditions_accepted_at\" TIMESTAMPTZ DEFAULT null, \"grant_conditions_accepted_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null)",
    "CREATE INDEX school_urn ON \"school\" USING btree (\"urn\")",
    "CREATE INDEX school_name ON \"school\" USING btree (\"name\")",
    "CREATE INDEX school_trust_code ON \"school\" USING btree (\"trust_code\")",
    "CREATE TABLE \"mentor_allowance\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER NOT NULL REFERENCES \"provider\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null)",
    "CREATE TABLE \"membership\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX membership_user ON \"membership\" USING btree (\"user\")",
    "CREATE INDEX membership_school ON \"membership\" USING btree (\"school\")",
    "CREATE TABLE \"eligibility\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null)",
    "CREATE TABLE \"school_mentor\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX school_mentor_school ON \"school_mentor\" USING btree (\"school\")",
    "CREATE INDEX school_mentor_mentor ON \"school_mentor\" USING btree (\"mentor\")",
    "CREATE TABLE \"claim\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"reference\" VARCHAR(8) UNIQUE NOT NULL DEFAULT '', \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"provider\" INTEGER REFERENCES \"provider\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"academic_year\" INTEGER NOT NULL REFERENCES \"academic_year\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"status\" VARCHAR(40) NOT NULL DEFAULT '', \"created_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"created_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, \"submitted_by\" INTEGER REFERENCES \"app_user\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE DEFAULT null, \"submitted_at\" TIMESTAMPTZ DEFAULT null, \"hourly_rate_pence\" INTEGER DEFAULT null, \"amount_pence\" BIGINT DEFAULT null)",
    "CREATE INDEX claim_reference ON \"claim\" USING btree (\"reference\")",
    "CREATE INDEX claim_school ON \"claim\" USING btree (\"school\")",
    "CREATE INDEX claim_status ON \"claim\" USING btree (\"status\")",
    "CREATE TABLE \"journey_state\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"key\" VARCHAR(200) UNIQUE NOT NULL DEFAULT '', \"user\" INTEGER NOT NULL REFERENCES \"app_user\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"school\" INTEGER NOT NULL REFERENCES \"school\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"data\" JSON NOT NULL DEFAULT '{}', \"updated_at\" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)",
    "CREATE INDEX journey_state_key ON \"journey_state\" USING btree (\"key\")",
    "CREATE TABLE \"claim_mentor\" (\"id\" SERIAL PRIMARY KEY NOT NULL, \"claim\" INTEGER NOT NULL REFERENCES \"claim\" (\"id\") ON DELETE CASCADE ON UPDATE CASCADE DEFAULT null, \"mentor\" INTEGER NOT NULL REFERENCES \"mentor\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE DEFAULT null, \"hours\" INTEGER DEFAULT null, \"training_type\" VARCHAR(20) DEFAULT null)",
    "CREATE INDEX claim_mentor_claim ON \"claim_mentor\" USING btree (\"claim\")",
    "CREATE INDEX claim_mentor_mentor ON \"claim_mentor\" USING btree (\"mentor\")",
    "CREATE UNIQUE INDEX hourly_rate_unique_academic_year_region ON \"hourly_rate\" (\"academic_year\", \"region\")",
    "CREATE UNIQUE INDEX membership_unique_user_school ON \"membership\" (\"user\", \"school\")",
    "CREATE UNIQUE INDEX eligibility_unique_school_academic_year ON \"eligibility\" (\"school\", \"academic_year\")",
    "CREATE UNIQUE INDEX school_mentor_unique_school_mentor ON \"school_mentor\" (\"school\", \"mentor\")",
    "CREATE UNIQUE INDEX claim_mentor_unique_claim_mentor ON \"claim_mentor\" (\"claim\", \"mentor\")",
    "CREATE UNIQUE INDEX mentor_allowance_unique_mentor_provider_academic_year ON \"mentor_allowance\" (\"mentor\", \"provider\", \"academic_year\")",
]


async def forwards():
    """Create every table and index."""
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create():
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        async with engine.transaction():
            for statement in statements:
                await engine.run_ddl(statement)

    manager.add_raw(create)
    return manager
