"""Paying claims: counts by payment status, sending a window's claims, the payer's response."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

import msgspec

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope, scoped
from db.queries.support_events import record_claim_events, record_event
from db.sql import fetch
from db.tables import Claim, DownloadLink, StoredFile
from domain.claim_lifecycle import Action, after, allowed
from domain.claim_search import ClaimSearch
from domain.claim_status import ClaimStatus
from domain.csv_upload import RowError, RowsChanged
from domain.download_links import LINK_LIFETIME, new_nonce
from domain.funding import format_money
from domain.payments import (
    ACTIONS,
    PAYMENT_COLUMNS,
    PayerAnswer,
    PayerStatus,
    WindowToSend,
    amount_text,
    spreadsheet_safe,
)
from domain.windows import ClaimWindow

S = ClaimStatus
PAYMENT_FILE = "payment_claims"
PAYER_RESPONSE = "payer_response"
BATCH = 500
# An event names this many claims at most: the activity log is read, not searched.
NAMED_IN_EVENT = 50


class PaymentCounts(msgspec.Struct, frozen=True):
    """How many claims are waiting to be sent, awaiting the payer, or needing information."""

    to_send: int
    with_payer: int
    needing_information: int


async def payment_counts(scope: ClaimScope = EVERY_CLAIM) -> PaymentCounts:
    """The payments page's three counts, of the claims in scope."""
    in_scope, values = scope.condition("school")
    rows = await fetch(
        "SELECT status, COUNT(*) AS n FROM claim WHERE status IN ({}, {}, {})"
        f" AND {in_scope} GROUP BY status",
        S.SUBMITTED.value,
        S.PAYMENT_IN_PROGRESS.value,
        S.PAYMENT_INFORMATION_REQUESTED.value,
        *values,
    )
    found = {row["status"]: row["n"] for row in rows}
    return PaymentCounts(
        to_send=found.get(S.SUBMITTED.value, 0),
        with_payer=found.get(S.PAYMENT_IN_PROGRESS.value, 0),
        needing_information=found.get(S.PAYMENT_INFORMATION_REQUESTED.value, 0),
    )


def _between(window: ClaimWindow) -> tuple[datetime, datetime]:
    # A claim belongs to the window it was submitted in, by UK dates, as the claims search says.
    search = ClaimSearch(window=window)
    starts, ends = search.submitted_after(), search.submitted_before()
    assert starts is not None and ends is not None
    return starts, ends


_SUBMITTED_IN = (
    "SELECT COUNT(*) AS n, COALESCE(SUM(amount_pence), 0) AS amount FROM claim"
    " WHERE status = {} AND submitted_at >= {} AND submitted_at < {} AND {scope}"
)


async def windows_to_send(
    windows: Sequence[tuple[int, ClaimWindow]], scope: ClaimScope = EVERY_CLAIM
) -> list[WindowToSend]:
    """Of the given windows, those with submitted claims in scope, with their count and total."""
    sql, values = scoped(_SUBMITTED_IN, scope, "school")
    found = []
    for window_id, window in windows:
        rows = await fetch(sql, S.SUBMITTED.value, *_between(window), *values)
        if rows[0]["n"]:
            found.append(WindowToSend(window_id, window, rows[0]["n"], int(rows[0]["amount"])))
    return found


class SentFile(msgspec.Struct, frozen=True):
    """Claims just sent to the payer: the stored file, its download link's nonce, and what the
    payer's email says of them."""

    references: tuple[str, ...]
    amount_pence: int
    file_id: int
    nonce: str
    details: dict[str, str]


_TO_SEND = """
SELECT c.id, c.reference, c.amount_pence, c.submitted_at, s.urn, s.name AS school_name,
       s.local_authority_name, p.name AS provider_name, p.code AS provider_code
FROM claim AS c
JOIN school AS s ON s.id = c.school
LEFT JOIN provider AS p ON p.id = c.provider
WHERE c.status = {} AND c.submitted_at >= {} AND c.submitted_at < {} AND {scope}
ORDER BY c.reference
"""


