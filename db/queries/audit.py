"""Auditing paid claims: the sample, the providers' files, their answers and support's decisions."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import msgspec

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.queries.payments import BATCH, ClaimsChanged, naming, store_sent_file
from db.queries.support_events import record_claim_events, record_event
from db.sql import fetch
from db.tables import Claim, ClaimMentor
from domain.audit import (
    PROVIDER_FILE_COLUMNS,
    ProviderAnswer,
    ProviderResponseCheck,
    SampleRow,
    same_name,
)
from domain.claim_lifecycle import Action, after, allowed
from domain.claim_status import ClaimStatus
from domain.csv_upload import RowError
from domain.dates import format_date_with_weekday
from domain.payments import spreadsheet_safe

S = ClaimStatus
PROVIDER_FILE = "audit_provider_file"
SAMPLE_UPLOAD = "audit_sample"
PROVIDER_RESPONSE = "audit_provider_response"


class AuditCounts(msgspec.Struct, frozen=True):
    """How many claims await a provider, were rejected by one, or by the school after a hearing."""

    with_provider: int
    rejected_by_provider: int
    rejected_by_school: int


async def count_by_status(
    statuses: Sequence[ClaimStatus], scope: ClaimScope = EVERY_CLAIM
) -> dict[ClaimStatus, int]:
    """How many claims in scope are in each of the statuses."""
    placeholders = ", ".join("{}" for _ in statuses)
    in_scope, values = scope.condition("school")
    rows = await fetch(
        f"SELECT status, COUNT(*) AS n FROM claim WHERE status IN ({placeholders})"
        f" AND {in_scope} GROUP BY status",
        *(status.value for status in statuses),
        *values,
    )
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status.value, 0) for status in statuses}


async def audit_counts(scope: ClaimScope = EVERY_CLAIM) -> AuditCounts:
    """The auditing page's counts, of the claims in scope."""
    found = await count_by_status(
        (S.SAMPLING_IN_PROGRESS, S.SAMPLING_NOT_APPROVED, S.REJECTED_BY_SCHOOL), scope
    )
    return AuditCounts(
        found[S.SAMPLING_IN_PROGRESS], found[S.SAMPLING_NOT_APPROVED], found[S.REJECTED_BY_SCHOOL]
    )


_CLAIMS_NAMED = """
SELECT c.id, c.reference, c.status, c.provider, p.name AS provider_name, p.email AS provider_email
FROM claim AS c LEFT JOIN provider AS p ON p.id = c.provider
WHERE c.reference IN ({placeholders}) AND c.status <> 'draft' AND {scope}
"""


async def claims_named(
    references: Sequence[str], scope: ClaimScope = EVERY_CLAIM
) -> dict[str, dict]:
    """The submitted claims in scope with these references, by reference, a batch per query."""
    unique = sorted(set(references))
    found: dict[str, dict] = {}
    in_scope, values = scope.condition()
    for start in range(0, len(unique), BATCH):
        chunk = unique[start : start + BATCH]
        sql = _CLAIMS_NAMED.format(placeholders=", ".join("{}" for _ in chunk), scope=in_scope)
        found.update({row["reference"]: row for row in await fetch(sql, *chunk, *values)})
    return found


def status_problem(reference: str, row: dict | None, wanted: ClaimStatus) -> str:
    """Why a row's claim cannot be used: unknown, or not in the wanted status; "" if it can."""
    if row is None:
        return f"There is no submitted claim with the reference {reference}"
    if row["status"] != wanted.value:
        label = ClaimStatus(row["status"]).label.lower()
        return f"Claim {reference} is {label}, not {wanted.label.lower()}"
    return ""


