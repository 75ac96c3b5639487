"""Scenario seeding, reset and deletion on the real database: idempotent and isolated."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from db.personas import TRUST_CODE
from db.queries import research as rows
from db.tables import (
    AcademicYear,
    Claim,
    ClaimMentor,
    Eligibility,
    EmailOutbox,
    Membership,
    Mentor,
    ResearchSession,
    School,
    SchoolMentor,
    TeacherRecord,
    User,
)
from domain.windows import LONDON
from tests.fixtures.database import run
from web.research.clock import session_clock
from web.research.scenarios import SCENARIOS, first_trn, scenario
from web.research.sessions import block_trns, delete_session, reset_session, start_session

pytestmark = pytest.mark.usefixtures("database")


def snapshot(code: str) -> dict:
    """Everything a session's rows say, without ids that a rebuild renews."""

    async def take() -> dict:
        session = await rows.session_by_code(code)
        low, high = block_trns(session.trn_block)
        schools = await School.select(
            School.urn, School.name, School.trust_code, School.grant_conditions_accepted_at
        ).where(School.id.is_in(session.school_ids))
        mentors = await SchoolMentor.select(
            SchoolMentor.school.urn.as_alias("urn"), SchoolMentor.mentor.trn.as_alias("trn")
        ).where(SchoolMentor.school.is_in(session.school_ids))
        claims = await ClaimMentor.select(
            ClaimMentor.claim.school.urn.as_alias("urn"),
            ClaimMentor.claim.status.as_alias("status"),
            ClaimMentor.claim.academic_year.start_year.as_alias("year"),
            ClaimMentor.mentor.trn.as_alias("trn"),
            ClaimMentor.hours,
        ).where(ClaimMentor.claim.school.is_in(session.school_ids))
        members = await Membership.select(
            Membership.user.email.as_alias("email"), Membership.school.urn.as_alias("urn")
        ).where(Membership.school.is_in(session.school_ids))
        eligible = await Eligibility.select(
            Eligibility.school.urn.as_alias("urn"),
            Eligibility.academic_year.start_year.as_alias("year"),
        ).where(Eligibility.school.is_in(session.school_ids))
        return {
            "schools": sorted(
                (
                    row["urn"],
                    row["name"],
                    row["trust_code"],
                    bool(row["grant_conditions_accepted_at"]),
                )
                for row in schools
            ),
            "mentors": sorted((row["urn"], row["trn"]) for row in mentors),
            "claims": sorted(
                (row["urn"], row["status"], row["year"], row["trn"], row["hours"]) for row in claims
            ),
            "claim_count": await Claim.count().where(Claim.school.is_in(session.school_ids)),
            "members": sorted((row["email"], row["urn"]) for row in members),
            "eligible": sorted((row["urn"], row["year"]) for row in eligible),
            "participants": await User.count().where(User.persona == session.participant_key),
            "teachers": await TeacherRecord.count().where(
                (TeacherRecord.trn >= low) & (TeacherRecord.trn <= high)
            ),
            "block_mentors": await Mentor.count().where((Mentor.trn >= low) & (Mentor.trn <= high)),
        }

    return run(take())


def db(query):
    return run(query.run())


def session(code: str):
    return run(rows.session_by_code(code))


def start(key: str, clock):
    return run(start_session(key, clock))


async def _participant_id(code: str) -> int:
    found = await rows.session_by_code(code)
    return (await User.select(User.id).where(User.persona == found.participant_key).first())["id"]


def participant_changes(code: str) -> None:
    """What a participant might do: a draft claim, a mentor added, a colleague added and emailed."""

    async def change() -> None:
        found = await rows.session_by_code(code)
        school_id = found.school_ids[0]
        now = datetime.now(UTC)
        user_id = await _participant_id(code)
        year = (
            await AcademicYear.select(AcademicYear.id)
            .where(AcademicYear.start_year == 2025)
            .first()
        )
        draft = Claim(
            reference=str(90_000_000 + found.id),
            school=school_id,
            academic_year=year["id"],
            status="draft",
            created_by=user_id,
            created_at=now,
            updated_at=now,
        )
        await draft.save()
        seeded = await TeacherRecord.select().where(TeacherRecord.trn >= "2000000").first()
        mentor = await Mentor.objects().get(Mentor.trn == seeded["trn"])
        if mentor is None:
            mentor = Mentor(trn=seeded["trn"], first_name="A", last_name="B", created_at=now)
            await mentor.save()
        await SchoolMentor(school=school_id, mentor=mentor.id, created_at=now).save()
        email = f"typed.colleague.{found.code.lower()}@example.org"
        colleague = User(email=email, first_name="Typed", last_name="Colleague", created_at=now)
        await colleague.save()
        await Membership(user=colleague.id, school=school_id, created_at=now).save()
        await EmailOutbox(
            kind="colleague_added", to_address=email, next_attempt_at=now, created_at=now
        ).save()

    run(change())