def _payment_csv(rows: Sequence[dict], status: ClaimStatus) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PAYMENT_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row["reference"],
                row["urn"],
                spreadsheet_safe(row["school_name"]),
                spreadsheet_safe(row["local_authority_name"]),
                spreadsheet_safe(row["provider_name"] or ""),
                row["provider_code"] or "",
                amount_text(row["amount_pence"] or 0),
                row["submitted_at"].date().isoformat() if row["submitted_at"] else "",
                status.value,
                "",
            ]
        )
    return out.getvalue()


async def send_to_payer(
    window: ClaimWindow, by_user_id: int, now: datetime, scope: ClaimScope = EVERY_CLAIM
) -> SentFile | None:
    """Move the window's submitted claims in scope to Payment in progress, store the payment
    file and its download link, and record it; None when there is nothing left to send. In the
    caller's transaction."""
    moved_to = after(Action.SEND_TO_PAYER, S.SUBMITTED)
    sql, values = scoped(_TO_SEND, scope)
    rows = await fetch(sql, S.SUBMITTED.value, *_between(window), *values)
    if not rows:
        return None
    ids = [row["id"] for row in rows]
    placeholders = ", ".join("{}" for _ in ids)
    # Only claims still submitted move: a second, simultaneous send finds none to move.
    moved = await fetch(
        f"UPDATE claim SET status = {{}}, updated_at = {{}} WHERE status = {{}}"
        f" AND id IN ({placeholders}) RETURNING id",
        moved_to.value,
        now,
        S.SUBMITTED.value,
        *ids,
    )
    moved_ids = {row["id"] for row in moved}
    rows = [row for row in rows if row["id"] in moved_ids]
    if not rows:
        return None
    references = tuple(row["reference"] for row in rows)
    amount = sum(row["amount_pence"] or 0 for row in rows)
    details = {
        "claim_count": str(len(rows)),
        "window": window.dates,
        "amount": format_money(amount),
    }
    file_id, nonce = await store_sent_file(
        PAYMENT_FILE,
        f"claims-for-payment-{now.date().isoformat()}.csv",
        _payment_csv(rows, moved_to),
        details,
        by_user_id,
        now,
    )
    await record_event(
        by_user_id,
        "claims_sent_to_payer",
        f"{len(rows)} claims sent to the payer" + naming(references),
        now,
        file_id=file_id,
    )
    await record_claim_events(
        by_user_id,
        "claim_sent_to_payer",
        [(row["id"], "Claim sent to the payer") for row in rows],
        now,
        file_id=file_id,
    )
    return SentFile(references, amount, file_id, nonce, details)


async def store_sent_file(
    kind: str, filename: str, content: str, details: dict, by_user_id: int, now: datetime
) -> tuple[int, str]:
    """Store a file for someone without an account, with a download link to it; its id and
    the link's nonce. In the caller's transaction."""
    stored = await StoredFile.insert(
        StoredFile(
            kind=kind,
            filename=filename,
            content=content,
            created_by=by_user_id,
            created_at=now,
            details=json.dumps(details),
        )
    )
    file_id = stored[0]["id"]
    return file_id, await new_link(file_id, now)


async def new_link(file_id: int, now: datetime) -> str:
    """A new download link to a stored file; its nonce. In the caller's transaction."""
    nonce = new_nonce()
    await DownloadLink.insert(
        DownloadLink(file=file_id, nonce=nonce, expires_at=now + LINK_LIFETIME, used_at=None)
    )
    return nonce


class PaymentFile(msgspec.Struct, frozen=True):
    """A payment file sent to the payer, for support to download or send again."""

    id: int
    filename: str
    created_at: datetime
    details: dict[str, str]


def _details(value) -> dict[str, str]:
    # PostgreSQL's driver gives JSON as text; SQLite gives what was stored.
    return json.loads(value) if isinstance(value, str) else dict(value or {})


def _sent(kind: str, sent_by: int | None):
    """Files of the kind, only those the user sent when `sent_by` is given."""
    condition = StoredFile.kind == kind
    return condition if sent_by is None else condition & (StoredFile.created_by == sent_by)


async def payment_files(
    limit: int = 10, kind: str = PAYMENT_FILE, sent_by: int | None = None
) -> list[PaymentFile]:
    """The latest files of a kind sent to someone without an account (by `sent_by`, if given),
    newest first."""
    rows = (
        await StoredFile.select(
            StoredFile.id, StoredFile.filename, StoredFile.created_at, StoredFile.details
        )
        .where(_sent(kind, sent_by))
        .order_by(StoredFile.id, ascending=False)
        .limit(limit)
    )
    return [
        PaymentFile(row["id"], row["filename"], row["created_at"], _details(row["details"]))
        for row in rows
    ]


