"""Payments: the counts, sending a window's claims to the payer, and the payer's response."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial

import msgspec
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.payments import (
    PAYER_RESPONSE,
    PAYMENT_FILE,
    ClaimsChanged,
    apply_payer_response,
    payment_counts,
    payment_files,
    response_problems,
    send_file_again,
    send_to_payer,
    store_upload,
    upload,
    windows_to_send,
)
from db.queries.windows import managed_windows
from domain import csv_upload
from domain.csv_upload import PREVIEW_ROWS, RowError, UnreadableFile
from domain.dates import format_date
from domain.download_links import LINK_LIFETIME
from domain.payments import (
    RESPONSE_COLUMNS,
    PayerAnswer,
    PayerStatus,
    WindowToSend,
    parse_response_row,
)
from domain.validation.field_error import FieldError
from domain.windows import uk_date
from web import banner, wizard
from web.clock import Clock
from web.emails import queue_email
from web.forms import by_field, error_summary, read_form
from web.routes.downloads import csv_attachment, link_to, sent_file
from web.routes.support.claims import CLAIMS_PATH, sub_navigation
from web.settings import Settings
from web.steps import payment_check, payment_window
from web.steps.payment_window import PaymentSend
from web.support_access import SupportViewer
from web.support_console import console_page

PAYMENTS_PATH = f"{CLAIMS_PATH}/payments"
RESPONSE_PATH = f"{PAYMENTS_PATH}/response"
FILES_PATH = f"{PAYMENTS_PATH}/files"
SEND_TO_PAYER = wizard.Journey((payment_window, payment_check))
ANSWERS_KEY = "support_send_to_payer"
BANNER = ("support-payments", 0)
SELECT_FILE = "Select a CSV file with the payer's response"
NO_ROWS = "The selected file has no claims in it"
NOT_CSV = "The selected file is not a CSV file the service can read"


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
        counts=await payment_counts(),
        files=await payment_files(),
        success_message=banner.take(request, *BANNER),
    )


@get(f"{FILES_PATH}/{{file_id:int}}", name="support_payment_file")
async def download_file(
    support_user: NamedDependency[SupportViewer], file_id: FromPath[int]
) -> Response:
    """A payment file as it was sent to the payer."""
    file, content = await sent_file(PAYMENT_FILE, file_id)
    return csv_attachment(file.filename, content)


@post(f"{FILES_PATH}/{{file_id:int}}/resend", name="support_payment_file_resend")
async def resend(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    file_id: FromPath[int],
) -> Redirect:
    """Email the payer a new link to the file: their link expired, was used or went astray."""
    file, _ = await sent_file(PAYMENT_FILE, file_id)
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
    link = link_to(request, settings, nonce)
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
        return await windows_to_send(windows)

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
            sent = await send_to_payer(chosen.window, self.support.user.id, now)
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


def _upload_page(
    support: SupportViewer, errors: Sequence[FieldError] = (), row_errors: Sequence[RowError] = ()
) -> Template:
    return _page(
        support,
        "support/payments/response.html",
        "Upload the payer's response",
        errors=error_summary(errors)
        or (
            [{"text": "The selected file has errors", "href": "#row-errors"}] if row_errors else []
        ),
        field_errors=by_field(errors),
        row_errors=row_errors,
        columns=RESPONSE_COLUMNS,
        back_href=PAYMENTS_PATH,
    )


@get(RESPONSE_PATH, name="support_payer_response")
async def response_form(support_user: NamedDependency[SupportViewer]) -> Template:
    """Upload the payer's response file."""
    return _upload_page(support_user)


def _answers(file) -> tuple[list[PayerAnswer], list[RowError]]:
    """Every row checked on its own: the answers, and the errors of the rest."""
    answers: list[PayerAnswer] = []
    errors: list[RowError] = []
    for number, values in csv_upload.rows(file, RESPONSE_COLUMNS):
        parsed = parse_response_row(number, values)
        if isinstance(parsed, list):
            errors.extend(parsed)
        else:
            answers.append(parsed)
    return answers, errors


