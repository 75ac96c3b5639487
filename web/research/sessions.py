"""Starting, resetting, re-dating and deleting research sessions."""

from __future__ import annotations

import math
import secrets
from datetime import datetime

from db.queries import research as rows
from db.queries.research import NoteValue, Participant, Plan, SessionValue
from db.queries.windows import all_windows
from domain.academic_years import AcademicYear
from domain.dates import format_date
from domain.hours import TrainingType, allowance_hours, format_hours
from web.clock import Clock
from web.research.dates import SessionDate, chosen_moment, moment_for, reference_window
from web.research.journal import ACTIVE, JOURNAL
from web.research.scenarios import (
    PROVIDER_CODE,
    TRN_BLOCK_SIZE,
    TRN_BLOCKS,
    Scenario,
    first_trn,
    plan,
    scenario,
)

# Short enough to read out to a participant; no 0/O, 1/I/L to mishear or mistype.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
ATTEMPTS = 5


class UnknownScenario(Exception):
    """No scenario has the key given."""


def new_code() -> str:
    """A random session code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def participant_key(code: str) -> str:
    """The session's participant user's persona key."""
    return f"research-{code.lower()}"


def block_trns(block: int) -> tuple[str, str]:
    """The first and last TRN of a session's block, as stored."""
    first = first_trn(block)
    return str(first), str(first + TRN_BLOCK_SIZE - 1)


def offset_seconds(moment: datetime | None, now: datetime) -> int | None:
    """How far a session's date is from the service's, in whole seconds."""
    # Rounded up, so the session is never a moment before the time it was put on (9:59am).
    return None if moment is None else math.ceil((moment - now).total_seconds())


async def start_session(key: str, base: Clock) -> SessionValue:
    """A new session for the scenario, with its own freshly built rows."""
    chosen = scenario(key)
    if chosen is None:
        raise UnknownScenario(key)
    for _ in range(ATTEMPTS):
        taken = await rows.taken_blocks()
        block = next((each for each in range(TRN_BLOCKS) if each not in taken), None)
        if block is None:
            raise RuntimeError("Every TRN block is in use: delete some old research sessions")
        code = new_code()
        session = await rows.insert_session(
            code=code,
            scenario=chosen.key,
            trn_block=block,
            participant_key=participant_key(code),
            now=base.now(),
        )
        # None: another session took the code or the block a moment ago, so try again.
        if session is not None:
            return await _build(session, chosen, base, next_run=False)
    raise RuntimeError("Could not find a free session code and TRN block")


async def reset_session(code: str, base: Clock) -> SessionValue | None:
    """Delete the session's rows and build them again from its scenario; a new run begins."""
    session = await rows.session_by_code(code)
    chosen = scenario(session.scenario) if session else None
    if session is None or chosen is None:
        return None
    return await _build(session, chosen, base, next_run=True)


async def _build(
    session: SessionValue, chosen: Scenario, base: Clock, *, next_run: bool
) -> SessionValue:
    async with rows.write_transaction():
        # Taking the session's row first makes a second reset wait, then rebuild after this one.
        await rows.start_run(session.id, next_run=next_run)
        current = await rows.session_by_code(session.code)
        if current is None:
            raise LookupError(f"research session {session.code} was deleted")
        await rows.clear(current, block_trns(current.trn_block))
        now = base.now()
        windows = await all_windows()
        # The date the facilitator chose outlives a reset: only the data starts again.
        moment = chosen_moment(current.date_choice, chosen.date, windows, now)
        year = reference_window(windows, moment or now).academic_year
        urns = await rows.register_school_urns(chosen.school_urns, chosen.trust_code)
        built = plan(chosen, urns, current.trn_block, year)
        provider_id, provider_name = await rows.provider_named(PROVIDER_CODE)
        participant = Participant(
            key=current.participant_key,
            email=f"{chosen.first_name}.{chosen.last_name}.{current.code}@example.org".lower(),
            first_name=chosen.first_name,
            last_name=chosen.last_name,
            member=not (chosen.support or chosen.provider_codes),
            support=chosen.support,
            provider_ids=tuple(
                [(await rows.provider_named(code))[0] for code in chosen.provider_codes]
            ),
        )
        school_ids = await rows.build(
            built, participant, provider_id=provider_id, moment=moment or now, now=now
        )
        names = await rows.school_names(school_ids)
        await rows.save_build(
            current.id,
            school_ids=school_ids,
            briefing=briefing(
                chosen, built, participant, [names[each] for each in school_ids], provider_name
            ),
            offset_seconds=offset_seconds(moment, now),
            now=now,
        )
    ACTIVE.forget(session.code)
    rebuilt = await rows.session_by_code(session.code)
    assert rebuilt is not None
    return rebuilt


