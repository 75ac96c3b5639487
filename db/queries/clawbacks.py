"""Clawbacks: the request, a second support user's decision, the payer's file and answer."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

import msgspec

from db.queries.audit import claims_named, count_by_status, status_problem
from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.queries.payments import BATCH, ClaimsChanged, SentFile, naming, store_sent_file
from db.queries.support_events import record_claim_events, record_event
from db.sql import fetch
from db.tables import Claim, ClaimMentor
from domain.claim_lifecycle import Action, ClaimAccount, after
from domain.claim_status import ClaimStatus
from domain.clawbacks import CLAWBACK_FILE_COLUMNS, ClawbackAnswer, MentorClawback, clawback_pence
from domain.csv_upload import RowError
from domain.funding import format_money
from domain.payments import amount_text, spreadsheet_safe

S = ClaimStatus
CLAWBACK_FILE = "clawback_claims"
CLAWBACK_RESPONSE = "clawback_response"
APPROVED, REJECTED = "approved", "rejected"


class ClawbackCounts(msgspec.Struct, frozen=True):
    """How many claims wait at each step of a clawback."""

    to_request: int
    awaiting_approval: int
    ready: int
    with_payer: int


async def clawback_counts(scope: ClaimScope = EVERY_CLAIM) -> ClawbackCounts:
    """The clawbacks page's counts, of the claims in scope."""
    found = await count_by_status(
        (
            S.REJECTED_BY_SCHOOL,
            S.CLAWBACK_REQUESTED,
            S.READY_FOR_CLAWBACK,
            S.SENT_TO_PAYER_FOR_CLAWBACK,
        ),
        scope,
    )
    return ClawbackCounts(*found.values())


class MentorHours(msgspec.Struct, frozen=True):
    """A rejected mentor line's clawback as support entered it."""

    line_id: int
    clawback: MentorClawback


async def request_clawback(
    claim_id: int, mentors: Sequence[MentorHours], by_user_id: int, now: datetime
) -> ClaimAccount | None:
    """Take back every hour not trained at the claim's stored rate: nothing to take back returns
    the claim to Paid, anything else asks a second support user to approve it. The claim's
    account afterwards, or None if it is no longer rejected by the school. In the caller's
    transaction."""
    row = (
        await Claim.select(Claim.status, Claim.amount_pence, Claim.hourly_rate_pence)
        .where(Claim.id == claim_id)
        .first()
    )
    if row is None or row["status"] != S.REJECTED_BY_SCHOOL.value:
        return None
    account = ClaimAccount(S.REJECTED_BY_SCHOOL, row["amount_pence"] or 0)
    amount = clawback_pence([each.clawback for each in mentors], row["hourly_rate_pence"] or 0)
    if amount:
        account = account.act(Action.REQUEST_CLAWBACK, min(amount, account.amount_pence))
    else:
        account = account.act(Action.NOTHING_TO_CLAW_BACK)
    moved = await fetch(
        "UPDATE claim SET status = {}, clawback_pence = {}, clawback_requested_by = {},"
        " updated_at = {} WHERE id = {} AND status = {} RETURNING id",
        account.status.value,
        account.clawback_pence,
        by_user_id if amount else None,
        now,
        claim_id,
        S.REJECTED_BY_SCHOOL.value,
    )
    if not moved:
        return None
    for each in mentors:
        await ClaimMentor.update(
            {
                ClaimMentor.trained_hours: each.clawback.trained_hours,
                ClaimMentor.clawback_reason: each.clawback.reason,
                ClaimMentor.clawback_decision: "",
                ClaimMentor.clawback_rejection_reason: "",
            }
        ).where((ClaimMentor.id == each.line_id) & (ClaimMentor.claim == claim_id))
    hours = "; ".join(
        f"{each.clawback.mentor}: trained {each.clawback.trained_hours} of "
        f"{each.clawback.claimed_hours} hours ({each.clawback.reason})"
        for each in mentors
    )
    what = (
        f"Clawback of {format_money(amount)} requested. {hours}"
        if amount
        else f"Nothing to claw back: every rejected hour was trained. {hours}"
    )
    await record_event(by_user_id, f"claim_{_action(amount).value}", what, now, claim_id=claim_id)
    return account