async def payment_file(
    file_id: int, kind: str = PAYMENT_FILE, sent_by: int | None = None
) -> tuple[PaymentFile, str] | None:
    """A sent file of the kind (sent by `sent_by`, if given) and its content, or None."""
    row = await StoredFile.select().where((StoredFile.id == file_id) & _sent(kind, sent_by)).first()
    if row is None:
        return None
    found = PaymentFile(row["id"], row["filename"], row["created_at"], _details(row["details"]))
    return found, row["content"]


async def send_file_again(file: PaymentFile, by_user_id: int, now: datetime) -> str:
    """A new download link for a payment file, recorded; its nonce. In the caller's
    transaction."""
    nonce = await new_link(file.id, now)
    await record_event(
        by_user_id,
        "payment_email_sent_again",
        f"Email with a new link to {file.filename} sent to the payer again",
        now,
        file_id=file.id,
    )
    return nonce


class Download(msgspec.Struct, frozen=True):
    """A file served through a download link."""

    filename: str
    content: str


class Refused(msgspec.Struct, frozen=True):
    """Why a link gives no file: unknown, expired or used."""

    reason: str


class Offer(msgspec.Struct, frozen=True):
    """A link that still works: the file's name and when the link stops working."""

    filename: str
    expires_at: datetime


async def _refusal(nonce: str) -> Refused:
    link = await DownloadLink.select(DownloadLink.used_at).where(DownloadLink.nonce == nonce)
    if not link:
        return Refused("unknown")
    return Refused("used" if link[0]["used_at"] is not None else "expired")


async def offer_download_link(nonce: str, now: datetime) -> Offer | Refused:
    """What the link would give, without using it up; or why it gives nothing."""
    rows = await DownloadLink.select(
        DownloadLink.expires_at, DownloadLink.file.filename.as_alias("filename")
    ).where(
        (DownloadLink.nonce == nonce)
        & DownloadLink.used_at.is_null()
        & (DownloadLink.expires_at > now)
    )
    if not rows:
        return await _refusal(nonce)
    return Offer(rows[0]["filename"], rows[0]["expires_at"])


async def use_download_link(nonce: str, now: datetime) -> Download | Refused:
    """The link's file, marking the link used; or why not. In the caller's transaction."""
    used = await fetch(
        "UPDATE download_link SET used_at = {} WHERE nonce = {} AND used_at IS NULL"
        " AND expires_at > {} RETURNING file",
        now,
        nonce,
        now,
    )
    if not used:
        return await _refusal(nonce)
    file = await StoredFile.select(StoredFile.filename, StoredFile.content).where(
        StoredFile.id == used[0]["file"]
    )
    return Download(file[0]["filename"], file[0]["content"])


async def response_problems(
    answers: Sequence[PayerAnswer],
    seen: set[str] | None = None,
    scope: ClaimScope = EVERY_CLAIM,
) -> list[RowError]:
    """Rows naming no claim in scope, a claim twice, or a claim not awaiting the payer; `seen`
    collects the references of a file checked a batch at a time."""
    references = sorted({answer.reference for answer in answers})
    statuses: dict[str, str] = {}
    in_scope, values = scope.condition("school")
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        placeholders = ", ".join("{}" for _ in chunk)
        rows = await fetch(
            f"SELECT reference, status FROM claim WHERE reference IN ({placeholders})"
            f" AND status <> 'draft' AND {in_scope}",
            *chunk,
            *values,
        )
        statuses.update({row["reference"]: row["status"] for row in rows})
    errors: list[RowError] = []
    seen = set() if seen is None else seen
    for answer in answers:
        status = statuses.get(answer.reference)
        if answer.reference in seen:
            message = f"Claim {answer.reference} is in the file more than once"
        elif status is None:
            message = f"There is no submitted claim with the reference {answer.reference}"
        elif status != S.PAYMENT_IN_PROGRESS.value:
            label = ClaimStatus(status).label.lower()
            message = f"Claim {answer.reference} is {label}, not payment in progress"
        else:
            message = ""
        seen.add(answer.reference)
        if message:
            errors.append(RowError(answer.row, "claim_reference", message))
    return errors


