"""The support console's CSV uploads: one pattern for every file support uploads.

support.md "CSV uploads": upload a file → a table of every row error (row number, column, what is
wrong) with "Upload your file again", or a preview of its first rows with Confirm. Nothing changes
until Confirm; Confirm applies the kept file in one transaction, once however often it is
clicked. Files are read as UTF-8 (a BOM tolerated) or Windows-1252 and stream: a 100,000-row file
is read, checked, kept and applied a batch at a time, never whole in memory.

How an upload plugs in (see web/routes/support/onboarding_csv.py and payer_response.py):

1. In `domain/`: its columns (a tuple of names) and how one row parses,
   `parse(row_number, values) -> value | list[RowError]` (values are stripped strings by column).
2. A subclass of `CsvUpload[Value]` in its route module, declaring:
   - `kind` (the stored file's kind), `columns`, `path` and `name` (its four routes are `name`,
     `name_upload`, `name_preview` and `name_confirm`), the words of its pages (`title`,
     `caption`, `preview_title`, `nouns`, `select_file`, `preview_headings`, `applied_text`),
     where it belongs (`active`, `layout()`) and where Confirm leads (`done_href`, `done_text`,
     `banner`);
   - `parse(number, values)`: the domain's parse;
   - `check(batch)`: whole-file checks against the database on a batch of parsed
     (row number, value) pairs, returning RowErrors (e.g. "claim must be in Payment in
     progress"); the instance lives for one pass over the file, so it can remember what earlier
     batches held (duplicates) and tally what the preview summarises;
   - `finish()`: checks that need every row seen first, after the last batch (optional);
   - `summary(rows)`: the preview's summary rows after "File", from the tally;
   - `preview(first)`: the preview table's cells for the first PREVIEW_ROWS rows;
   - `apply(kept, batches)`: the change, run inside Confirm's transaction after the upload is
     marked applied; it queues emails, records the event with `file_id=kept.id` (the activity
     log then gives the batch a page with the file to download and the preview's rows; claim
     events recorded with the same `file_id` are listed there too) and returns the success
     banner's text. Raise `RowsChanged` to roll everything back and show the errors that the
     database's changes now cause.
   - Optional: `option_fields` with `choose(options)` for choices made with the file (a claim
     window), checked again at Confirm, `options_changed` to say they no longer hold, and
     `upload_template` extending support/uploads/upload.html (blocks `guidance`, `fields`).
3. `ROUTES = csv_uploads.routes(MyUpload)` in the route module, listed in
   web/routes/support/__init__.py, and the four names in web/research/questions.py NAMES.
"""

from __future__ import annotations

import codecs
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, BinaryIO, ClassVar, Generic, TypeVar

import msgspec
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.claim_scope import EVERY_CLAIM, ClaimScope
from db.queries.uploads import KeptUpload, keep_upload, kept_upload, mark_applied, upload_text
from domain.csv_upload import (
    BATCH,
    ERRORS_SHOWN,
    PREVIEW_ROWS,
    RowError,
    RowsChanged,
    UnreadableFile,
    encoding_of,
    rows,
)
from domain.validation.field_error import FieldError
from web import banner
from web.clock import Clock
from web.forms import by_field, error_summary
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

Value = TypeVar("Value")
# Characters of text per kept part: a part is one value in one row of stored_file_part.
_PART_CHARS = 32 * 1024
# A stored file is spooled to disk beyond this, so reading it back stays bounded too.
_SPOOL_BYTES = 1024 * 1024
CHANGED = "The file no longer matches the service's records. Upload your file again"


class Checked(msgspec.Struct, frozen=True):
    """What checking a file found: its rows, the first errors and how many rows have one."""

    rows: int
    errors: list[RowError]
    rows_with_errors: int


