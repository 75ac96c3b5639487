"""Research sessions: their own rows (built from a scenario's plan, cleared on reset) and records."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta

import msgspec
from piccolo.query.functions.aggregate import Count

from db.queries.provider_users import add_provider_user
from db.service_data import rehearsal_claims
from db.tables import (
    AcademicYear,
    Claim,
    ClaimMentor,
    Eligibility,
    EmailOutbox,
    MailboxMessage,
    Membership,
    Mentor,
    MentorAllowance,
    Provider,
    ResearchEvent,
    ResearchNote,
    ResearchSession,
    School,
    SchoolMentor,
    StoredFile,
    SupportEvent,
    SupportUser,
    TeacherRecord,
    User,
)
from domain.academic_years import AcademicYear as Year
from domain.claim_status import ClaimStatus
from domain.funding import Region, amount_pence, hourly_rate_pence
from domain.hours import TrainingType
from domain.references import generate_reference

INSERT_BATCH = 200  # under SQLite's limit on bound variables per statement


class Teacher(msgspec.Struct, frozen=True):
    """A fake teacher of a session, the same for a TRN every time."""

    trn: str
    first_name: str
    last_name: str
    date_of_birth: date

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class PlannedSchool(msgspec.Struct, frozen=True):
    """A session's copy of a register school and the mentors (teacher indexes) it holds."""

    register_urn: str
    urn: str
    trust_code: str | None
    accepted: bool
    eligible: bool
    mentors: tuple[int, ...]


class PlannedClaim(msgspec.Struct, frozen=True):
    """A submitted claim the scenario starts with: whole allowances for some mentors."""

    school: int
    year: Year
    mentors: tuple[int, ...]
    hours: int
    training_type: TrainingType


class Plan(msgspec.Struct, frozen=True):
    """Every row a scenario needs for one session, before any is written."""

    year: Year
    schools: tuple[PlannedSchool, ...]
    mentors: tuple[Teacher, ...]
    spare_teachers: tuple[Teacher, ...]
    missing_teacher: Teacher | None
    claims: tuple[PlannedClaim, ...]
    # Submitted claims from every school, ready to send to the payer (db/service_data.py).
    payments_rehearsal: bool = False


class SessionValue(msgspec.Struct, frozen=True):
    """A research session as the facilitator pages and the recorder use it."""

    id: int
    code: str
    scenario: str
    run: int
    trn_block: int
    participant_key: str
    clock_offset_seconds: int | None
    school_ids: list[int]
    briefing: list[list[str]]
    created_at: datetime
    built_at: datetime
    study: str = ""
    date_choice: str = ""


class SessionSummary(msgspec.Struct, frozen=True):
    """A session in the list of past sessions."""

    code: str
    scenario: str
    run: int
    created_at: datetime
    pages: int
    study: str = ""


class NoteValue(msgspec.Struct, frozen=True, kw_only=True):
    """A facilitator's note on a session's run."""

    session: int
    run: int
    at: datetime
    text: str


class EventValue(msgspec.Struct, frozen=True, kw_only=True):
    """Something a participant's browser did, as recorded (never their answers)."""

    session: int
    run: int
    kind: str
    at: datetime
    service_at: datetime | None = None
    page: str = ""
    step: str = ""
    route: str = ""
    method: str = ""
    status: int = 0
    via: str = ""
    notice: str = ""
    field: str = ""
    message: str = ""


class Participant(msgspec.Struct, frozen=True):
    """The session's own user, who signs in from the facilitator's link."""

    key: str
    email: str
    first_name: str
    last_name: str
    # A school user belongs to the session's schools; a support or provider user to none.
    member: bool = True
    support: bool = False
    provider_ids: tuple[int, ...] = ()


_SESSION_COLUMNS = (
    ResearchSession.id,
    ResearchSession.code,
    ResearchSession.scenario,
    ResearchSession.run,
    ResearchSession.trn_block,
    ResearchSession.participant_key,
    ResearchSession.clock_offset_seconds,
    ResearchSession.school_ids,
    ResearchSession.briefing,
    ResearchSession.created_at,
    ResearchSession.built_at,
    ResearchSession.study,
    ResearchSession.date_choice,
)
_EVENT_COLUMNS = ResearchEvent.all_columns(exclude=[ResearchEvent.id])
# What a study's figures read: not the messages, countdowns or dates shown.
_FIGURE_COLUMNS = ResearchEvent.all_columns(
    exclude=[
        ResearchEvent.id,
        ResearchEvent.message,
        ResearchEvent.notice,
        ResearchEvent.service_at,
        ResearchEvent.route,
    ]
)