def briefing(
    chosen: Scenario,
    built: Plan,
    participant: Participant,
    school_names: list[str],
    provider_name: str,
) -> list[list[str]]:
    """What the facilitator needs to know and tell the participant, as label and text pairs."""
    facts = [
        ["Scenario", chosen.name],
        ["Participant", f"{participant.first_name} {participant.last_name}"],
    ]
    if len(school_names) == 1:
        facts.append(["School", school_names[0]])
        mentors = [built.mentors[index].name for index in built.schools[0].mentors]
        facts.append(["Mentors", ", ".join(mentors) if mentors else "None yet"])
    else:
        facts.append(["Schools", f"{len(school_names)} schools, from {school_names[0]}"])
        if chosen.shared_mentor and built.mentors:
            facts.append(
                [
                    "Shared mentor",
                    f"{built.mentors[0].name} mentors at {school_names[0]} and {school_names[1]}",
                ]
            )
    # A provider's claims are facts of their own (_role_facts), not a mentor's situation.
    for claim in () if chosen.provider_claims else built.claims:
        mentor = built.mentors[claim.mentors[0]].name
        if claim.year == built.year:
            facts.append(
                [
                    "Hours used up",
                    (
                        f"{mentor} has used all {format_hours(claim.hours)} of "
                        f"{claim.training_type.label} with {provider_name} in {claim.year.name}"
                    ),
                ]
            )
        else:
            facts.append(["Refresher mentor", _refresher_fact(mentor, provider_name, built.year)])
    facts += _role_facts(chosen, built, provider_name)
    if not chosen.eligible:
        facts.append(["Eligibility", f"Did not host ITT placements in {built.year.name}"])
    for each in built.spare_teachers:
        facts.append(
            [
                "Mentor to add",
                f"TRN {each.trn}, date of birth {format_date(each.date_of_birth)} ({each.name})",
            ]
        )
    if built.missing_teacher is not None:
        missing = built.missing_teacher
        facts.append(
            [
                "TRN not found",
                (
                    f"TRN {missing.trn}, date of birth {format_date(missing.date_of_birth)}: "
                    "the Teaching Record System has no such teacher"
                ),
            ]
        )
    return facts


def _role_facts(chosen: Scenario, built: Plan, provider_name: str) -> list[list[str]]:
    if chosen.support:
        facts = [["Role", "Support agent, in the support console"]]
    elif chosen.provider_codes:
        facts = [["Role", f"A user of {provider_name}, reading the claims that name it"]]
    else:
        return []
    if built.payments_rehearsal:
        facts.append(
            [
                "Claims to send",
                (
                    f"{len(built.schools)} submitted claims, one from each school, in the claim "
                    f"window of {built.year.name}"
                ),
            ]
        )
    if chosen.provider_claims:
        this_year = sum(claim.year == built.year for claim in built.claims)
        facts.append(
            [
                "Claims",
                (
                    f"{this_year} submitted claims with {provider_name} in {built.year.name} and "
                    f"{len(built.claims) - this_year} in {built.year.previous.name}"
                ),
            ]
        )
    return facts


def _refresher_fact(mentor: str, provider_name: str, year: AcademicYear) -> str:
    hours = format_hours(allowance_hours(TrainingType.REFRESHER, year))
    return (
        f"{mentor} trained with {provider_name} in {year.previous.name}, so can claim up to "
        f"{hours} of refresher training with them in {year.name}"
    )


async def set_session_date(
    code: str, moment: datetime | None, base: Clock, *, choice: str | None = None
) -> bool:
    """Put the session on `moment` (None: the service's own date); False if no such session.

    `choice` is kept, so a reset puts the session back on the date the facilitator chose.
    """
    session = await rows.session_by_code(code)
    if session is None:
        return False
    await rows.set_clock_offset(session.id, offset_seconds(moment, base.now()), choice)
    ACTIVE.forget(code)
    return True


async def choose_session_date(code: str, choice: SessionDate, base: Clock) -> bool:
    """Put the session on one of the named dates."""
    now = base.now()
    moment = moment_for(choice, await all_windows(), now)
    return await set_session_date(code, moment, base, choice=choice.value)


async def set_session_study(code: str, study: str) -> bool:
    """Put the session in a named study, spelt as any session already in it spells it."""
    session = await rows.session_by_code(code)
    if session is None:
        return False
    existing = {name.casefold(): name for name in await rows.study_names()}
    await rows.set_study(session.id, existing.get(study.casefold(), study))
    return True


async def add_note(session: SessionValue, text: str, base: Clock) -> None:
    """Keep a facilitator's note on the session's current run."""
    await rows.add_note(NoteValue(session=session.id, run=session.run, at=base.now(), text=text))


async def delete_session(code: str) -> bool:
    """Delete the session, its record and every row it built; False if there was no session."""
    session = await rows.session_by_code(code)
    if session is None:
        return False
    await JOURNAL.flush()
    async with rows.write_transaction():
        await rows.clear(session, block_trns(session.trn_block))
        await rows.delete_teacher_records(block_trns(session.trn_block))
        await rows.delete_session_row(session.id)
    ACTIVE.forget(code)
    return True
