"""Auditing: the counts, sampling paid claims for their providers, and the providers' answers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any

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
from db.queries.uploads import KeptUpload
from domain.audit import (
    PROVIDER_RESPONSE_COLUMNS,
    RESPONSE_DAYS,
    SAMPLE_COLUMNS,
    ProviderAnswer,
    ProviderResponseCheck,
    SampleRow,
    parse_provider_row,
    parse_sample_row,
    response_deadline,
)
from domain.csv_upload import RowError
from domain.dates import format_date
from domain.download_links import LINK_LIFETIME
from domain.windows import uk_date
from web import banner, csv_uploads
from web.clock import Clock
from web.emails import queue_email
from web.routes.downloads import csv_attachment, download_link, sent_file
from web.routes.support.claim_audit import email_provider_rejection
from web.routes.support.claims import CLAIMS_PATH, sub_navigation
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

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
        counts=await audit_counts(support_user.claims),
        files=await payment_files(kind=PROVIDER_FILE, sent_by=support_user.own_only),
        success_message=banner.take(request, *BANNER),
    )


@get(f"{FILES_PATH}/{{audit_file_id:int}}", name="support_audit_file")
async def download_file(
    support_user: NamedDependency[SupportViewer], audit_file_id: FromPath[int]
) -> Response:
    """A provider's audit file as it was sent to them."""
    file, content = await sent_file(PROVIDER_FILE, audit_file_id, support_user.own_only)
    return csv_attachment(file.filename, content)


async def _email_provider(
    settings: Settings, details: dict[str, str], nonce: str, now: datetime
) -> None:
    """Queue the provider's email with a download link, in the caller's transaction."""
    await queue_email(
        "claims_to_audit",
        details["email"],
        {
            **details,
            "download_link": download_link(settings, nonce),
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
    file, _ = await sent_file(PROVIDER_FILE, audit_file_id, support_user.own_only)
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
        await _email_provider(settings, file.details, nonce, now)
    banner.show_after_redirect(
        request, *BANNER, f"Email with a new link sent to {file.details['provider_name']}"
    )
    return Redirect(AUDITING_PATH, status_code=303)


class SampleUpload(csv_uploads.CsvUpload[SampleRow]):
    """Paid claims to audit: each moves to Audit requested and its provider gets a file of them."""

    kind = SAMPLE_UPLOAD
    columns = SAMPLE_COLUMNS
    path = SAMPLE_PATH
    name = "support_audit_sample"
    title = "Upload the claims to audit"
    caption = "Auditing"
    preview_title = "Check the claims to audit"
    nouns = ("claim", "claims")
    select_file = "Select a CSV file with the claims to audit"
    preview_headings = SAMPLE_COLUMNS
    applied_text = "These claims have already been sent to their providers to audit."
    active = "claims"
    done_href = AUDITING_PATH
    done_text = "Back to auditing"
    banner = BANNER
    upload_template = "support/auditing/sample.html"
    seen: set[str] | None = None

    def layout(self) -> dict[str, Any]:
        """Auditing, under Claims."""
        return {"sub_navigation": _navigation()}

    async def form_context(self, options: Mapping[str, str]) -> dict[str, Any]:
        """The days a provider has to answer."""
        return {"response_days": RESPONSE_DAYS}

    def parse(self, number: int, values: dict[str, str]) -> SampleRow | list[RowError]:
        """A claim to audit and why."""
        return parse_sample_row(number, values)

    async def check(self, batch: Sequence[tuple[int, SampleRow]]) -> list[RowError]:
        """Every claim named once, paid, with a provider to email."""
        self.seen = set() if self.seen is None else self.seen
        return await sample_problems([row for _, row in batch], self.seen, self.scope)

    async def preview(self, first: Sequence[tuple[int, SampleRow]]) -> list[list[str]]:
        """The rows as read."""
        return [[row.reference, row.reason] for _, row in first]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, SampleRow]]]
    ) -> str | None:
        """Request the audits, store each provider's file and email them its link."""
        rows = [row async for batch in batches for _, row in batch]
        deadline = response_deadline(uk_date(self.now))
        files = await request_audit(kept.id, rows, deadline, self.user_id, self.now, self.scope)
        for file in files:
            await _email_provider(self.settings, file.details, file.nonce, self.now)
        providers = csv_uploads.plural(len(files), ("provider", "providers"))
        return f"{csv_uploads.plural(len(rows), self.nouns)} sent to {providers} to audit"


class ProviderResponse(csv_uploads.CsvUpload[ProviderAnswer]):
    """A provider's answers: claims whose every mentor is accepted are paid again; the others
    are rejected by the provider, and their schools' users emailed."""

    kind = PROVIDER_RESPONSE
    columns = PROVIDER_RESPONSE_COLUMNS
    path = RESPONSE_PATH
    name = "support_audit_response"
    title = "Upload a provider's response"
    caption = "Auditing"
    preview_title = "Check the provider's response"
    nouns = ("row", "rows")
    select_file = "Select a CSV file with the provider's response"
    preview_headings = PROVIDER_RESPONSE_COLUMNS
    applied_text = "This response has already been applied."
    active = "claims"
    done_href = AUDITING_PATH
    done_text = "Back to auditing"
    banner = BANNER
    upload_template = "support/auditing/response.html"
    checking: ProviderResponseCheck | None = None
    claims: dict[str, bool] | None = None

    def layout(self) -> dict[str, Any]:
        """Auditing, under Claims."""
        return {"sub_navigation": _navigation()}

    def parse(self, number: int, values: dict[str, str]) -> ProviderAnswer | list[RowError]:
        """A mentor on a claim, accepted or not and why."""
        return parse_provider_row(number, values)

    async def check(self, batch: Sequence[tuple[int, ProviderAnswer]]) -> list[RowError]:
        """Every row names an audited claim's mentor, once."""
        self.checking = self.checking or ProviderResponseCheck()
        self.claims = {} if self.claims is None else self.claims
        for _, answer in batch:
            self.claims[answer.reference] = (
                self.claims.get(answer.reference, True) and answer.accepted
            )
        return await provider_problems([answer for _, answer in batch], self.checking, self.scope)

    async def finish(self) -> list[RowError]:
        """Every mentor of each claim in the file has a row."""
        return self.checking.missing() if self.checking else []

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """How many claims are approved and how many have a mentor rejected."""
        claims = self.claims or {}
        accepted = sum(claims.values())
        return [
            ("Claims every mentor of which is accepted", str(accepted)),
            ("Claims with a mentor rejected", str(len(claims) - accepted)),
        ]

    async def preview(self, first: Sequence[tuple[int, ProviderAnswer]]) -> list[list[str]]:
        """The rows as read."""
        return [
            [each.reference, each.mentor, "yes" if each.accepted else "no", each.reason]
            for _, each in first
        ]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, ProviderAnswer]]]
    ) -> str | None:
        """Pay again or reject each claim, and email the schools of the rejected ones."""
        answers = [answer async for batch in batches for _, answer in batch]
        outcome = await apply_provider_response(
            kept.id, answers, self.user_id, self.now, self.scope
        )
        await email_provider_rejection(self.settings, outcome.rejected_ids)
        approved = csv_uploads.plural(outcome.approved, ("claim", "claims"))
        rejected = csv_uploads.plural(len(outcome.rejected_ids), ("claim", "claims"))
        return f"Provider's response uploaded: {approved} approved, {rejected} rejected"


ROUTES = [
    auditing,
    download_file,
    resend,
    *csv_uploads.routes(SampleUpload),
    *csv_uploads.routes(ProviderResponse),
]