def test_a_session_gets_its_own_copy_of_the_scenario(clock):
    started = start("first-claim", clock)
    found = snapshot(started.code)
    urn = "123457" + f"{started.trn_block:04d}"
    assert found["schools"] == [(urn, "Adderley CofE Primary School", None, False)]
    assert len(found["mentors"]) == 3
    assert all(
        low <= trn <= high
        for _, trn in found["mentors"]
        for low, high in [block_trns(started.trn_block)]
    )
    assert found["eligible"] == [(urn, year) for year in (2023, 2024, 2025, 2026)]
    assert found["participants"] == 1
    assert found["members"] == [(f"alex.carter.{started.code.lower()}@example.org", urn)]
    assert found["teachers"] == 3 and found["block_mentors"] == 3
    assert started.clock_offset_seconds is None  # 10 June 2026 already shows an open window
    assert ["Scenario", "A single school making its first claim"] in started.briefing


@pytest.mark.parametrize("key", [each.key for each in SCENARIOS])
def test_every_scenario_builds_resets_and_deletes(clock, key):
    started = start(key, clock)
    built = snapshot(started.code)
    assert built["schools"] and built["participants"] == 1
    reset = run(reset_session(started.code, clock))
    assert reset.run == 2
    assert snapshot(started.code) == built
    assert run(delete_session(started.code))
    assert session(started.code) is None
    school_ids = started.school_ids + reset.school_ids
    assert db(School.count().where(School.id.is_in(school_ids))) == 0
    assert db(User.count().where(User.persona == started.participant_key)) == 0
    low, high = block_trns(started.trn_block)
    assert (
        db(TeacherRecord.count().where((TeacherRecord.trn >= low) & (TeacherRecord.trn <= high)))
        == 0
    )
    assert db(Mentor.count().where((Mentor.trn >= low) & (Mentor.trn <= high))) == 0


def test_reset_puts_back_the_starting_state_and_pressing_it_twice_is_safe(clock):
    started = start("hours-used", clock)
    fresh = snapshot(started.code)
    participant_changes(started.code)
    changed = snapshot(started.code)
    assert changed["claim_count"] == fresh["claim_count"] + 1
    assert len(changed["mentors"]) == len(fresh["mentors"]) + 1
    assert len(changed["members"]) == 2

    first = run(reset_session(started.code, clock))
    assert snapshot(started.code) == fresh
    second = run(reset_session(started.code, clock))
    assert snapshot(started.code) == fresh
    assert (first.run, second.run) == (2, 3)
    # The colleague the participant typed in, and their email, are gone with the school.
    email = f"typed.colleague.{started.code.lower()}@example.org"
    assert db(User.count().where(User.email == email)) == 0
    assert db(EmailOutbox.count().where(EmailOutbox.to_address == email)) == 0


def test_two_resets_at_once_leave_one_copy(clock):
    started = start("first-claim", clock)
    fresh = snapshot(started.code)

    async def both():
        await asyncio.gather(reset_session(started.code, clock), reset_session(started.code, clock))

    run(both())
    assert snapshot(started.code) == fresh
    assert session(started.code).run == 3


def test_resetting_one_session_leaves_another_alone(clock):
    one = start("hours-used", clock)
    other = start("hours-used", clock)
    assert one.trn_block != other.trn_block
    participant_changes(one.code)
    participant_changes(other.code)
    other_before = snapshot(other.code)
    run(reset_session(one.code, clock))
    assert snapshot(other.code) == other_before
    run(delete_session(one.code))
    assert snapshot(other.code) == other_before


def test_a_session_never_touches_the_seeded_personas(clock):
    async def persona_rows():
        return (
            await School.count(),
            await Membership.count().where(Membership.user.persona == "trust"),
            await SchoolMentor.count().where(SchoolMentor.school.urn == "123457"),
        )

    schools, trust_members, persona_mentors = run(persona_rows())
    started = start("trust", clock)
    assert run(persona_rows()) == (schools + 44, trust_members, persona_mentors)
    run(reset_session(started.code, clock))
    run(delete_session(started.code))
    assert run(persona_rows()) == (schools, trust_members, persona_mentors)


