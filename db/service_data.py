"""Development tools' data changes: reset the service to a named scenario, and move every claim
after submission back to Submitted. Never offered in production (web/routes/support/development.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import msgspec

from db.personas import CLAIMS_PROVIDER_CODE, TRUST_CODE
from db.queries.support_events import record_claim_events, record_event
from db.queries.windows import all_windows
from db.seed import _rows, add_claim, first_mentor, seed
from db.tables import (
    Claim,
    ClaimMentor,
    ClaimWindow,
    DownloadLink,
    Eligibility,
    EmailOutbox,
    JourneyState,
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
    StoredFilePart,
    SupportEvent,
    TeacherRecord,
)
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType, allowance_hours
from domain.windows import current_window, latest_window_moment

# Rows a reset clears, children before parents. Kept: the registers (schools, providers), the
# academic years with their limits and rates, every account (so no signed-in session can ever
# land on an id a new account takes), support users and sessions.
_CLEARED = (
    ClaimMentor,
    MentorAllowance,
    DownloadLink,
    StoredFilePart,
    StoredFile,
    SupportEvent,
    Claim,
    MailboxMessage,
    EmailOutbox,
    JourneyState,
    ResearchEvent,
    ResearchNote,
    ResearchSession,
    SchoolMentor,
    Mentor,
    TeacherRecord,
    Membership,
    Eligibility,
    ClaimWindow,
)
# Claims of the payments rehearsal: one each for this many of the trust persona's schools.
REHEARSAL_CLAIMS = 10
# Accredited providers from the register data the rehearsal's claims name, in turn.
REHEARSAL_PROVIDERS = (CLAIMS_PROVIDER_CODE, "1CS", "2A2")


class Scenario(msgspec.Struct, frozen=True):
    """A state to put the whole service in, described for the support user choosing it."""

    key: str
    name: str
    description: str


SCENARIOS = (
    Scenario(
        key="seeded",
        name="The service as seeded",
        description="The claim windows DfE announced, the personas' schools and mentors, and "
        "the personas' earlier claims. Nothing support or schools did since is kept.",
    ),
    Scenario(
        key="payments-rehearsal",
        name="A payments rehearsal",
        description=f"The service as seeded, plus {REHEARSAL_CLAIMS} submitted claims from the "
        "trust persona's schools in the latest claim window, ready to send to the payer.",
    ),
)


def scenario(key: str) -> Scenario | None:
    """The scenario with this key, if there is one."""
    return next((each for each in SCENARIOS if each.key == key), None)


async def rehearsal_claims(school_ids: list[int], now: datetime) -> None:
    """Submitted claims ready to send to the payer: one for each school's first mentor, in the
    open claim window (else the latest), naming the rehearsal's providers in turn."""
    windows = await all_windows()
    window = current_window(windows, now) or max(windows, key=lambda each: each.ends_on)
    # Submitted now if a window is open, else at the start of the latest one.
    at = now if current_window(windows, now) else latest_window_moment(windows, now)
    hours = allowance_hours(TrainingType.INITIAL, window.academic_year)
    providers = {
        row["code"]: row["id"]
        for row in await Provider.select(Provider.id, Provider.code).where(
            Provider.code.is_in(list(REHEARSAL_PROVIDERS))
        )
    }
    for index, school_id in enumerate(school_ids):
        await add_claim(
            school_id,
            await first_mentor(school_id),
            providers[REHEARSAL_PROVIDERS[index % len(REHEARSAL_PROVIDERS)]],
            window.academic_year.start_year,
            min(hours, 6 + index),
            ClaimStatus.SUBMITTED,
            at,
        )


async def _payments_rehearsal(now: datetime) -> None:
    schools = await (
        School.select(School.id)
        .where(School.trust_code == TRUST_CODE)
        .order_by(School.id)
        .limit(REHEARSAL_CLAIMS)
    )
    await rehearsal_claims([row["id"] for row in schools], now)


_BUILDERS: dict[str, Callable[[datetime], Awaitable[None]]] = {
    "payments-rehearsal": _payments_rehearsal,
}


async def reset_to(chosen: Scenario, by_user_id: int, now: datetime) -> None:
    """Clear the service's data, seed it again, add the scenario's rows and record it, in the
    caller's transaction."""
    for table in _CLEARED:
        await table.delete(force=True)
    await School.update(
        {School.grant_conditions_accepted_at: None, School.grant_conditions_accepted_by: None},
        force=True,
    )
    # Research sessions' copies of schools, and any other school not in the register.
    register = [row["urn"] for row in _rows("schools.csv")]
    await School.delete().where(School.urn.not_in(register))
    await seed()
    builder = _BUILDERS.get(chosen.key)
    if builder is not None:
        await builder(now)
    await record_event(
        by_user_id, "service_reset", f"Service data reset to the scenario “{chosen.name}”", now
    )


# Every status a claim can reach after submission: all but these go back.
_NOT_MOVED = (ClaimStatus.DRAFT.value, ClaimStatus.SUBMITTED.value)


async def claims_after_submission() -> int:
    """How many claims have moved on from Submitted."""
    return await Claim.count().where(Claim.status.not_in(list(_NOT_MOVED)))


async def back_to_submitted(by_user_id: int, now: datetime) -> int:
    """Move every claim after submission back to Submitted, what the payer, the audit and any
    clawback said of it cleared, each claim's history and the activity log saying so, in the
    caller's transaction; how many."""
    moved = await Claim.raw(
        "UPDATE claim SET status = {}, unpaid_reason = '', sample_reason = '',"
        " clawback_pence = 0, clawback_requested_by = NULL, updated_at = {}"
        f" WHERE status NOT IN ('{_NOT_MOVED[0]}', '{_NOT_MOVED[1]}')"
        " RETURNING id, status",
        ClaimStatus.SUBMITTED.value,
        now,
    )
    if not moved:
        return 0
    # The claim's amount never changed (a clawback is kept beside it): only its mentors' audit
    # and clawback answers are left to clear.
    await ClaimMentor.update(
        {
            ClaimMentor.provider_rejection_reason: "",
            ClaimMentor.school_rejection_reason: "",
            ClaimMentor.trained_hours: None,
            ClaimMentor.clawback_reason: "",
            ClaimMentor.clawback_decision: "",
            ClaimMentor.clawback_rejection_reason: "",
        }
    ).where(ClaimMentor.claim.is_in([row["id"] for row in moved]))
    await record_claim_events(
        by_user_id,
        "claim_back_to_submitted",
        [(row["id"], "Moved back to submitted for a payments rehearsal") for row in moved],
        now,
    )
    await record_event(
        by_user_id,
        "claims_back_to_submitted",
        f"{len(moved)} {'claim' if len(moved) == 1 else 'claims'} moved back to submitted",
        now,
    )
    return len(moved)
