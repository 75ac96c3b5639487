"""Piccolo tables: the whole data model.

Composite unique rules live in the migrations as unique indexes (UNIQUE_TOGETHER below):
Piccolo adds composite constraints with ALTER TABLE ADD CONSTRAINT, which SQLite cannot run.
"""

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table


class AcademicYear(Table, tablename="academic_year"):
    """An academic year, 1 September to 31 August, named by the year it starts."""

    start_year = Integer(unique=True, index=True)
    name = Varchar(length=20)


class HourLimit(Table, tablename="hour_limit"):
    """Each mentor's allowance per provider for one academic year (copied from domain data)."""

    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.restrict, unique=True, null=False)
    initial_hours = Integer()
    refresher_hours = Integer()


class HourlyRate(Table, tablename="hourly_rate"):
    """The grant's hourly rate for one funding region and academic year (from domain data)."""

    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.restrict, null=False)
    region = Varchar(length=30)
    rate_pence = Integer()


class ClaimWindow(Table, tablename="claim_window"):
    """Dates (inclusive, Europe/London) during which claims for one academic year are taken."""

    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.restrict, null=False)
    starts_on = Date()
    ends_on = Date()
    # When DfE pays this window's claims, like "in September and October 2026" (rules.md).
    paid = Varchar(length=100, default="")
    # Removed by support: kept for the claims submitted in it, ignored everywhere else.
    removed_at = Timestamptz(null=True, default=None)


class User(Table, tablename="app_user"):
    """A person who signs in; belongs to schools through memberships."""

    email = Varchar(length=320, unique=True, index=True)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    dfe_sign_in_uid = Varchar(length=100, null=True, default=None, unique=True)
    persona = Varchar(length=50, null=True, default=None, unique=True)
    created_at = Timestamptz()
    last_signed_in_at = Timestamptz(null=True, default=None)


class SupportUser(Table, tablename="support_user"):
    """A DfE member of staff who uses the support console; removed ones are kept to restore."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, unique=True, null=False)
    created_at = Timestamptz()
    removed_at = Timestamptz(null=True, default=None)


class SupportEvent(Table, tablename="support_event"):
    """One thing a support user did in the console, for the activity log."""

    user = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    at = Timestamptz(index=True)
    action = Varchar(length=50)
    description = Text(default="")
    # The claim the action was on, for the claim's history; none for actions on no one claim.
    claim = ForeignKey(
        LazyTableReference("Claim", module_path="db.tables"),
        null=True,
        default=None,
        on_delete=OnDelete.set_null,
        index=True,
    )
    # The file a batch action made or applied (a payment file, an uploaded CSV file).
    file = ForeignKey(
        LazyTableReference("StoredFile", module_path="db.tables"),
        null=True,
        default=None,
        on_delete=OnDelete.set_null,
        index=True,
    )


class School(Table, tablename="school"):
    """A school from the register of schools (GIAS)."""

    urn = Varchar(length=10, unique=True, index=True)
    ukprn = Varchar(length=10, null=True, default=None)
    name = Varchar(length=200, index=True)
    address1 = Varchar(length=200, default="")
    town = Varchar(length=100, default="")
    postcode = Varchar(length=10, default="")
    district_admin_code = Varchar(length=10, default="")
    # The register's local authority and establishment type, for the claims download.
    local_authority_code = Varchar(length=10, default="")
    local_authority_name = Varchar(length=100, default="")
    establishment_type_code = Varchar(length=10, default="")
    establishment_type_name = Varchar(length=100, default="")
    establishment_group = Varchar(length=100, default="")
    region = Varchar(length=30)
    trust_code = Varchar(length=10, null=True, default=None, index=True)
    telephone = Varchar(length=30, default="")
    website = Varchar(length=200, default="")
    grant_conditions_accepted_at = Timestamptz(null=True, default=None)
    grant_conditions_accepted_by = ForeignKey(
        User, null=True, default=None, on_delete=OnDelete.set_null
    )


class Membership(Table, tablename="membership"):
    """A user's access to a school: any member can do everything for that school."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    school = ForeignKey(School, on_delete=OnDelete.cascade, index=True, null=False)
    created_at = Timestamptz()


class Eligibility(Table, tablename="eligibility"):
    """A school hosted ITT placements in an academic year, so it may claim for that year."""

    school = ForeignKey(School, on_delete=OnDelete.cascade, null=False)
    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.restrict, null=False)


class Provider(Table, tablename="provider"):
    """An initial teacher training provider from the Publish register."""

    code = Varchar(length=10, unique=True)
    name = Varchar(length=200, index=True)
    provider_type = Varchar(length=20)
    ukprn = Varchar(length=10, null=True, default=None)
    urn = Varchar(length=10, null=True, default=None)
    accredited = Boolean(default=False)
    address1 = Varchar(length=200, default="")
    town = Varchar(length=100, default="")
    postcode = Varchar(length=10, default="")
    email = Varchar(length=320, default="")