class CsvUpload(Generic[Value]):
    """One kind of upload: what it declares; an instance serves one request's pass over a file."""

    kind: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    path: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    caption: ClassVar[str]
    preview_title: ClassVar[str]
    # The things a row names, singular and plural: "school", "schools".
    nouns: ClassVar[tuple[str, str]]
    preview_headings: ClassVar[tuple[str, ...]]
    applied_text: ClassVar[str]
    active: ClassVar[str]
    done_href: ClassVar[str]
    done_text: ClassVar[str]
    banner: ClassVar[tuple[str, int]]
    select_file: ClassVar[str] = "Select a CSV file"
    upload_template: ClassVar[str] = "support/uploads/upload.html"
    option_fields: ClassVar[tuple[str, ...]] = ()
    options_changed: ClassVar[str] = CHANGED

    def __init__(
        self, user_id: int, now: datetime, settings: Settings, scope: ClaimScope = EVERY_CLAIM
    ) -> None:
        self.user_id, self.now, self.settings = user_id, now, settings
        # The claims the uploading support user may see, and so change.
        self.scope = scope

    def layout(self) -> dict[str, Any]:
        """What the console page needs besides the area (a sub-navigation)."""
        return {}

    async def choose(self, options: Mapping[str, str]) -> list[FieldError]:
        """Check the choices made with the file (from the form, or kept with the file)."""
        return []

    async def form_context(self, options: Mapping[str, str]) -> dict[str, Any]:
        """What the upload form shows for the choices."""
        return {}

    def parse(self, number: int, values: dict[str, str]) -> Value | list[RowError]:
        """One row as a value, or every error in it."""
        raise NotImplementedError

    async def check(self, batch: Sequence[tuple[int, Value]]) -> list[RowError]:
        """Whole-file checks against the database, a batch of parsed rows at a time."""
        return []

    async def finish(self) -> list[RowError]:
        """Checks that need every row seen first (every mentor of a claim has a row)."""
        return []

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """The preview's summary rows after the file's name."""
        return [(self.nouns[1].capitalize(), str(rows))]

    async def preview(self, first: Sequence[tuple[int, Value]]) -> list[list[str]]:
        """The preview table's cells for the file's first rows."""
        raise NotImplementedError

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, Value]]]
    ) -> str | None:
        """Make the change, in Confirm's transaction; the success banner's text."""
        raise NotImplementedError

    def already_applied(self, kept: KeptUpload) -> str | None:
        """The banner after a second click on Confirm (none: the page says it already)."""
        return None


def _parsed(
    upload: CsvUpload[Value], file: BinaryIO
) -> Iterator[tuple[list[tuple[int, Value]], list[RowError], int]]:
    """The file's rows a batch at a time: the parsed ones, the errors of the rest, how many."""
    good: list[tuple[int, Value]] = []
    bad: list[RowError] = []
    count = 0
    for number, values in rows(file, upload.columns):
        count += 1
        parsed = upload.parse(number, values)
        if isinstance(parsed, list):
            bad.extend(parsed)
        else:
            good.append((number, parsed))
        if count == BATCH:
            yield good, bad, count
            good, bad, count = [], [], 0
    if count:
        yield good, bad, count


async def check(upload: CsvUpload[Value], file: BinaryIO) -> Checked:
    """Every row's errors (the first ERRORS_SHOWN kept); UnreadableFile for a file unread."""
    errors: list[RowError] = []
    total = with_errors = 0
    file.seek(0)
    for good, bad, count in _parsed(upload, file):
        total += count
        found = sorted([*bad, *await upload.check(good)], key=lambda error: error.row)
        with_errors += len({error.row for error in found})
        errors.extend(found[: max(0, ERRORS_SHOWN - len(errors))])
    last = await upload.finish()
    with_errors += len({error.row for error in last} - {error.row for error in errors})
    errors.extend(last[: max(0, ERRORS_SHOWN - len(errors))])
    return Checked(total, sorted(errors, key=lambda error: error.row), with_errors)


def _text_parts(file: BinaryIO) -> Iterator[str]:
    """The file's text, decoded as it was read, a part at a time."""
    encoding = encoding_of(file)
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    pending = ""
    while chunk := file.read(_PART_CHARS):
        pending += decoder.decode(chunk)
        if len(pending) >= _PART_CHARS:
            yield pending
            pending = ""
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


