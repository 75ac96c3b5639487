"""Payments: the counts, sending a window's claims to the payer, and the payer's response."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.payments import (
    PaymentFile,
    payment_counts,
    payment_file,
    payment_files,
    send_file_again,
    send_to_payer,
    windows_to_send,
)
from db.queries.windows import managed_windows
from domain.dates import format_date
from domain.download_links import LINK_LIFETIME, token_for
from domain.payments import WindowToSend
from domain.validation.field_error import FieldError
from domain.windows import uk_date
from web import banner, wizard
from web.clock import Clock
from web.emails import queue_email
from web.routes.support.claims import CLAIMS_PATH, sub_navigation
from web.settings import Settings
from web.steps import payment_check, payment_window
from web.steps.payment_window import PaymentSend
from web.support_access import SupportViewer
from web.support_console import console_page

PAYMENTS_PATH = f"{CLAIMS_PATH}/payments"
FILES_PATH = f"{PAYMENTS_PATH}/files"
SEND_TO_PAYER = wizard.Journey((payment_window, payment_check))
ANSWERS_KEY = "support_send_to_payer"
BANNER = ("support-payments", 0)


def _page(support: SupportViewer, template: str, title: str, **context) -> Template:
    return console_page(
        template,
        title=title,
        support=support,
        active="claims",
        sub_navigation=sub_navigation("payments"),
        **context,
    )


@get(PAYMENTS_PATH, name="support_payments")
async def payments(request: Request, support_user: NamedDependency[SupportViewer]) -> Template:
    """How many claims wait to be sent, are with the payer, or need information; the latest
    files sent to the payer."""
    return _page(
        support_user,
        "support/payments/index.html",
        "Payments",
        counts=await payment_counts(support_user.claims),
        files=await payment_files(sent_by=support_user.own_only),
        success_message=banner.take(request, *BANNER),
    )


async def _payment_file(support: SupportViewer, file_id: int) -> tuple[PaymentFile, str]:
    found = await payment_file(file_id, sent_by=support.own_only)
    if found is None:
        raise NotFoundException()
    return found


@get(f"{FILES_PATH}/{{file_id:int}}", name="support_payment_file")
async def download_file(
    support_user: NamedDependency[SupportViewer], file_id: FromPath[int]
) -> Response:
    """A payment file as it was sent to the payer."""
    file, content = await _payment_file(support_user, file_id)
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file.filename}"'},
    )


@post(f"{FILES_PATH}/{{file_id:int}}/resend", name="support_payment_file_resend")
async def resend(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    file_id: FromPath[int],
) -> Redirect:
    """Email the payer a new link to the file: their link expired, was used or went astray."""
    file, _ = await _payment_file(support_user, file_id)
    now = clock.now()
    async with write_transaction():
        nonce = await send_file_again(file, support_user.user.id, now)
        await _email_payer(request, settings, file.details, nonce, now)
    banner.show_after_redirect(request, *BANNER, f"Email with a new link to {file.filename} sent")
    return Redirect(PAYMENTS_PATH, status_code=303)


async def _email_payer(
    request: Request, settings: Settings, details: dict[str, str], nonce: str, now: datetime
) -> None:
    """Queue the payer's email with a new download link, in the caller's transaction."""
    link = settings.service_url + request.app.route_reverse(
        "download", token=token_for(settings.secret_key, nonce)
    )
    await queue_email(
        "claims_sent_to_payer",
        settings.payer_email,
        {
            **details,
            "download_link": link,
            "expires_on": format_date(uk_date(now + LINK_LIFETIME)),
        },
    )


class SendToPayer:
    """Sending a window's submitted claims to the payer: the answers live in the session."""

    journey = SEND_TO_PAYER

    def __init__(
        self, request: Request, support: SupportViewer, clock: Clock, settings: Settings
    ) -> None:
        self.request, self.support, self.clock, self.settings = request, support, clock, settings
        self.state = msgspec.convert(request.session.get(ANSWERS_KEY) or {}, PaymentSend)

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The window question at the bare address, then /check."""
        reverse = self.request.app.route_reverse
        return wizard.step_url(reverse, "support_send_to_payer", self.journey, step_id, query)

    def exit_url(self) -> str:
        """Back to the payments page."""
        return PAYMENTS_PATH

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    async def windows_to_send(self) -> list[WindowToSend]:
        """Windows with submitted claims, newest first."""
        windows = [(each.id, each.window) for each in reversed(await managed_windows())]
        return await windows_to_send(windows, self.support.claims)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the Payments area."""
        return partial(console_page, support=self.support, active="claims")

    async def save(self, state: PaymentSend) -> SendToPayer | wizard.Rejected | str:
        """Keep the window once chosen; once confirmed, send its claims in one transaction."""
        if not state.confirmed:
            self.request.session[ANSWERS_KEY] = msgspec.to_builtins(state)
            self.state = state
            return self
        chosen = next(
            (each for each in await self.windows_to_send() if each.id == state.window_id), None
        )
        nothing = wizard.Rejected(
            payment_window.ID,
            [FieldError("window", "The claims of that window have already been sent")],
        )
        if chosen is None:
            self.request.session.pop(ANSWERS_KEY, None)
            return nothing
        now = self.clock.now()
        async with write_transaction():
            sent = await send_to_payer(
                chosen.window, self.support.user.id, now, self.support.claims
            )
            if sent is not None:
                await _email_payer(self.request, self.settings, sent.details, sent.nonce, now)
        self.request.session.pop(ANSWERS_KEY, None)
        if sent is None:
            # Sent a moment ago (a second click): the payments page already shows it.
            return PAYMENTS_PATH
        count = len(sent.references)
        banner.show_after_redirect(
            self.request,
            *BANNER,
            f"{count} {'claim' if count == 1 else 'claims'} sent to the payer",
        )
        return PAYMENTS_PATH


SEND_PATHS = [f"{PAYMENTS_PATH}/send", f"{PAYMENTS_PATH}/send/{{step:path}}"]


@get(SEND_PATHS, name="support_send_to_payer")
async def send(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """A page of sending claims: the window, then the check."""
    task = SendToPayer(request, support_user, clock, settings)
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(SEND_PATHS, name="support_send_to_payer_answer")
async def send_answer(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """Choose the window, then send its claims, store the file and email the payer."""
    task = SendToPayer(request, support_user, clock, settings)
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


ROUTES = [
    payments,
    download_file,
    resend,
    send,
    send_answer,
]