class ClaimsChanged(RowsChanged):
    """A claim in the response is no longer awaiting the payer: nothing is applied."""


async def apply_payer_response(
    answers: Sequence[PayerAnswer],
    by_user_id: int,
    now: datetime,
    file_id: int | None = None,
    scope: ClaimScope = EVERY_CLAIM,
) -> int:
    """Apply the payer's answers from the uploaded file to claims in scope; how many claims
    changed. In the caller's transaction: ClaimsChanged rolls everything back (a claim out of
    scope changes nothing, so rolls back too)."""
    described: list[tuple[int, str]] = []
    in_scope, values = scope.condition("school")
    paid = [answer.reference for answer in answers if answer.status is PayerStatus.PAID]
    to_paid = after(ACTIONS[PayerStatus.PAID], S.PAYMENT_IN_PROGRESS)
    # Paid claims in batches: a response can name tens of thousands of claims.
    for begin in range(0, len(paid), BATCH):
        chunk = paid[begin : begin + BATCH]
        placeholders = ", ".join("{}" for _ in chunk)
        rows = await fetch(
            "UPDATE claim SET status = {}, unpaid_reason = '', updated_at = {}"
            f" WHERE status = {{}} AND reference IN ({placeholders}) AND {in_scope}"
            " RETURNING id",
            to_paid.value,
            now,
            S.PAYMENT_IN_PROGRESS.value,
            *chunk,
            *values,
        )
        if len(rows) != len(chunk):
            raise ClaimsChanged(", ".join(chunk))
        described.extend((row["id"], "The payer paid the claim") for row in rows)
    to_asked = after(ACTIONS[PayerStatus.UNPAID], S.PAYMENT_IN_PROGRESS)
    unpaid = [answer for answer in answers if answer.status is PayerStatus.UNPAID]
    for answer in unpaid:
        # One at a time: each has its own reason.
        rows = await fetch(
            "UPDATE claim SET status = {}, unpaid_reason = {}, updated_at = {}"
            f" WHERE reference = {{}} AND status = {{}} AND {in_scope} RETURNING id",
            to_asked.value,
            answer.unpaid_reason,
            now,
            answer.reference,
            S.PAYMENT_IN_PROGRESS.value,
            *values,
        )
        if not rows:
            raise ClaimsChanged(answer.reference)
        described.append((rows[0]["id"], f"The payer needs information: {answer.unpaid_reason}"))
    await record_claim_events(by_user_id, "payer_response", described, now, file_id=file_id)
    await record_event(
        by_user_id,
        "payer_response_uploaded",
        f"Payer's response uploaded: {len(paid)} paid, {len(unpaid)} need information"
        + naming(
            [answer.reference for answer in answers if answer.status is not PayerStatus.SUBMITTED]
        ),
        now,
        file_id=file_id,
    )
    return len(described)


def naming(references: Sequence[str]) -> str:
    """The claims an event names: all of a small batch, the first few of a big one."""
    if not references:
        return ""
    shown = ", ".join(references[:NAMED_IN_EVENT])
    more = len(references) - NAMED_IN_EVENT
    return f" ({shown}{f' and {more} more' if more > 0 else ''})"


async def act_on_claim(
    claim_id: int, action: Action, what: str, by_user_id: int, now: datetime
) -> ClaimStatus | None:
    """Move one claim by a support user's action, recorded in its history; None if the action
    cannot happen to it now. In the caller's transaction."""
    row = await Claim.select(Claim.status).where(Claim.id == claim_id).first()
    if row is None:
        return None
    status = ClaimStatus(row["status"])
    if not allowed(action, status):
        return None
    moved_to = after(action, status)
    # The reason stays while the payer still has not paid; once paid it no longer applies.
    reason = ", unpaid_reason = ''" if moved_to is S.PAID else ""
    moved = await fetch(
        f"UPDATE claim SET status = {{}}, updated_at = {{}}{reason}"
        " WHERE id = {} AND status = {} RETURNING id",
        moved_to.value,
        now,
        claim_id,
        status.value,
    )
    if not moved:
        return None
    await record_event(by_user_id, f"claim_{action.value}", what, now, claim_id=claim_id)
    return moved_to