async def keep(
    upload: CsvUpload[Value],
    file: BinaryIO,
    filename: str,
    options: Mapping[str, str],
    checked: Checked,
) -> int:
    """Keep a checked file until it is confirmed, with its preview; its id."""
    file.seek(0)
    first: list[tuple[int, Value]] = []
    for good, _, _ in _parsed(upload, file):
        first.extend(good[: PREVIEW_ROWS - len(first)])
        break
    details = {
        "options": dict(options),
        "summary": upload.summary(checked.rows),
        "preview": await upload.preview(first),
        # The activity log's page for the batch shows the same table.
        "headings": list(upload.preview_headings),
    }
    async with write_transaction():
        return await keep_upload(
            upload.kind,
            filename,
            _text_parts(file),
            checked.rows,
            details,
            upload.user_id,
            upload.now,
        )


@asynccontextmanager
async def kept_file(file_id: int) -> AsyncIterator[BinaryIO]:
    """A kept file's text as a file to read again, spooled to disk when it is big."""
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spooled:
        async for part in upload_text(file_id):
            spooled.write(part.encode("utf-8"))
        spooled.seek(0)
        yield spooled  # type: ignore[misc]


async def _batches(
    upload: CsvUpload[Value], file: BinaryIO
) -> AsyncIterator[list[tuple[int, Value]]]:
    try:
        for good, bad, _ in _parsed(upload, file):
            if bad:
                # The rules changed since the file was checked.
                raise RowsChanged(bad[0].message)
            yield good
    except UnreadableFile as unreadable:
        raise RowsChanged(str(unreadable)) from unreadable


async def confirm(upload: CsvUpload[Value], kept: KeptUpload) -> str | None:
    """Apply a kept file once, in one transaction; the banner's text. RowsChanged rolls back."""
    async with kept_file(kept.id) as file, write_transaction():
        # The first click marks it applied; a second one, waiting on the lock, finds it so.
        if not await mark_applied(kept.id, upload.now):
            return upload.already_applied(kept)
        return await upload.apply(kept, _batches(upload, file))


def _page(upload: CsvUpload, support: SupportViewer, template: str, **context) -> Template:
    return console_page(
        template, support=support, active=upload.active, **upload.layout(), **context
    )


async def _upload_page(
    upload: CsvUpload,
    support: SupportViewer,
    options: Mapping[str, str],
    errors: Sequence[FieldError] = (),
) -> Template:
    return _page(
        upload,
        support,
        upload.upload_template,
        title=upload.title,
        caption=upload.caption,
        errors=error_summary(errors),
        field_errors=by_field(errors),
        back_href=upload.done_href,
        cancel_href=upload.done_href,
        action=upload.path,
        columns=upload.columns,
        **await upload.form_context(options),
    )


def _errors_page(
    upload: CsvUpload, support: SupportViewer, filename: str, checked: Checked
) -> Template:
    if checked.rows_with_errors == 1:
        summary = "1 row in the selected file has an error"
    else:
        summary = f"{checked.rows_with_errors} rows in the selected file have errors"
    return _page(
        upload,
        support,
        "support/uploads/errors.html",
        title="The selected file has errors",
        caption=upload.title,
        errors=[{"text": summary, "href": "#row-errors"}],
        back_href=upload.path,
        filename=filename,
        row_errors=checked.errors,
        rows_with_errors=checked.rows_with_errors,
        rows=checked.rows,
        more_than_shown=checked.rows_with_errors > len({error.row for error in checked.errors}),
        upload_href=upload.path,
    )


def _preview_page(
    upload: CsvUpload, support: SupportViewer, kept: KeptUpload, problem: str | None = None
) -> Template:
    return _page(
        upload,
        support,
        "support/uploads/preview.html",
        title=upload.preview_title,
        caption=upload.title,
        errors=[{"text": problem, "href": "#confirm"}] if problem else [],
        back_href=upload.path,
        filename=kept.filename,
        summary=kept.details.get("summary", []),
        headings=upload.preview_headings,
        rows=kept.details.get("preview", []),
        total=kept.row_count,
        nouns=upload.nouns,
        applied=kept.confirmed_at is not None,
        applied_text=upload.applied_text,
        can_confirm=kept.confirmed_at is None and problem is None,
        action=f"{upload.path}/{kept.id}",
        upload_href=upload.path,
        done_href=upload.done_href,
        done_text=upload.done_text,
    )