def _action(amount: int) -> Action:
    return Action.REQUEST_CLAWBACK if amount else Action.NOTHING_TO_CLAW_BACK


class Decision(msgspec.Struct, frozen=True):
    """A second support user's decision on one mentor's clawback."""

    line_id: int
    mentor: str
    approved: bool
    reason: str = ""


class NotYours(Exception):
    """The support user who requested a clawback cannot approve or reject it."""


async def decide_clawback(
    claim_id: int, decisions: Sequence[Decision], by_user_id: int, now: datetime
) -> ClaimStatus | None:
    """Every mentor's clawback approved makes the claim ready for clawback; any rejected sends it
    back to Rejected by school with nothing taken back. The new status, or None if it no longer
    awaits approval; NotYours for the requester. In the caller's transaction."""
    row = (
        await Claim.select(Claim.status, Claim.clawback_requested_by)
        .where(Claim.id == claim_id)
        .first()
    )
    if row is None or row["status"] != S.CLAWBACK_REQUESTED.value:
        return None
    if row["clawback_requested_by"] == by_user_id:
        raise NotYours()
    approved = all(each.approved for each in decisions)
    action = Action.APPROVE_CLAWBACK if approved else Action.REJECT_CLAWBACK
    moved_to = after(action, S.CLAWBACK_REQUESTED)
    # A rejected request takes nothing back (domain ClaimAccount): support may request again.
    kept = "" if approved else ", clawback_pence = 0"
    moved = await fetch(
        f"UPDATE claim SET status = {{}}, updated_at = {{}}{kept} WHERE id = {{}} AND status = {{}}"
        " AND (clawback_requested_by IS NULL OR clawback_requested_by <> {}) RETURNING id",
        moved_to.value,
        now,
        claim_id,
        S.CLAWBACK_REQUESTED.value,
        by_user_id,
    )
    if not moved:
        return None
    for each in decisions:
        await ClaimMentor.update(
            {
                ClaimMentor.clawback_decision: APPROVED if each.approved else REJECTED,
                ClaimMentor.clawback_rejection_reason: each.reason,
            }
        ).where((ClaimMentor.id == each.line_id) & (ClaimMentor.claim == claim_id))
    what = "; ".join(
        f"{each.mentor}: approved" if each.approved else f"{each.mentor}: rejected ({each.reason})"
        for each in decisions
    )
    verb = "approved" if approved else "rejected"
    await record_event(
        by_user_id, f"claim_{action.value}", f"Clawback {verb}. {what}", now, claim_id=claim_id
    )
    return moved_to


_READY = """
SELECT c.id, c.reference, c.amount_pence, c.clawback_pence, s.urn, s.name AS school_name,
       p.name AS provider_name, p.code AS provider_code
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
WHERE c.status = {} AND {scope}
ORDER BY c.reference
"""


def _clawback_csv(rows: Sequence[dict], status: ClaimStatus) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CLAWBACK_FILE_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["reference"],
                row["urn"],
                spreadsheet_safe(row["school_name"]),
                spreadsheet_safe(row["provider_name"] or ""),
                row["provider_code"] or "",
                amount_text(row["amount_pence"] or 0),
                amount_text(row["clawback_pence"] or 0),
                status.value,
            ]
        )
    return out.getvalue()