def _session(row: dict) -> SessionValue:
    for key in ("school_ids", "briefing"):
        if isinstance(row[key], str):
            row[key] = msgspec.json.decode(row[key])
    return msgspec.convert(row, SessionValue)


@asynccontextmanager
async def write_transaction():
    """A transaction that serialises with other writers on SQLite and PostgreSQL alike."""
    engine = ResearchSession._meta.db
    if engine.engine_type == "sqlite":
        from piccolo.engine.sqlite import TransactionType

        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def session_by_code(code: str) -> SessionValue | None:
    """The session with this code, if it still exists."""
    row = (
        await ResearchSession.select(*_SESSION_COLUMNS).where(ResearchSession.code == code).first()
    )
    return _session(row) if row else None


async def clock_offset(code: str) -> tuple[int, int, int | None] | None:
    """A session's id, run and clock offset: all a participant's request needs to know."""
    row = (
        await ResearchSession.select(
            ResearchSession.id, ResearchSession.run, ResearchSession.clock_offset_seconds
        )
        .where(ResearchSession.code == code)
        .first()
    )
    if row is None:
        return None
    return row["id"], row["run"], row["clock_offset_seconds"]


async def all_sessions() -> list[SessionSummary]:
    """Every session, newest first, with how many pages its record holds."""
    rows = await ResearchSession.select(
        ResearchSession.id,
        ResearchSession.code,
        ResearchSession.scenario,
        ResearchSession.run,
        ResearchSession.created_at,
        ResearchSession.study,
    ).order_by(ResearchSession.id, ascending=False)
    counts = (
        await ResearchEvent.select(ResearchEvent.session, Count(alias="pages"))
        .where(ResearchEvent.kind == "page")
        .group_by(ResearchEvent.session)
    )
    pages = {row["session"]: row["pages"] for row in counts}
    return [
        SessionSummary(
            code=row["code"],
            scenario=row["scenario"],
            run=row["run"],
            created_at=row["created_at"],
            pages=pages.get(row["id"], 0),
            study=row["study"],
        )
        for row in rows
    ]


async def taken_blocks() -> set[int]:
    """The TRN blocks live sessions hold."""
    return {row["trn_block"] for row in await ResearchSession.select(ResearchSession.trn_block)}


async def insert_session(
    *, code: str, scenario: str, trn_block: int, participant_key: str, now: datetime
) -> SessionValue | None:
    """A new session row, before its scenario's rows are built; None if the code or block is taken."""
    await ResearchSession.insert(
        ResearchSession(
            code=code,
            scenario=scenario,
            run=1,
            trn_block=trn_block,
            participant_key=participant_key,
            created_at=now,
            built_at=now,
        )
    ).on_conflict(action="DO NOTHING")
    session = await session_by_code(code)
    if session is None or session.trn_block != trn_block:
        return None
    return session


async def start_run(session_id: int, *, next_run: bool) -> int:
    """Claim the session for a rebuild (locking its row on PostgreSQL); the run number after."""
    # The UPDATE comes first in the transaction so a second reset waits for the first one.
    step = 1 if next_run else 0
    await ResearchSession.update({ResearchSession.run: ResearchSession.run + step}).where(
        ResearchSession.id == session_id
    )
    row = (
        await ResearchSession.select(ResearchSession.run)
        .where(ResearchSession.id == session_id)
        .first()
    )
    return row["run"]


async def save_build(
    session_id: int,
    *,
    school_ids: Sequence[int],
    briefing: list[list[str]],
    offset_seconds: int | None,
    now: datetime,
) -> None:
    """Remember what a build made and the date the session starts on."""
    await ResearchSession.update(
        {
            ResearchSession.school_ids: list(school_ids),
            ResearchSession.briefing: briefing,
            ResearchSession.clock_offset_seconds: offset_seconds,
            ResearchSession.built_at: now,
        }
    ).where(ResearchSession.id == session_id)


async def set_clock_offset(
    session_id: int, offset_seconds: int | None, date_choice: str | None = None
) -> None:
    """Move the date the session's participant sees, remembering the choice if one is given."""
    values: dict = {ResearchSession.clock_offset_seconds: offset_seconds}
    if date_choice is not None:
        values[ResearchSession.date_choice] = date_choice
    await ResearchSession.update(values).where(ResearchSession.id == session_id)


async def set_study(session_id: int, study: str) -> None:
    """Put the session in a named study (blank: its scenario's only)."""
    await ResearchSession.update({ResearchSession.study: study}).where(
        ResearchSession.id == session_id
    )