def _file_problem(file: object, select_file: str) -> FieldError | None:
    if not isinstance(file, UploadFile) or not file.filename:
        return FieldError("file", select_file)
    if not file.filename.lower().endswith(".csv"):
        return FieldError("file", "The selected file must be a CSV")
    return None


def routes(kind: type[CsvUpload]) -> list[HTTPRouteHandler]:
    """The upload's four routes: the form, the upload, the preview and Confirm."""

    def made(support: SupportViewer, clock: Clock, settings: Settings) -> CsvUpload:
        return kind(support.user.id, clock.now(), settings, support.claims)

    async def found(upload_id: int) -> KeptUpload:
        kept = await kept_upload(kind.kind, upload_id)
        if kept is None:
            raise NotFoundException()
        return kept

    @get(kind.path, name=kind.name)
    async def form(
        support_user: NamedDependency[SupportViewer],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Template:
        """Choose the file (and what is chosen with it)."""
        return await _upload_page(made(support_user, clock, settings), support_user, {})

    @post(kind.path, name=f"{kind.name}_upload")
    async def upload(
        request: Request,
        support_user: NamedDependency[SupportViewer],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response:
        """Check the file: its errors row by row, or keep it and show the preview to confirm."""
        data = await request.form()
        options = {
            field: value if isinstance(value := data.get(field), str) else ""
            for field in kind.option_fields
        }
        upload = made(support_user, clock, settings)
        errors = await upload.choose(options)
        file = data.get("file")
        problem = _file_problem(file, kind.select_file)
        if problem:
            errors.append(problem)
        if errors or not isinstance(file, UploadFile):
            return await _upload_page(upload, support_user, options, errors)
        try:
            checked = await check(upload, file.file)
        except UnreadableFile as unreadable:
            return await _upload_page(
                upload, support_user, options, [FieldError("file", str(unreadable))]
            )
        if not checked.rows:
            empty = FieldError("file", f"The selected file has no {kind.nouns[1]} in it")
            return await _upload_page(upload, support_user, options, [empty])
        if checked.errors:
            return _errors_page(upload, support_user, file.filename, checked)
        upload_id = await keep(upload, file.file, file.filename, options, checked)
        return Redirect(
            request.app.route_reverse(f"{kind.name}_preview", upload_id=upload_id),
            status_code=303,
        )

    @get(f"{kind.path}/{{upload_id:int}}", name=f"{kind.name}_preview")
    async def preview(
        support_user: NamedDependency[SupportViewer],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        upload_id: FromPath[int],
    ) -> Template:
        """The file's first rows and Confirm (unless it was applied already)."""
        upload = made(support_user, clock, settings)
        return _preview_page(upload, support_user, await found(upload_id))

    @post(f"{kind.path}/{{upload_id:int}}", name=f"{kind.name}_confirm")
    async def confirmed(
        request: Request,
        support_user: NamedDependency[SupportViewer],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
        upload_id: FromPath[int],
    ) -> Response:
        """Apply the kept file in one transaction, once, however often this is clicked."""
        kept = await found(upload_id)
        upload = made(support_user, clock, settings)
        if kept.confirmed_at is None and await upload.choose(kept.details.get("options", {})):
            return _preview_page(upload, support_user, kept, kind.options_changed)
        try:
            message = await confirm(upload, kept)
        except RowsChanged:
            again = made(support_user, clock, settings)
            await again.choose(kept.details.get("options", {}))
            try:
                async with kept_file(kept.id) as file:
                    checked = await check(again, file)
            except UnreadableFile:
                checked = Checked(0, [], 0)
            if not checked.errors:
                return _preview_page(upload, support_user, kept, CHANGED)
            return _errors_page(again, support_user, kept.filename, checked)
        if message:
            banner.show_after_redirect(request, *kind.banner, message)
        return Redirect(kind.done_href, status_code=303)

    return [form, upload, preview, confirmed]


def plural(count: int, nouns: tuple[str, str]) -> str:
    """“1 school”, “3 schools”."""
    return f"{count} {nouns[0] if count == 1 else nouns[1]}"