class ProviderMembership(Table, tablename="provider_membership"):
    """A provider user's access to an accredited provider: a read-only view of its claims."""

    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True, null=False)
    provider = ForeignKey(Provider, on_delete=OnDelete.cascade, index=True, null=False)
    created_at = Timestamptz()


class Mentor(Table, tablename="mentor"):
    """A teacher, one per TRN system-wide; names come from the Teaching Record System."""

    trn = Varchar(length=7, unique=True, index=True)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    created_at = Timestamptz()


class SchoolMentor(Table, tablename="school_mentor"):
    """A mentor held by a school (a trust's schools may share one mentor)."""

    school = ForeignKey(School, on_delete=OnDelete.cascade, index=True, null=False)
    mentor = ForeignKey(Mentor, on_delete=OnDelete.restrict, index=True, null=False)
    created_at = Timestamptz()


class TeacherRecord(Table, tablename="teacher_record"):
    """The local Teaching Record backend: fake people for development and research."""

    trn = Varchar(length=7, unique=True, index=True)
    date_of_birth = Date()
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)


class Claim(Table, tablename="claim"):
    """One school's claim for one provider and academic year; rate and amount fixed at submit."""

    reference = Varchar(length=8, unique=True, index=True)
    school = ForeignKey(School, on_delete=OnDelete.restrict, index=True, null=False)
    provider = ForeignKey(
        Provider, null=True, default=None, on_delete=OnDelete.restrict, index=True
    )
    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.restrict, null=False)
    status = Varchar(length=40, index=True)
    created_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    submitted_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    submitted_at = Timestamptz(null=True, default=None, index=True)
    hourly_rate_pence = Integer(null=True, default=None)
    amount_pence = BigInt(null=True, default=None)
    # The school's answer to "Have you confirmed these hours with the provider?"; None until asked.
    hours_confirmed_with_provider = Boolean(null=True, default=None)
    # The support user looking after the claim, and the support ticket about it (a URL or "").
    assigned_to = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    support_ticket_url = Varchar(length=500, default="")
    # Why the payer has not paid the claim (its response file), while it needs information.
    unpaid_reason = Text(default="")
    # Why support sampled the claim for audit ("" if never sampled).
    sample_reason = Text(default="")
    # The money taken back (support.md "Clawbacks"), and who asked: another must approve it.
    clawback_pence = BigInt(default=0)
    clawback_requested_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)


class StoredFile(Table, tablename="stored_file"):
    """A file the service made or was given: a payment export, a payer's response."""

    kind = Varchar(length=50)
    filename = Varchar(length=200)
    content = Text()
    created_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    # An uploaded file's changes are applied once: set in the transaction that applies them.
    confirmed_at = Timestamptz(null=True, default=None)
    # What an email about the file says of it (a payment file: its claims, window and total);
    # for an upload, the choices made with it and what its preview shows.
    details = JSON(default="{}")
    # An upload's data rows (its text is kept in StoredFilePart, streamed in and out).
    row_count = Integer(default=0)


class StoredFilePart(Table, tablename="stored_file_part"):
    """One part of an uploaded file's text, in order: a 100,000-row file never sits whole in
    memory or in one value."""

    file = ForeignKey(StoredFile, on_delete=OnDelete.cascade, null=False)
    number = Integer(default=0)
    content = Text()


class DownloadLink(Table, tablename="download_link"):
    """A signed, expiring, single-use address for someone without an account to get a file."""

    file = ForeignKey(StoredFile, on_delete=OnDelete.cascade, index=True, null=False)
    nonce = Varchar(length=64, unique=True, index=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class ClaimMentor(Table, tablename="claim_mentor"):
    """A mentor's whole hours on a claim; training type stored when the claim is submitted."""

    claim = ForeignKey(Claim, on_delete=OnDelete.cascade, index=True, null=False)
    mentor = ForeignKey(Mentor, on_delete=OnDelete.restrict, index=True, null=False)
    hours = Integer(null=True, default=None)
    training_type = Varchar(length=20, null=True, default=None)
    # Audit: why the provider, then the school's hearing, rejected this mentor's hours ("" if not).
    provider_rejection_reason = Text(default="")
    school_rejection_reason = Text(default="")
    # A clawback request: the hours really trained and why; a second support user's decision
    # ("approved" or "rejected", "" until then) and their reason for a rejection.
    trained_hours = Integer(null=True, default=None)
    clawback_reason = Text(default="")
    clawback_decision = Varchar(length=10, default="")
    clawback_rejection_reason = Text(default="")


class MentorAllowance(Table, tablename="mentor_allowance"):
    """A row per (mentor, provider, year) that submissions lock to serialise the hours cap."""

    mentor = ForeignKey(Mentor, on_delete=OnDelete.cascade, null=False)
    provider = ForeignKey(Provider, on_delete=OnDelete.cascade, null=False)
    academic_year = ForeignKey(AcademicYear, on_delete=OnDelete.cascade, null=False)


class EmailOutbox(Table, tablename="email_outbox"):
    """An email queued in the same transaction as the change that caused it."""

    kind = Varchar(length=50)
    to_address = Varchar(length=320)
    personalisation = JSON(default="{}")
    status = Varchar(length=20, default="pending", index=True)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(index=True)
    claimed_until = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    notify_id = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None, index=True)


