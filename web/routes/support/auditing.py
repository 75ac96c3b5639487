"""Auditing: the counts, sampling paid claims for their providers, and the providers' answers."""

from __future__ import annotations

from datetime import datetime

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.audit import (
    PROVIDER_FILE,
    PROVIDER_RESPONSE,
    SAMPLE_UPLOAD,
    apply_provider_response,
    audit_counts,
    provider_problems,
    request_audit,
    sample_problems,
)
from db.queries.payments import new_link, payment_files
from db.queries.support_events import record_event
from domain.audit import (
    PROVIDER_RESPONSE_COLUMNS,
    SAMPLE_COLUMNS,
    ProviderAnswer,
    SampleRow,
    parse_provider_row,
    parse_sample_row,
    response_deadline,
)
from domain.dates import format_date
from domain.download_links import LINK_LIFETIME
from domain.windows import uk_date
from web import banner
from web.clock import Clock
from web.emails import queue_email
from web.routes.downloads import csv_attachment, link_to, sent_file
from web.routes.support.claim_audit import email_provider_rejection
from web.routes.support.claims import CLAIMS_PATH, sub_navigation
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page
from web.support_csv_task import Applying, CsvTask, claims

AUDITING_PATH = f"{CLAIMS_PATH}/auditing"
SAMPLE_PATH = f"{AUDITING_PATH}/sample"
RESPONSE_PATH = f"{AUDITING_PATH}/response"
FILES_PATH = f"{AUDITING_PATH}/files"
BANNER = ("support-auditing", 0)


def _navigation() -> list[dict]:
    return sub_navigation("auditing")


@get(AUDITING_PATH, name="support_auditing")
async def auditing(request: Request, support_user: NamedDependency[SupportViewer]) -> Template:
    """How many claims await their provider or were rejected; the latest files sent to
    providers."""
    return console_page(
        "support/auditing/index.html",
        title="Auditing",
        support=support_user,
        active="claims",
        sub_navigation=_navigation(),
        counts=await audit_counts(),
        files=await payment_files(kind=PROVIDER_FILE),
        success_message=banner.take(request, *BANNER),
    )


@get(f"{FILES_PATH}/{{audit_file_id:int}}", name="support_audit_file")
async def download_file(
    support_user: NamedDependency[SupportViewer], audit_file_id: FromPath[int]
) -> Response:
    """A provider's audit file as it was sent to them."""
    file, content = await sent_file(PROVIDER_FILE, audit_file_id)
    return csv_attachment(file.filename, content)


async def _email_provider(
    request: Request, settings: Settings, details: dict[str, str], nonce: str, now: datetime
) -> None:
    """Queue the provider's email with a download link, in the caller's transaction."""
    await queue_email(
        "claims_to_audit",
        details["email"],
        {
            **details,
            "download_link": link_to(request, settings, nonce),
            "expires_on": format_date(uk_date(now + LINK_LIFETIME)),
        },
    )


@post(f"{FILES_PATH}/{{audit_file_id:int}}/resend", name="support_audit_file_resend")
async def resend(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    audit_file_id: FromPath[int],
) -> Redirect:
    """Email the provider a new link to their file: the link expired, was used or went astray."""
    file, _ = await sent_file(PROVIDER_FILE, audit_file_id)
    now = clock.now()
    async with write_transaction():
        nonce = await new_link(file.id, now)
        await record_event(
            support_user.user.id,
            "audit_email_sent_again",
            f"Email with a new link to {file.filename} sent to "
            f"{file.details['provider_name']} again",
            now,
        )
        await _email_provider(request, settings, file.details, nonce, now)
    banner.show_after_redirect(
        request, *BANNER, f"Email with a new link sent to {file.details['provider_name']}"
    )
    return Redirect(AUDITING_PATH, status_code=303)


async def _apply_sample(applying: Applying, rows: list[SampleRow]) -> str | None:
    deadline = response_deadline(uk_date(applying.now))
    files = await request_audit(
        applying.file_id, rows, deadline, applying.support.user.id, applying.now
    )
    if files is None:
        return None
    for file in files:
        await _email_provider(
            applying.request, applying.settings, file.details, file.nonce, applying.now
        )
    providers = f"{len(files)} {'provider' if len(files) == 1 else 'providers'}"
    return f"{claims(len(rows))} sent to {providers} to audit"