async def study_names() -> list[str]:
    """Every study name in use, in alphabetical order."""
    rows = await ResearchSession.select(ResearchSession.study).where(ResearchSession.study != "")
    return sorted({row["study"] for row in rows}, key=str.casefold)


async def study_sessions(*, scenario: str = "", study: str = "") -> list[SessionValue]:
    """The sessions of a scenario or of a named study, oldest first."""
    column = ResearchSession.study if study else ResearchSession.scenario
    rows = (
        await ResearchSession.select(*_SESSION_COLUMNS)
        .where(column == (study or scenario))
        .order_by(ResearchSession.id)
    )
    return [_session(row) for row in rows]


async def study_events(
    *, scenario: str = "", study: str = "", whole: bool = True
) -> list[EventValue]:
    """Every event of a scenario's or named study's sessions, in the order things happened.

    Not `whole`: only what the figures need, which is quicker to read for a large study.
    """
    column = ResearchEvent.session.study if study else ResearchEvent.session.scenario
    rows = (
        await ResearchEvent.select(*(_EVENT_COLUMNS if whole else _FIGURE_COLUMNS))
        .where(column == (study or scenario))
        .order_by(ResearchEvent.at)
        .order_by(ResearchEvent.id)
    )
    # One conversion for the lot: a study can hold tens of thousands of events.
    return msgspec.convert(rows, list[EventValue])


async def add_note(note: NoteValue) -> None:
    """Keep a facilitator's note with the session's record."""
    await ResearchNote.insert(ResearchNote(**msgspec.structs.asdict(note)))


async def session_notes(session_ids: Sequence[int]) -> list[NoteValue]:
    """The notes on these sessions, oldest first."""
    if not session_ids:
        return []
    rows = (
        await ResearchNote.select(
            ResearchNote.session, ResearchNote.run, ResearchNote.at, ResearchNote.text
        )
        .where(ResearchNote.session.is_in(list(session_ids)))
        .order_by(ResearchNote.at)
        .order_by(ResearchNote.id)
    )
    return [msgspec.convert(row, NoteValue) for row in rows]


async def delete_session_row(session_id: int) -> None:
    """Forget the session and (by cascade) its record."""
    await ResearchSession.delete().where(ResearchSession.id == session_id)


async def register_school_urns(urns: Sequence[str], trust_code: str | None) -> list[str]:
    """The register schools a scenario copies: those named, or a trust's ordered by name."""
    if trust_code:
        rows = (
            await School.select(School.urn)
            .where((School.trust_code == trust_code) & (School.urn.like("______")))
            .order_by(School.name)
        )
        return [row["urn"] for row in rows]
    found = {
        row["urn"] for row in await School.select(School.urn).where(School.urn.is_in(list(urns)))
    }
    missing = [urn for urn in urns if urn not in found]
    if missing:
        raise LookupError(f"Register schools missing from the database: {missing}")
    return list(urns)


async def provider_named(code: str) -> tuple[int, str]:
    """An accredited provider's id and name."""
    row = await Provider.select(Provider.id, Provider.name).where(Provider.code == code).first()
    if row is None:
        raise LookupError(f"No provider {code} in the database")
    return row["id"], row["name"]


async def school_names(school_ids: Sequence[int]) -> dict[int, str]:
    """School names by id."""
    if not school_ids:
        return {}
    rows = await School.select(School.id, School.name).where(School.id.is_in(list(school_ids)))
    return {row["id"]: row["name"] for row in rows}


async def _insert(table, rows: list) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), INSERT_BATCH):
        ids += [row["id"] for row in await table.insert(*rows[start : start + INSERT_BATCH])]
    return ids


async def _year_ids() -> dict[int, int]:
    return {
        row["start_year"]: row["id"]
        for row in await AcademicYear.select(AcademicYear.id, AcademicYear.start_year)
    }


async def _teacher_records(teachers: Sequence[Teacher]) -> None:
    if not teachers:
        return
    await TeacherRecord.insert(
        *[
            TeacherRecord(
                trn=each.trn,
                date_of_birth=each.date_of_birth,
                first_name=each.first_name,
                last_name=each.last_name,
            )
            for each in teachers
        ]
    ).on_conflict(target=TeacherRecord.trn, action="DO NOTHING")