class JourneyState(Table, tablename="journey_state"):
    """A journey's answers saved server side, keyed per user, school and journey instance."""

    key = Varchar(length=200, unique=True, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, null=False)
    school = ForeignKey(School, on_delete=OnDelete.cascade, null=False)
    data = JSON(default="{}")
    updated_at = Timestamptz()


class WebSession(Table, tablename="web_session"):
    """Server-side session data when no Redis is configured (shared by every process)."""

    key = Varchar(length=200, unique=True, index=True)
    value = Bytea()
    expires_at = Timestamptz(null=True, default=None, index=True)


# Unique indexes that protect the rules; created by the migrations on SQLite and PostgreSQL.
UNIQUE_TOGETHER: dict[type[Table], tuple[str, ...]] = {
    HourlyRate: ("academic_year", "region"),
    Membership: ("user", "school"),
    ProviderMembership: ("user", "provider"),
    Eligibility: ("school", "academic_year"),
    SchoolMentor: ("school", "mentor"),
    ClaimMentor: ("claim", "mentor"),
    MentorAllowance: ("mentor", "provider", "academic_year"),
}


class MailboxMessage(Table, tablename="mailbox_message"):
    """An email delivered to the local mailbox instead of GOV.UK Notify (development, research)."""

    # Unique: one outbox email lands in the mailbox at most once, whatever the workers do.
    outbox = ForeignKey(
        EmailOutbox, null=True, default=None, unique=True, on_delete=OnDelete.set_null
    )
    kind = Varchar(length=50)
    to_address = Varchar(length=320, index=True)
    subject = Text()
    body = Text()
    created_at = Timestamptz()


class ResearchSession(Table, tablename="research_session"):
    """A usability research session: a scenario's own rows, its date and its participants' runs."""

    code = Varchar(length=8, unique=True, index=True)
    scenario = Varchar(length=50)
    # Each reset starts a new run, so one participant's record never mixes with the next one's.
    run = Integer(default=1)
    # Where the session's own TRNs start (Mentor, TeacherRecord): a block no live session shares.
    trn_block = Integer(unique=True)
    participant_key = Varchar(length=50, unique=True)
    # The session's date as seconds from the service clock; null means the service's own date.
    clock_offset_seconds = BigInt(null=True, default=None)
    school_ids = JSON(default="[]")
    briefing = JSON(default="[]")
    created_at = Timestamptz()
    built_at = Timestamptz()
    # The study the facilitator put the session in; blank: grouped by its scenario only.
    study = Varchar(length=60, default="")
    # The date the facilitator chose (a named date, or "on:YYYY-MM-DD"), kept across resets;
    # blank: the scenario's own date.
    date_choice = Varchar(length=30, default="")


class ResearchEvent(Table, tablename="research_event"):
    """One thing a participant's browser did: a page, an error shown, a JavaScript beacon."""

    session = ForeignKey(ResearchSession, on_delete=OnDelete.cascade, index=True, null=False)
    run = Integer(default=1)
    kind = Varchar(length=12)
    at = Timestamptz()
    # The date the service believed it was, so the record shows what the window rules showed.
    service_at = Timestamptz(null=True, default=None)
    page = Varchar(length=32, default="")
    step = Varchar(length=300, default="")
    route = Varchar(length=100, default="")
    method = Varchar(length=8, default="")
    status = Integer(default=0)
    via = Varchar(length=20, default="")
    notice = Varchar(length=200, default="")
    field = Varchar(length=100, default="")
    message = Text(default="")


class ResearchNote(Table, tablename="research_note"):
    """A facilitator's note, typed during a participant's run; never shown to the participant."""

    session = ForeignKey(ResearchSession, on_delete=OnDelete.cascade, index=True, null=False)
    run = Integer(default=1)
    at = Timestamptz()
    text = Text(default="")