SAMPLE = CsvTask(
    kind=SAMPLE_UPLOAD,
    area="Auditing",
    path=SAMPLE_PATH,
    done_path=AUDITING_PATH,
    title="Upload the claims to audit",
    preview_title="Check the claims to audit",
    select_file="Select a CSV file with the claims to audit",
    columns=SAMPLE_COLUMNS,
    rules=(
        "Every claim must be paid. Each provider is emailed a link to a file of its claims, "
        "one row per mentor, and asked to answer within 21 days."
    ),
    parse_row=parse_sample_row,
    problems=sample_problems,
    cells=lambda row: [row.reference, row.reason],
    summary=lambda rows: [("Claims to audit", len(rows))],
    apply=_apply_sample,
    banner=BANNER,
    sub_navigation=_navigation,
)


async def _apply_response(applying: Applying, answers: list[ProviderAnswer]) -> str | None:
    outcome = await apply_provider_response(
        applying.file_id, answers, applying.support.user.id, applying.now
    )
    if outcome is None:
        return None
    await email_provider_rejection(applying.request, applying.settings, outcome.rejected_ids)
    return (
        f"Provider's response uploaded: {claims(outcome.approved)} approved, "
        f"{claims(len(outcome.rejected_ids))} rejected"
    )


def _response_summary(answers: list[ProviderAnswer]) -> list[tuple[str, int]]:
    rejected = {answer.reference for answer in answers if not answer.accepted}
    every = {answer.reference for answer in answers}
    return [
        ("Claims every mentor of which is accepted", len(every - rejected)),
        ("Claims with a mentor rejected", len(rejected)),
    ]


RESPONSE = CsvTask(
    kind=PROVIDER_RESPONSE,
    area="Auditing",
    path=RESPONSE_PATH,
    done_path=AUDITING_PATH,
    title="Upload a provider's response",
    preview_title="Check the provider's response",
    select_file="Select a CSV file with the provider's response",
    columns=PROVIDER_RESPONSE_COLUMNS,
    rules=(
        "claim_accepted is yes or no (or true or false). A mentor who is not accepted needs a "
        "rejection reason. Every mentor of each claim needs a row, and every claim must be "
        "audit requested."
    ),
    parse_row=parse_provider_row,
    problems=provider_problems,
    cells=lambda answer: [
        answer.reference,
        answer.mentor,
        "yes" if answer.accepted else "no",
        answer.reason,
    ],
    summary=_response_summary,
    apply=_apply_response,
    banner=BANNER,
    sub_navigation=_navigation,
)


@get(SAMPLE_PATH, name="support_audit_sample")
async def sample_form(support_user: NamedDependency[SupportViewer]) -> Template:
    """Upload the claims to audit."""
    return SAMPLE.form(support_user)


@post(SAMPLE_PATH, name="support_audit_sample_upload")
async def sample_upload(
    request: Request, support_user: NamedDependency[SupportViewer], clock: NamedDependency[Clock]
) -> Template:
    """Check the sample: a table of row errors, or a preview with Confirm."""
    return await SAMPLE.check(request, support_user, clock.now())


@post(f"{SAMPLE_PATH}/confirm", name="support_audit_sample_confirm")
async def sample_confirm(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Response:
    """Request the audits, store each provider's file and email them, in one transaction."""
    return await SAMPLE.confirm(request, support_user, settings, clock.now())


@get(RESPONSE_PATH, name="support_audit_response")
async def response_form(support_user: NamedDependency[SupportViewer]) -> Template:
    """Upload a provider's response."""
    return RESPONSE.form(support_user)


@post(RESPONSE_PATH, name="support_audit_response_upload")
async def response_upload(
    request: Request, support_user: NamedDependency[SupportViewer], clock: NamedDependency[Clock]
) -> Template:
    """Check the provider's response: a table of row errors, or a preview with Confirm."""
    return await RESPONSE.check(request, support_user, clock.now())


@post(f"{RESPONSE_PATH}/confirm", name="support_audit_response_confirm")
async def response_confirm(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Response:
    """Apply the provider's answers and email the schools of rejected claims, in one
    transaction."""
    return await RESPONSE.confirm(request, support_user, settings, clock.now())


ROUTES = [
    auditing,
    download_file,
    resend,
    sample_form,
    sample_upload,
    sample_confirm,
    response_form,
    response_upload,
    response_confirm,
]