async def _checked(file) -> tuple[list[PayerAnswer], list[RowError]] | FieldError:
    try:
        answers, errors = _answers(file)
    except UnreadableFile as problem:
        return FieldError("file", str(problem))
    if not answers and not errors:
        return FieldError("file", NO_ROWS)
    errors.extend(await response_problems(answers))
    return answers, sorted(errors, key=lambda error: error.row)


@post(RESPONSE_PATH, name="support_payer_response_upload")
async def upload_response(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
) -> Template:
    """Check the file: a table of row errors, or a preview with Confirm. Nothing changes yet."""
    data = await request.form()
    sent = data.get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return _upload_page(support_user, [FieldError("file", SELECT_FILE)])
    raw = await sent.read()
    if b"\x00" in raw:
        # No spreadsheet writes NUL into a CSV (and PostgreSQL text cannot hold one).
        return _upload_page(support_user, [FieldError("file", NOT_CSV)])
    checked = await _checked(io.BytesIO(raw))
    if isinstance(checked, FieldError):
        return _upload_page(support_user, [checked])
    answers, row_errors = checked
    if row_errors:
        return _upload_page(support_user, row_errors=row_errors)
    encoding = csv_upload.encoding_of(io.BytesIO(raw))
    async with write_transaction():
        file_id = await store_upload(
            PAYER_RESPONSE,
            sent.filename,
            raw.decode(encoding),
            support_user.user.id,
            clock.now(),
        )
    return _page(
        support_user,
        "support/payments/response_preview.html",
        "Check the payer's response",
        file_id=file_id,
        filename=sent.filename,
        rows=answers[:PREVIEW_ROWS],
        total=len(answers),
        paid=sum(answer.status is PayerStatus.PAID for answer in answers),
        unpaid=sum(answer.status is PayerStatus.UNPAID for answer in answers),
        unchanged=sum(answer.status is PayerStatus.SUBMITTED for answer in answers),
        back_href=RESPONSE_PATH,
    )


class _ConfirmForm(msgspec.Struct, frozen=True):
    """The checked file's id."""

    file_id: str = ""


@post(f"{RESPONSE_PATH}/confirm", name="support_payer_response_confirm")
async def confirm_response(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
) -> Response:
    """Apply the checked file, once, in one transaction."""
    form = await read_form(request, _ConfirmForm)
    # Ids are 32-bit: longer digits name no file (and overflow the database's integer).
    known = form.file_id.isdigit() and len(form.file_id) < 10
    stored = await upload(PAYER_RESPONSE, int(form.file_id)) if known else None
    if stored is None:
        return Redirect(RESPONSE_PATH, status_code=303)
    if stored.confirmed_at is not None:
        # A second click on Confirm: the first one applied the file.
        return Redirect(PAYMENTS_PATH, status_code=303)
    checked = await _checked(io.BytesIO(stored.content.encode()))
    if isinstance(checked, FieldError):
        return _upload_page(support_user, [checked])
    answers, row_errors = checked
    if row_errors:
        # Claims changed since the file was checked.
        return _upload_page(support_user, row_errors=row_errors)
    try:
        async with write_transaction():
            changed = await apply_payer_response(
                stored.id, answers, support_user.user.id, clock.now()
            )
    except ClaimsChanged:
        checked = await _checked(io.BytesIO(stored.content.encode()))
        rows = checked[1] if not isinstance(checked, FieldError) else []
        return _upload_page(support_user, row_errors=rows)
    if changed is not None:
        banner.show_after_redirect(
            request,
            *BANNER,
            f"Payer's response uploaded: {changed} {'claim' if changed == 1 else 'claims'} updated",
        )
    return Redirect(PAYMENTS_PATH, status_code=303)


ROUTES = [
    payments,
    download_file,
    resend,
    send,
    send_answer,
    response_form,
    upload_response,
    confirm_response,
]