async def _mentor_ids(teachers: Sequence[Teacher], now: datetime) -> list[int]:
    trns = [each.trn for each in teachers]
    if not trns:
        return []
    for start in range(0, len(teachers), INSERT_BATCH):
        await Mentor.insert(
            *[
                Mentor(
                    trn=each.trn,
                    first_name=each.first_name,
                    last_name=each.last_name,
                    created_at=now,
                )
                for each in teachers[start : start + INSERT_BATCH]
            ]
        ).on_conflict(target=Mentor.trn, action="DO NOTHING")
    rows = await Mentor.select(Mentor.id, Mentor.trn).where(Mentor.trn.is_in(trns))
    by_trn = {row["trn"]: row["id"] for row in rows}
    return [by_trn[trn] for trn in trns]


async def _unused_reference() -> str:
    while True:
        reference = generate_reference()
        if not await Claim.exists().where(Claim.reference == reference):
            return reference


async def build(
    built: Plan, participant: Participant, *, provider_id: int, moment: datetime, now: datetime
) -> list[int]:
    """Write every row of a plan for the participant; the new schools' ids, in plan order."""
    user_ids = await _insert(
        User,
        [
            User(
                persona=participant.key,
                email=participant.email,
                first_name=participant.first_name,
                last_name=participant.last_name,
                created_at=now,
            )
        ],
    )
    user_id = user_ids[0]
    await _roles(user_id, participant, now)
    register = {
        row["urn"]: row
        for row in await School.select(
            School.all_columns(
                exclude=[
                    School.id,
                    School.grant_conditions_accepted_at,
                    School.grant_conditions_accepted_by,
                ]
            )
        ).where(School.urn.is_in([each.register_urn for each in built.schools]))
    }
    # Conditions were accepted a while before the session's date, by the participant.
    accepted_at = moment - timedelta(days=30)
    accepted_by = user_id if participant.member else None
    school_ids = await _insert(
        School,
        [
            School(
                **{**register[each.register_urn], "urn": each.urn, "trust_code": each.trust_code},
                grant_conditions_accepted_at=accepted_at if each.accepted else None,
                grant_conditions_accepted_by=accepted_by if each.accepted else None,
            )
            for each in built.schools
        ],
    )
    if participant.member:
        await _insert(
            Membership,
            [
                Membership(user=user_id, school=school_id, created_at=now)
                for school_id in school_ids
            ],
        )
    years = await _year_ids()
    # A school that cannot claim lacks eligibility only for the year its session claims in.
    await _insert(
        Eligibility,
        [
            Eligibility(school=school_id, academic_year=year_id)
            for school_id, planned in zip(school_ids, built.schools, strict=True)
            for start_year, year_id in sorted(years.items())
            if planned.eligible or start_year != built.year.start_year
        ],
    )
    await _teacher_records([*built.mentors, *built.spare_teachers])
    mentor_ids = await _mentor_ids(built.mentors, now)
    await _insert(
        SchoolMentor,
        [
            SchoolMentor(school=school_id, mentor=mentor_ids[index], created_at=now)
            for school_id, planned in zip(school_ids, built.schools, strict=True)
            for index in planned.mentors
        ],
    )
    regions = {
        school_id: register[planned.register_urn]["region"]
        for school_id, planned in zip(school_ids, built.schools, strict=True)
    }
    for claim in built.claims:
        school_id = school_ids[claim.school]
        rate = hourly_rate_pence(Region(regions[school_id]), claim.year)
        # A claim of an earlier year was submitted in that year's summer term.
        submitted_at = (
            moment - timedelta(days=7)
            if claim.year.contains(moment.date())
            else datetime(claim.year.start_year + 1, 6, 15, 10, tzinfo=moment.tzinfo)
        )
        claim_ids = await _insert(
            Claim,
            [
                Claim(
                    reference=await _unused_reference(),
                    school=school_id,
                    provider=provider_id,
                    academic_year=years[claim.year.start_year],
                    status=ClaimStatus.SUBMITTED.value,
                    created_by=accepted_by,
                    created_at=submitted_at - timedelta(hours=1),
                    updated_at=submitted_at,
                    submitted_by=accepted_by,
                    submitted_at=submitted_at,
                    hourly_rate_pence=rate,
                    amount_pence=amount_pence(rate, claim.hours * len(claim.mentors)),
                )
            ],
        )
        await _insert(
            ClaimMentor,
            [
                ClaimMentor(
                    claim=claim_ids[0],
                    mentor=mentor_ids[index],
                    hours=claim.hours,
                    training_type=claim.training_type.value,
                )
                for index in claim.mentors
            ],
        )
        for index in claim.mentors:
            await MentorAllowance.insert(
                MentorAllowance(
                    mentor=mentor_ids[index],
                    provider=provider_id,
                    academic_year=years[claim.year.start_year],
                )
            ).on_conflict(action="DO NOTHING")
    if built.payments_rehearsal:
        await rehearsal_claims(school_ids, moment)
    return school_ids


