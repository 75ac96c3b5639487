"""A support console CSV upload: the file, its row errors or a preview, then one atomic Confirm."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.payments import ClaimsChanged, store_upload, upload
from domain import csv_upload
from domain.csv_upload import PREVIEW_ROWS, RowError, UnreadableFile
from domain.validation.field_error import FieldError
from web import banner
from web.forms import by_field, error_summary, read_form
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

NO_ROWS = "The selected file has no claims in it"
NOT_CSV = "The selected file is not a CSV file the service can read"


class CsvTask(msgspec.Struct, frozen=True):
    """One kind of upload: its file's columns, how a row is read and checked, and what Confirm
    does with the rows (in one transaction, once)."""

    kind: str
    area: str
    path: str
    done_path: str
    title: str
    preview_title: str
    select_file: str
    columns: tuple[str, ...]
    rules: str
    parse_row: Callable[[int, dict[str, str]], Any]
    problems: Callable[[list], Awaitable[list[RowError]]]
    cells: Callable[[Any], list[str]]
    # The preview's summary rows: (words, how many) from the checked rows.
    summary: Callable[[list], list[tuple[str, int]]]
    # Apply the rows in the caller's transaction: the banner's words, or None if already applied.
    apply: Callable[[Applying, list], Awaitable[str | None]]
    banner: tuple[str, int]
    sub_navigation: Callable[[], list[dict]]

    def page(self, support: SupportViewer, template: str, title: str, **context) -> Template:
        """A page of the task's area of the console."""
        return console_page(
            template,
            title=title,
            support=support,
            active="claims",
            sub_navigation=self.sub_navigation(),
            caption=self.area,
            **context,
        )

    def form(
        self,
        support: SupportViewer,
        errors: Sequence[FieldError] = (),
        row_errors: Sequence[RowError] = (),
    ) -> Template:
        """The upload form, with the file's errors if it had any."""
        summary = error_summary(errors) or (
            [{"text": "The selected file has errors", "href": "#row-errors"}] if row_errors else []
        )
        return self.page(
            support,
            "support/csv/upload.html",
            self.title,
            errors=summary,
            field_errors=by_field(errors),
            row_errors=row_errors,
            columns=self.columns,
            rules=self.rules,
            action=self.path,
            back_href=self.done_path,
        )

    def _read(self, file) -> tuple[list, list[RowError]]:
        answers: list = []
        errors: list[RowError] = []
        for number, values in csv_upload.rows(file, self.columns):
            parsed = self.parse_row(number, values)
            if isinstance(parsed, list):
                errors.extend(parsed)
            else:
                answers.append(parsed)
        return answers, errors

    async def checked(self, raw: bytes) -> tuple[list, list[RowError]] | FieldError:
        """Every row read and checked against the claims as they are now."""
        try:
            answers, errors = self._read(io.BytesIO(raw))
        except UnreadableFile as problem:
            return FieldError("file", str(problem))
        if not answers and not errors:
            return FieldError("file", NO_ROWS)
        errors.extend(await self.problems(answers))
        return answers, sorted(errors, key=lambda error: error.row)

    async def check(self, request: Request, support: SupportViewer, now: datetime) -> Template:
        """A table of row errors, or the stored file's preview with Confirm. Nothing changes."""
        data = await request.form()
        sent = data.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return self.form(support, [FieldError("file", self.select_file)])
        raw = await sent.read()
        if b"\x00" in raw:
            # No spreadsheet writes NUL into a CSV (and PostgreSQL text cannot hold one).
            return self.form(support, [FieldError("file", NOT_CSV)])
        checked = await self.checked(raw)
        if isinstance(checked, FieldError):
            return self.form(support, [checked])
        answers, row_errors = checked
        if row_errors:
            return self.form(support, row_errors=row_errors)
        encoding = csv_upload.encoding_of(io.BytesIO(raw))
        async with write_transaction():
            file_id = await store_upload(
                self.kind, sent.filename, raw.decode(encoding), support.user.id, now
            )
        return self.page(
            support,
            "support/csv/preview.html",
            self.preview_title,
            file_id=file_id,
            filename=sent.filename,
            summary=self.summary(answers),
            columns=self.columns,
            rows=[self.cells(answer) for answer in answers[:PREVIEW_ROWS]],
            total=len(answers),
            action=f"{self.path}/confirm",
            again_href=self.path,
            back_href=self.path,
        )

    async def confirm(
        self, request: Request, support: SupportViewer, settings: Settings, now: datetime
    ) -> Response:
        """Apply the checked file, once, in one transaction."""
        form = await read_form(request, _ConfirmForm)
        # Ids are 32-bit: longer digits name no file (and overflow the database's integer).
        known = form.file_id.isdigit() and len(form.file_id) < 10
        stored = await upload(self.kind, int(form.file_id)) if known else None
        if stored is None:
            return Redirect(self.path, status_code=303)
        if stored.confirmed_at is not None:
            # A second click on Confirm: the first one applied the file.
            return Redirect(self.done_path, status_code=303)
        checked = await self.checked(stored.content.encode())
        if isinstance(checked, FieldError):
            return self.form(support, [checked])
        answers, row_errors = checked
        if row_errors:
            # Claims changed since the file was checked.
            return self.form(support, row_errors=row_errors)
        try:
            async with write_transaction():
                done = await self.apply(
                    Applying(request, support, settings, stored.id, now), answers
                )
        except ClaimsChanged:
            checked = await self.checked(stored.content.encode())
            rows = checked[1] if not isinstance(checked, FieldError) else []
            return self.form(support, row_errors=rows)
        if done is not None:
            banner.show_after_redirect(request, *self.banner, done)
        return Redirect(self.done_path, status_code=303)


class Applying(msgspec.Struct, frozen=True):
    """Who confirmed which stored file, when: what applying it needs besides its rows."""

    request: Request
    support: SupportViewer
    settings: Settings
    file_id: int
    now: datetime


class _ConfirmForm(msgspec.Struct, frozen=True):
    """The checked file's id."""

    file_id: str = ""


def claims(count: int) -> str:
    """ "1 claim", "2 claims"."""
    return f"{count} {'claim' if count == 1 else 'claims'}"