async def sample_problems(
    rows: Sequence[SampleRow], seen: set[str], scope: ClaimScope = EVERY_CLAIM
) -> list[RowError]:
    """Rows naming no claim in scope, a claim twice (`seen` holds earlier batches' claims), a
    claim that is not paid, or a provider nobody can email."""
    found = await claims_named([row.reference for row in rows], scope)
    errors = []
    for row in rows:
        claim = found.get(row.reference)
        if row.reference in seen:
            message = f"Claim {row.reference} is in the file more than once"
        elif message := status_problem(row.reference, claim, S.PAID):
            pass
        elif claim["provider"] is None:
            message = f"Claim {row.reference} names no provider to audit it"
        elif not (claim["provider_email"] or "").strip():
            message = (
                f"{claim['provider_name']} has no contact email address, so claim "
                f"{row.reference} cannot be sent to them"
            )
        seen.add(row.reference)
        if message:
            errors.append(RowError(row.row, "claim_reference", message))
    return errors


class ProviderFile(msgspec.Struct, frozen=True):
    """A provider's audit file just stored: who to email, the link's nonce and what to say."""

    email: str
    nonce: str
    details: dict[str, str]


_MENTOR_LINES = """
SELECT c.id AS claim_id, c.reference, c.provider, s.name AS school_name, m.first_name,
       m.last_name, cm.id, cm.hours
FROM claim AS c
JOIN school AS s ON s.id = c.school
JOIN claim_mentor AS cm ON cm.claim = c.id
JOIN mentor AS m ON m.id = cm.mentor
WHERE c.id IN ({placeholders})
ORDER BY c.reference, m.last_name, m.first_name, cm.id
"""


async def mentor_lines(claim_ids: Sequence[int]) -> list[dict]:
    """Every mentor line of the claims, claim by claim, a batch of claims per query."""
    lines: list[dict] = []
    for start in range(0, len(claim_ids), BATCH):
        chunk = list(claim_ids[start : start + BATCH])
        sql = _MENTOR_LINES.format(placeholders=", ".join("{}" for _ in chunk))
        lines.extend(await fetch(sql, *chunk))
    return lines