def test_the_trust_scenario_copies_the_register_trust_with_a_shared_mentor(clock):
    started = start("trust", clock)
    found = snapshot(started.code)
    assert len(found["schools"]) == 44
    assert {trust for _, _, trust, _ in found["schools"]} == {f"R{started.trn_block:04d}"}
    assert sum(1 for *_, accepted in found["schools"] if not accepted) == 3
    shared = str(first_trn(started.trn_block))
    assert sum(1 for _, trn in found["mentors"] if trn == shared) == 2
    register = db(School.count().where(School.trust_code == TRUST_CODE))
    assert register == 44


def test_hours_used_has_a_submitted_claim_for_the_whole_allowance(clock):
    started = start("hours-used", clock)
    [(_urn, status, year, trn, hours)] = snapshot(started.code)["claims"]
    assert (status, year, hours) == ("submitted", 2025, 16)
    assert trn == str(first_trn(started.trn_block))
    assert any(
        "has used all 16 hours of initial training with Bath Spa University" in text
        for _, text in started.briefing
    )


def test_the_refresher_mentor_has_last_years_claim(clock):
    started = start("refresher", clock)
    [(_, status, year, _, _)] = snapshot(started.code)["claims"]
    assert (status, year) == ("submitted", 2024)
    assert any("up to 6 hours of refresher training" in text for _, text in started.briefing)


def test_the_trn_not_found_is_not_in_the_teaching_record(clock):
    started = start("trn-not-found", clock)
    [text] = [text for label, text in started.briefing if label == "TRN not found"]
    trn = text.split()[1].rstrip(",")
    assert db(TeacherRecord.count().where(TeacherRecord.trn == trn)) == 0


def test_no_mentors_gives_the_facilitator_teachers_the_teaching_record_finds(clock):
    started = start("no-mentors", clock)
    assert snapshot(started.code)["mentors"] == []
    given = [text for label, text in started.briefing if label == "Mentor to add"]
    assert len(given) == 2
    trn = given[0].split()[1].rstrip(",")
    record = db(TeacherRecord.select().where(TeacherRecord.trn == trn).first())
    assert record is not None
    assert f"date of birth {record['date_of_birth'].day} " in given[0]


def test_the_not_eligible_school_lacks_only_this_years_eligibility(clock):
    started = start("not-eligible", clock)
    assert [year for _, year in snapshot(started.code)["eligible"]] == [2023, 2024, 2026]


def test_a_scenario_with_a_date_starts_on_it(clock):
    started = start("window-closing", clock)
    now = session_clock(started.clock_offset_seconds, clock).now().astimezone(LONDON)
    assert (now.date(), now.hour) == (date(2026, 7, 15), 10)
    closed = start("window-closed", clock)
    assert session_clock(closed.clock_offset_seconds, clock).now().astimezone(
        LONDON
    ).date() == date(2025, 7, 19)


def test_reset_keeps_the_date_the_facilitator_chose(clock):
    from web.research.dates import SessionDate, at_session_time, on_day
    from web.research.sessions import choose_session_date, set_session_date

    started = start("window-closing", clock)
    run(choose_session_date(started.code, SessionDate.CLOSES_TODAY, clock))
    # Time moves on in the session; the reset starts the next participant at 10am again.
    clock.moment = clock.moment.replace(hour=15)
    run(reset_session(started.code, clock))
    now = session_clock(session(started.code).clock_offset_seconds, clock).now().astimezone(LONDON)
    assert (now.date(), now.hour) == (date(2026, 7, 17), 10)

    typed = date(2027, 1, 15)
    run(set_session_date(started.code, at_session_time(typed), clock, choice=on_day(typed)))
    run(reset_session(started.code, clock))
    now = session_clock(session(started.code).clock_offset_seconds, clock).now().astimezone(LONDON)
    assert (now.date(), now.hour) == (typed, 10)

    run(choose_session_date(started.code, SessionDate.SERVICE, clock))
    run(reset_session(started.code, clock))
    assert session(started.code).clock_offset_seconds is None


def test_without_a_chosen_date_reset_puts_the_session_back_on_its_scenarios_date(clock):
    from web.research.sessions import set_session_date

    started = start("window-closing", clock)
    run(set_session_date(started.code, None, clock))
    assert session(started.code).clock_offset_seconds is None
    run(reset_session(started.code, clock))
    assert session(started.code).clock_offset_seconds == started.clock_offset_seconds


def test_unknown_sessions_and_scenarios(clock):
    from web.research.sessions import UnknownScenario

    assert run(reset_session("NOSUCH", clock)) is None
    assert not run(delete_session("NOSUCH"))
    with pytest.raises(UnknownScenario):
        start("no-such-scenario", clock)
    assert scenario("no-such-scenario") is None
    assert db(ResearchSession.count().where(ResearchSession.scenario == "no-such-scenario")) == 0
