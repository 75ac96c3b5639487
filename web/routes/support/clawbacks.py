"""Clawbacks: the counts, sending the approved clawbacks to the payer, and the payer's answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.clawbacks import (
    CLAWBACK_FILE,
    CLAWBACK_RESPONSE,
    apply_clawback_response,
    clawback_counts,
    clawback_response_problems,
    ready_count,
    send_clawbacks_to_payer,
)
from db.queries.payments import new_link, payment_files
from db.queries.support_events import record_event
from db.queries.uploads import KeptUpload
from domain.clawbacks import COMPLETE, RESPONSE_COLUMNS, ClawbackAnswer, parse_response_row
from domain.csv_upload import RowError
from domain.dates import format_date
from domain.download_links import LINK_LIFETIME
from domain.windows import uk_date
from web import banner, csv_uploads
from web.clock import Clock
from web.emails import queue_email
from web.routes.downloads import csv_attachment, download_link, sent_file
from web.routes.support.claims import CLAIMS_PATH, sub_navigation
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

CLAWBACKS_PATH = f"{CLAIMS_PATH}/clawbacks"
SEND_PATH = f"{CLAWBACKS_PATH}/send"
RESPONSE_PATH = f"{CLAWBACKS_PATH}/response"
FILES_PATH = f"{CLAWBACKS_PATH}/files"
BANNER = ("support-clawbacks", 0)


def _navigation() -> list[dict]:
    return sub_navigation("clawbacks")


@get(CLAWBACKS_PATH, name="support_clawbacks")
async def clawbacks(request: Request, support_user: NamedDependency[SupportViewer]) -> Template:
    """How many claims wait at each step of a clawback; the latest files sent to the payer."""
    return console_page(
        "support/clawbacks/index.html",
        title="Clawbacks",
        support=support_user,
        active="claims",
        sub_navigation=_navigation(),
        counts=await clawback_counts(support_user.claims),
        files=await payment_files(kind=CLAWBACK_FILE, sent_by=support_user.own_only),
        success_message=banner.take(request, *BANNER),
    )


@get(f"{FILES_PATH}/{{clawback_file_id:int}}", name="support_clawback_file")
async def download_file(
    support_user: NamedDependency[SupportViewer], clawback_file_id: FromPath[int]
) -> Response:
    """A clawback file as it was sent to the payer."""
    file, content = await sent_file(CLAWBACK_FILE, clawback_file_id, support_user.own_only)
    return csv_attachment(file.filename, content)


async def _email_payer(
    settings: Settings, details: dict[str, str], nonce: str, now: datetime
) -> None:
    """Queue the payer's clawback email with a download link, in the caller's transaction."""
    await queue_email(
        "clawbacks_sent_to_payer",
        settings.payer_email,
        {
            **details,
            "download_link": download_link(settings, nonce),
            "expires_on": format_date(uk_date(now + LINK_LIFETIME)),
        },
    )


@post(f"{FILES_PATH}/{{clawback_file_id:int}}/resend", name="support_clawback_file_resend")
async def resend(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    clawback_file_id: FromPath[int],
) -> Redirect:
    """Email the payer a new link to a clawback file."""
    file, _ = await sent_file(CLAWBACK_FILE, clawback_file_id, support_user.own_only)
    now = clock.now()
    async with write_transaction():
        nonce = await new_link(file.id, now)
        await record_event(
            support_user.user.id,
            "clawback_email_sent_again",
            f"Email with a new link to {file.filename} sent to the payer again",
            now,
        )
        await _email_payer(settings, file.details, nonce, now)
    banner.show_after_redirect(request, *BANNER, f"Email with a new link to {file.filename} sent")
    return Redirect(CLAWBACKS_PATH, status_code=303)


@get(SEND_PATH, name="support_send_clawbacks")
async def send_page(support_user: NamedDependency[SupportViewer]) -> Template:
    """Are you sure: how many clawbacks go to the payer; this cannot be undone."""
    return console_page(
        "support/clawbacks/send.html",
        title="Send clawbacks to the payer",
        support=support_user,
        active="claims",
        count=await ready_count(support_user.claims),
        link_days=LINK_LIFETIME.days,
        back_href=CLAWBACKS_PATH,
    )


@post(SEND_PATH, name="support_send_clawbacks_confirm")
async def send(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Redirect:
    """Send every approved clawback, store the file and email the payer, in one transaction."""
    now = clock.now()
    async with write_transaction():
        sent = await send_clawbacks_to_payer(support_user.user.id, now, support_user.claims)
        if sent is not None:
            await _email_payer(settings, sent.details, sent.nonce, now)
    if sent is not None:
        banner.show_after_redirect(
            request,
            *BANNER,
            f"{csv_uploads.plural(len(sent.references), ('claim', 'claims'))} sent to the payer "
            "for clawback",
        )
    return Redirect(CLAWBACKS_PATH, status_code=303)


class ClawbackResponse(csv_uploads.CsvUpload[ClawbackAnswer]):
    """The payer's clawback answer: each claim named has had its money taken back."""

    kind = CLAWBACK_RESPONSE
    columns = RESPONSE_COLUMNS
    path = RESPONSE_PATH
    name = "support_clawback_response"
    title = "Upload the payer's clawback response"
    caption = "Clawbacks"
    preview_title = "Check the payer's clawback response"
    nouns = ("claim", "claims")
    select_file = "Select a CSV file with the payer's clawback response"
    preview_headings = RESPONSE_COLUMNS
    applied_text = "This response has already been applied."
    active = "claims"
    done_href = CLAWBACKS_PATH
    done_text = "Back to clawbacks"
    banner = BANNER
    upload_template = "support/clawbacks/response.html"
    seen: set[str] | None = None

    def layout(self) -> dict[str, Any]:
        """Clawbacks, under Claims."""
        return {"sub_navigation": _navigation()}

    def parse(self, number: int, values: dict[str, str]) -> ClawbackAnswer | list[RowError]:
        """A claim whose clawback is complete."""
        return parse_response_row(number, values)

    async def check(self, batch: Sequence[tuple[int, ClawbackAnswer]]) -> list[RowError]:
        """Every claim named once, and with the payer for clawback."""
        self.seen = set() if self.seen is None else self.seen
        return await clawback_response_problems([each for _, each in batch], self.seen, self.scope)

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """How many clawbacks are complete."""
        return [("Clawbacks complete", str(rows))]

    async def preview(self, first: Sequence[tuple[int, ClawbackAnswer]]) -> list[list[str]]:
        """The rows as read."""
        return [[each.reference, COMPLETE] for _, each in first]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, ClawbackAnswer]]]
    ) -> str | None:
        """Complete every clawback named; a claim moved meanwhile rolls it all back."""
        answers = [answer async for batch in batches for _, answer in batch]
        done = await apply_clawback_response(kept.id, answers, self.user_id, self.now, self.scope)
        return (
            "Payer's clawback response uploaded: "
            f"{csv_uploads.plural(done, self.nouns)} clawback complete"
        )


ROUTES = [
    clawbacks,
    download_file,
    resend,
    send_page,
    send,
    *csv_uploads.routes(ClawbackResponse),
]
