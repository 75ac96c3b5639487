"""Whom each reminder is for, on the real database: eligibility, claims, sign-ins, providers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from db.queries.reminders import audience, last_sent
from db.queries.support_events import record_event
from db.tables import User
from domain.academic_years import AcademicYear
from domain.reminders import Reminder
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

YEAR = AcademicYear(2025)
SIGNED_IN_AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def _email(user_id: int) -> str:
    return (await User.select(User.email).where(User.id == user_id).first())["email"]


async def _school(name: str, *, claim_status: str | None = None, eligible=(2024, 2025)) -> dict:
    """A school of its own with one user, and a 2025 claim in the status given."""
    school_id = await new_school(name=f"{name} {uuid.uuid4().hex[:6]}", eligible_years=eligible)
    user_id, _ = await new_user(school_id)
    made = {"school": school_id, "user": user_id, "email": await _email(user_id)}
    if claim_status:
        mentor = await new_mentor(school_id)
        await new_claim(
            school_id, [(mentor, 2, "initial")], provider=await provider_id(0), status=claim_status
        )
    return made


def _emails(found) -> set[str]:
    return {each.email for each in found.recipients}


def test_schools_with_no_claims_counts_drafts_as_no_claim(database):
    async def scenario():
        none = await _school("None")
        draft = await _school("Draft", claim_status="draft")
        claimed = await _school("Claimed", claim_status="submitted")
        paid = await _school("Paid", claim_status="paid")
        not_eligible = await _school("Not eligible", eligible=(2024,))
        found = await audience(Reminder.NO_CLAIMS, YEAR)
        emails = _emails(found)
        assert none["email"] in emails and draft["email"] in emails
        assert not {claimed["email"], paid["email"], not_eligible["email"]} & emails

    run(scenario())


def test_a_user_of_many_schools_gets_one_email_naming_each(database):
    async def scenario():
        first = await new_school(name=f"Alpha {uuid.uuid4().hex[:6]}")
        second = await new_school(name=f"Beta {uuid.uuid4().hex[:6]}")
        user_id, _ = await new_user(first, second)
        found = await audience(Reminder.NO_CLAIMS, YEAR)
        mine = [each for each in found.recipients if each.email == await _email(user_id)]
        assert len(mine) == 1
        assert len(mine[0].schools) == 2 and mine[0].schools[0].startswith("Alpha")
        assert mine[0].name == "Test"

    run(scenario())


def test_a_school_with_no_users_is_counted_but_cannot_be_emailed(database):
    async def scenario():
        before = await audience(Reminder.NO_CLAIMS, YEAR)
        await new_school(name="Nobody Here School")
        after = await audience(Reminder.NO_CLAIMS, YEAR)
        assert after.schools == before.schools + 1
        assert after.unreachable == before.unreachable + 1
        assert after.recipients == before.recipients

    run(scenario())


def test_schools_where_nobody_signed_in(database):
    async def scenario():
        never = await _school("Never")
        signed_in = await _school("Signed in")
        await User.update({User.last_signed_in_at: SIGNED_IN_AT}).where(
            User.id == signed_in["user"]
        )
        # One colleague signing in is enough: the school is no longer reminded.
        shared = await _school("Shared")
        colleague, _ = await new_user(shared["school"])
        await User.update({User.last_signed_in_at: SIGNED_IN_AT}).where(User.id == colleague)
        found = await audience(Reminder.NOT_SIGNED_IN, YEAR)
        emails = _emails(found)
        assert never["email"] in emails
        assert signed_in["email"] not in emails and shared["email"] not in emails
        assert found.unreachable == 0

    run(scenario())


def test_providers_are_reminded_of_their_earlier_schools_that_have_not_claimed_with_them(
    database,
):
    async def scenario():
        from db.tables import Provider

        with_email = await (
            Provider.select(Provider.id)
            .where((Provider.email != "") & Provider.accredited.eq(True))
            .order_by(Provider.name)
            .limit(2)
        )
        provider, other = (row["id"] for row in with_email)
        quiet = await new_school(name=f"Quiet {uuid.uuid4().hex[:6]}")
        loyal = await new_school(name=f"Loyal {uuid.uuid4().hex[:6]}")
        moved = await new_school(name=f"Moved {uuid.uuid4().hex[:6]}")
        for school in (quiet, loyal, moved):
            mentor = await new_mentor(school)
            await new_claim(school, [(mentor, 3, "initial")], provider=provider, year=2024)
        mentor = await new_mentor(loyal)
        await new_claim(loyal, [(mentor, 3, "refresher")], provider=provider, year=2025)
        # Claimed this year, but with another provider: still one of `provider`'s schools
        # that has not claimed with it.
        mentor = await new_mentor(moved)
        await new_claim(moved, [(mentor, 3, "initial")], provider=other, year=2025)
        found = await audience(Reminder.PROVIDERS, YEAR)
        row = (
            await Provider.select(Provider.name, Provider.email)
            .where(Provider.id == provider)
            .first()
        )
        mine = next(each for each in found.recipients if each.email == row["email"])
        assert mine.name == row["name"]
        names = " ".join(mine.schools)
        assert "Quiet" in names and "Moved" in names and "Loyal" not in names

    run(scenario())


def test_last_sent_is_the_latest_sending_of_that_reminder(database):
    async def scenario():
        user_id, _ = await new_user()
        await record_event(user_id, Reminder.PROVIDERS.event, "first", SIGNED_IN_AT)
        await record_event(user_id, Reminder.PROVIDERS.event, "second", SIGNED_IN_AT)
        await record_event(user_id, "something_else", "third", SIGNED_IN_AT)
        last = await last_sent(Reminder.PROVIDERS)
        assert last is not None and last.description == "second"
        assert last.by == "Test User"

    run(scenario())


def test_a_provider_with_no_email_address_cannot_be_reminded(database):
    async def scenario():
        from db.tables import Provider

        row = await Provider.select(Provider.id).where(Provider.email == "").first()
        before = await audience(Reminder.PROVIDERS, YEAR)
        school = await new_school(name=f"Emailless {uuid.uuid4().hex[:6]}")
        mentor = await new_mentor(school)
        await new_claim(school, [(mentor, 3, "initial")], provider=row["id"], year=2024)
        after = await audience(Reminder.PROVIDERS, YEAR)
        assert after.schools == before.schools + 1
        assert after.recipients == before.recipients
        assert after.unreachable >= 1

    run(scenario())