async def _roles(user_id: int, participant: Participant, now: datetime) -> None:
    # A support or provider participant is their own user with the persona's access, so
    # deleting them at a reset takes that access with them (by cascade).
    if participant.support:
        await SupportUser.insert(SupportUser(user=user_id, created_at=now))
    for provider_id in participant.provider_ids:
        await add_provider_user(user_id, provider_id, now)


async def clear(session: SessionValue, trns: tuple[str, str]) -> None:
    """Delete every row the session's scenario made or its participant added; nothing else."""
    school_ids = list(session.school_ids)
    participant = (
        await User.select(User.id, User.email)
        .where(User.persona == session.participant_key)
        .first()
    )
    # Colleagues the participant added exist only for these schools: find them before the
    # schools go, and delete them after if they belong nowhere else.
    colleague_ids = []
    if school_ids:
        colleague_ids = [
            row["user"]
            for row in await Membership.select(Membership.user).where(
                Membership.school.is_in(school_ids)
            )
        ]
        # Claims restrict deleting their school; their mentor lines cascade.
        await Claim.delete().where(Claim.school.is_in(school_ids))
        await School.delete().where(School.id.is_in(school_ids))
    if participant is not None:
        await _delete_emails([participant["email"]])
        # What a support participant did in the console: its log entries and the files it
        # sent or uploaded, which name the session's claims.
        await SupportEvent.delete().where(SupportEvent.user == participant["id"])
        await StoredFile.delete().where(StoredFile.created_by == participant["id"])
        await User.delete().where(User.id == participant["id"])
    await _delete_lone_colleagues(colleague_ids)
    await _delete_unused_mentors(trns)


async def _delete_lone_colleagues(user_ids: list[int]) -> None:
    if not user_ids:
        return
    members = {
        row["user"]
        for row in await Membership.select(Membership.user).where(Membership.user.is_in(user_ids))
    }
    lone = await User.select(User.id, User.email).where(
        User.id.is_in(user_ids) & User.persona.is_null() & User.dfe_sign_in_uid.is_null()
    )
    doomed = [row for row in lone if row["id"] not in members]
    if doomed:
        await _delete_emails([row["email"] for row in doomed])
        await User.delete().where(User.id.is_in([row["id"] for row in doomed]))


async def _delete_emails(addresses: list[str]) -> None:
    # Emails to people who existed only in the session hold names the participant typed.
    await MailboxMessage.delete().where(MailboxMessage.to_address.is_in(addresses))
    await EmailOutbox.delete().where(EmailOutbox.to_address.is_in(addresses))


async def _delete_unused_mentors(trns: tuple[str, str]) -> None:
    low, high = trns
    in_block = (Mentor.trn >= low) & (Mentor.trn <= high)
    mentors = [row["id"] for row in await Mentor.select(Mentor.id).where(in_block)]
    if not mentors:
        return
    used = {
        row["mentor"]
        for row in await SchoolMentor.select(SchoolMentor.mentor).where(
            SchoolMentor.mentor.is_in(mentors)
        )
    } | {
        row["mentor"]
        for row in await ClaimMentor.select(ClaimMentor.mentor).where(
            ClaimMentor.mentor.is_in(mentors)
        )
    }
    unused = [mentor for mentor in mentors if mentor not in used]
    if unused:
        await Mentor.delete().where(Mentor.id.is_in(unused))


async def delete_teacher_records(trns: tuple[str, str]) -> None:
    """Remove a session's fake teachers (TRNs from `low` to `high`) from the local TRS backend."""
    low, high = trns
    await TeacherRecord.delete().where((TeacherRecord.trn >= low) & (TeacherRecord.trn <= high))


async def add_events(events: Sequence[EventValue]) -> None:
    """Append to sessions' records."""
    if events:
        await ResearchEvent.insert(
            *[ResearchEvent(**msgspec.structs.asdict(each)) for each in events]
        )


async def session_events(session_id: int) -> list[EventValue]:
    """A session's whole record, in the order things happened."""
    rows = (
        await ResearchEvent.select(*_EVENT_COLUMNS)
        .where(ResearchEvent.session == session_id)
        .order_by(ResearchEvent.at)
        .order_by(ResearchEvent.id)
    )
    return [msgspec.convert(row, EventValue) for row in rows]


async def delete_events(session_id: int) -> None:
    """Forget a session's record, keeping the session."""
    await ResearchEvent.delete().where(ResearchEvent.session == session_id)