def _provider_csv(lines: Sequence[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PROVIDER_FILE_COLUMNS)
    for line in lines:
        writer.writerow(
            [
                line["reference"],
                spreadsheet_safe(line["school_name"]),
                spreadsheet_safe(f"{line['first_name']} {line['last_name']}"),
                line["hours"] if line["hours"] is not None else "",
                "",
                "",
            ]
        )
    return out.getvalue()


async def request_audit(
    file_id: int,
    rows: Sequence[SampleRow],
    deadline: date,
    by_user_id: int,
    now: datetime,
    scope: ClaimScope = EVERY_CLAIM,
) -> list[ProviderFile]:
    """Move the sampled claims in scope to Audit requested, store one file per provider with a
    download link, and record it all, naming the uploaded file. In the caller's transaction:
    ClaimsChanged rolls everything back (a claim out of scope changes nothing, so rolls back
    too)."""
    moved_to = after(Action.REQUEST_AUDIT, S.PAID)
    claims = await claims_named([row.reference for row in rows], scope)
    sql, values = scoped(
        "UPDATE claim SET status = {}, sample_reason = {}, updated_at = {}"
        " WHERE reference = {} AND status = {} AND {scope} RETURNING id",
        scope,
        "school",
    )
    for row in rows:
        # One at a time: each claim keeps its own reason.
        moved = await fetch(
            sql, moved_to.value, row.reason, now, row.reference, S.PAID.value, *values
        )
        if not moved:
            raise ClaimsChanged(row.reference)
    by_provider: dict[int, list[dict]] = {}
    for row in rows:
        by_provider.setdefault(claims[row.reference]["provider"], []).append(claims[row.reference])
    files = []
    for provider_claims in by_provider.values():
        provider = provider_claims[0]
        references = sorted(claim["reference"] for claim in provider_claims)
        details = {
            "email": provider["provider_email"],
            "provider_name": provider["provider_name"],
            "claim_count": str(len(provider_claims)),
            "deadline": format_date_with_weekday(deadline),
        }
        _, nonce = await store_sent_file(
            PROVIDER_FILE,
            f"claims-to-audit-{now.date().isoformat()}.csv",
            _provider_csv(await mentor_lines([c["id"] for c in provider_claims])),
            details,
            by_user_id,
            now,
        )
        files.append(ProviderFile(provider["provider_email"], nonce, details))
        await record_event(
            by_user_id,
            "audit_requested",
            f"{len(references)} claims sent to {provider['provider_name']} to audit"
            + naming(references),
            now,
            file_id=file_id,
        )
    await record_claim_events(
        by_user_id,
        "claim_audit_requested",
        [(claims[row.reference]["id"], f"Audit requested: {row.reason}") for row in rows],
        now,
    )
    return files


async def audited_claims(
    references: Sequence[str], scope: ClaimScope = EVERY_CLAIM
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Of the claims in scope named, those awaiting their provider with their mentors' names,
    and the others' status words."""
    found = await claims_named(references, scope)
    waiting = {
        ref: row for ref, row in found.items() if row["status"] == S.SAMPLING_IN_PROGRESS.value
    }
    others = {
        ref: ClaimStatus(row["status"]).label.lower()
        for ref, row in found.items()
        if ref not in waiting
    }
    audited: dict[str, list[str]] = {ref: [] for ref in waiting}
    for line in await mentor_lines([row["id"] for row in waiting.values()]):
        audited[line["reference"]].append(f"{line['first_name']} {line['last_name']}")
    return audited, others


async def provider_problems(
    answers: Sequence[ProviderAnswer],
    check: ProviderResponseCheck,
    scope: ClaimScope = EVERY_CLAIM,
) -> list[RowError]:
    """What is wrong with a batch of a provider's answers against the claims in scope awaiting
    them."""
    audited, others = await audited_claims([answer.reference for answer in answers], scope)
    return check.rows(answers, audited, others)


class AuditOutcome(msgspec.Struct, frozen=True):
    """What a provider's answers did: claims approved, and the ids of those rejected."""

    approved: int
    rejected_ids: tuple[int, ...]


async def apply_provider_response(
    file_id: int,
    answers: Sequence[ProviderAnswer],
    by_user_id: int,
    now: datetime,
    scope: ClaimScope = EVERY_CLAIM,
) -> AuditOutcome:
    """Apply a provider's answers to claims in scope: a claim whose every mentor was accepted is
    paid again, any other is rejected by the provider with each mentor's reason. In the
    caller's transaction: ClaimsChanged rolls everything back (so does a claim out of scope)."""
    claims = await claims_named([answer.reference for answer in answers], scope)
    by_claim: dict[str, list[ProviderAnswer]] = {}
    for answer in answers:
        by_claim.setdefault(answer.reference, []).append(answer)
    if missing := sorted(set(by_claim) - set(claims)):
        raise ClaimsChanged(", ".join(missing))
    lines: dict[int, list[dict]] = {}
    for line in await mentor_lines([claims[ref]["id"] for ref in by_claim]):
        lines.setdefault(line["claim_id"], []).append(line)
    approved, rejected = [], []
    described: list[tuple[int, str]] = []
    for reference, claim_answers in by_claim.items():
        claim_id = claims[reference]["id"]
        refused = [answer for answer in claim_answers if not answer.accepted]
        if not refused:
            moved = await fetch(
                "UPDATE claim SET status = {}, updated_at = {} WHERE id = {} AND status = {}"
                " RETURNING id",
                after(Action.PROVIDER_APPROVED, S.SAMPLING_IN_PROGRESS).value,
                now,
                claim_id,
                S.SAMPLING_IN_PROGRESS.value,
            )
            if not moved:
                raise ClaimsChanged(reference)
            approved.append(reference)
            described.append((claim_id, "The provider approved the claim"))
            continue
        reasons = {
            line["id"]: answer.reason
            for answer in refused
            for line in lines[claim_id]
            if same_name(answer.mentor, f"{line['first_name']} {line['last_name']}")
        }
        await _move_with_reasons(
            claim_id, reasons, "provider_rejection_reason", Action.PROVIDER_REJECTED, now
        )
        rejected.append(claim_id)
        described.append(
            (
                claim_id,
                "The provider rejected the claim: "
                + "; ".join(f"{answer.mentor}: {answer.reason}" for answer in refused),
            )
        )
    await record_claim_events(by_user_id, "provider_response", described, now)
    await record_event(
        by_user_id,
        "provider_response_uploaded",
        f"Provider's response uploaded: {len(approved)} approved, {len(rejected)} rejected"
        + naming(sorted(by_claim)),
        now,
        file_id=file_id,
    )
    return AuditOutcome(len(approved), tuple(rejected))


async def _move_with_reasons(
    claim_id: int, reasons: Mapping[int, str], column: str, action: Action, now: datetime
) -> ClaimStatus:
    """Move one claim by an audit rejection and keep each rejected mentor line's reason;
    ClaimsChanged if the action cannot happen to it now."""
    row = await Claim.select(Claim.status).where(Claim.id == claim_id).first()
    status = ClaimStatus(row["status"]) if row else None
    if status is None or not allowed(action, status):
        raise ClaimsChanged(str(claim_id))
    moved = await fetch(
        "UPDATE claim SET status = {}, updated_at = {} WHERE id = {} AND status = {} RETURNING id",
        after(action, status).value,
        now,
        claim_id,
        status.value,
    )
    if not moved:
        raise ClaimsChanged(str(claim_id))
    for line_id, reason in reasons.items():
        await ClaimMentor.update({getattr(ClaimMentor, column): reason}).where(
            (ClaimMentor.id == line_id) & (ClaimMentor.claim == claim_id)
        )
    return after(action, status)


async def reject_mentors(
    claim_id: int,
    action: Action,
    reasons: Mapping[int, str],
    names: Mapping[int, str],
    by_user_id: int,
    now: datetime,
) -> ClaimStatus | None:
    """Support records a rejection (the provider's, or the school's after a hearing) with a
    reason for each mentor line; the claim's new status, or None if it has moved on. In the
    caller's transaction."""
    column = {
        Action.PROVIDER_REJECTED: "provider_rejection_reason",
        Action.REJECT_AFTER_HEARING_SCHOOL: "school_rejection_reason",
    }[action]
    try:
        moved_to = await _move_with_reasons(claim_id, reasons, column, action, now)
    except ClaimsChanged:
        return None
    who = (
        "The provider"
        if action is Action.PROVIDER_REJECTED
        else "After hearing the school, support"
    )
    await record_event(
        by_user_id,
        f"claim_{action.value}",
        f"{who} rejected the claim: "
        + "; ".join(f"{names[line_id]}: {reason}" for line_id, reason in reasons.items()),
        now,
        claim_id=claim_id,
    )
    return moved_to


class SchoolContact(msgspec.Struct, frozen=True):
    """A user of a claim's school, to email about the claim."""

    claim_id: int
    reference: str
    school_name: str
    provider_name: str
    email: str
    first_name: str


_CONTACTS = """
SELECT c.id AS claim_id, c.reference, s.name AS school_name, COALESCE(p.name, '') AS provider_name,
       u.email, u.first_name
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
JOIN membership AS ms ON ms.school = s.id
JOIN app_user AS u ON u.id = ms.user
WHERE c.id IN ({placeholders})
ORDER BY c.id, u.email
"""


async def school_contacts(claim_ids: Sequence[int]) -> list[SchoolContact]:
    """Every user of each claim's school, claim by claim."""
    found: list[SchoolContact] = []
    for start in range(0, len(claim_ids), BATCH):
        chunk = list(claim_ids[start : start + BATCH])
        sql = _CONTACTS.format(placeholders=", ".join("{}" for _ in chunk))
        found.extend(msgspec.convert(row, SchoolContact) for row in await fetch(sql, *chunk))
    return found