async def send_clawbacks_to_payer(
    by_user_id: int, now: datetime, scope: ClaimScope = EVERY_CLAIM
) -> SentFile | None:
    """Move every claim in scope ready for clawback to the payer, store their file and its
    download link, and record it; None when none is ready. In the caller's transaction."""
    moved_to = after(Action.SEND_CLAWBACK_TO_PAYER, S.READY_FOR_CLAWBACK)
    update, values = scoped(
        "UPDATE claim SET status = {}, updated_at = {} WHERE status = {} AND {scope} RETURNING id",
        scope,
        "school",
    )
    # Only claims still ready move: a second, simultaneous send finds none to move.
    moved = await fetch(update, moved_to.value, now, S.READY_FOR_CLAWBACK.value, *values)
    if not moved:
        return None
    moved_ids = {row["id"] for row in moved}
    ready, values = scoped(_READY, scope)
    rows = [row for row in await fetch(ready, moved_to.value, *values) if row["id"] in moved_ids]
    references = tuple(row["reference"] for row in rows)
    amount = sum(row["clawback_pence"] or 0 for row in rows)
    details = {"claim_count": str(len(rows)), "amount": format_money(amount)}
    file_id, nonce = await store_sent_file(
        CLAWBACK_FILE,
        f"claims-for-clawback-{now.date().isoformat()}.csv",
        _clawback_csv(rows, moved_to),
        details,
        by_user_id,
        now,
    )
    await record_event(
        by_user_id,
        "clawbacks_sent_to_payer",
        f"{len(rows)} clawbacks sent to the payer" + naming(references),
        now,
    )
    await record_claim_events(
        by_user_id,
        "claim_clawback_sent_to_payer",
        [(row["id"], "Clawback sent to the payer") for row in rows],
        now,
    )
    return SentFile(references, amount, file_id, nonce, details)


async def ready_count(scope: ClaimScope = EVERY_CLAIM) -> int:
    """How many claims in scope are ready for clawback."""
    return (await count_by_status((S.READY_FOR_CLAWBACK,), scope))[S.READY_FOR_CLAWBACK]


async def clawback_response_problems(
    answers: Sequence[ClawbackAnswer], seen: set[str], scope: ClaimScope = EVERY_CLAIM
) -> list[RowError]:
    """Rows naming no claim in scope, a claim twice (`seen` holds earlier batches' claims), or a
    claim not with the payer for clawback."""
    found = await claims_named([answer.reference for answer in answers], scope)
    errors = []
    for answer in answers:
        if answer.reference in seen:
            message = f"Claim {answer.reference} is in the file more than once"
        else:
            message = status_problem(
                answer.reference, found.get(answer.reference), S.SENT_TO_PAYER_FOR_CLAWBACK
            )
        seen.add(answer.reference)
        if message:
            errors.append(RowError(answer.row, "claim_reference", message))
    return errors


async def apply_clawback_response(
    file_id: int,
    answers: Sequence[ClawbackAnswer],
    by_user_id: int,
    now: datetime,
    scope: ClaimScope = EVERY_CLAIM,
) -> int:
    """Complete the clawbacks in scope the payer took back; how many. In the caller's
    transaction: ClaimsChanged rolls everything back (so does a claim out of scope)."""
    in_scope, values = scope.condition("school")
    moved_to = after(Action.CLAWBACK_COMPLETE, S.SENT_TO_PAYER_FOR_CLAWBACK)
    references = [answer.reference for answer in answers]
    described: list[tuple[int, str]] = []
    for begin in range(0, len(references), BATCH):
        chunk = references[begin : begin + BATCH]
        placeholders = ", ".join("{}" for _ in chunk)
        rows = await fetch(
            f"UPDATE claim SET status = {{}}, updated_at = {{}} WHERE status = {{}}"
            f" AND reference IN ({placeholders}) AND {in_scope} RETURNING id",
            moved_to.value,
            now,
            S.SENT_TO_PAYER_FOR_CLAWBACK.value,
            *chunk,
            *values,
        )
        if len(rows) != len(chunk):
            raise ClaimsChanged(", ".join(chunk))
        described.extend((row["id"], "The payer took the clawback back") for row in rows)
    await record_claim_events(by_user_id, "clawback_response", described, now)
    await record_event(
        by_user_id,
        "clawback_response_uploaded",
        f"Payer's clawback response uploaded: {len(described)} clawbacks complete"
        + naming(references),
        now,
        file_id=file_id,
    )
    return len(described)
