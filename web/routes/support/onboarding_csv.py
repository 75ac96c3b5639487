"""Organisations: onboard many schools from a `name, urn` CSV file for a claim window.

Upload → a preview with Confirm, or every row's errors with "Upload your file again". Nothing
changes until Confirm, which applies the kept file once, however often it is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries import onboarding
from db.queries.support_events import record_event
from db.queries.windows import managed_window
from domain.csv_upload import PREVIEW_ROWS, UnreadableFile
from domain.onboarding import ONBOARDING_COLUMNS
from domain.validation.field_error import FieldError
from domain.validation.whole_number import whole_number
from domain.windows import ClaimWindow, can_onboard_for
from web import banner, onboarding_upload
from web.clock import Clock
from web.emails import queue_email, school_onboarded_fields
from web.forms import error_summary
from web.onboarding_task import BANNER, ORGANISATIONS, onboardable_windows
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

UPLOAD = "/support/organisations/onboard-csv"
TITLE = "Onboard schools from a CSV file"


async def _upload_page(
    support: SupportViewer,
    clock: Clock,
    errors: Sequence[FieldError] = (),
    window_id: str = "",
) -> Template:
    windows = await onboardable_windows(clock.now())
    by_field = {error.field: error.message for error in errors}
    return console_page(
        "support/onboarding/upload.html",
        title=TITLE,
        support=support,
        active="organisations",
        errors=error_summary(errors),
        back_href=ORGANISATIONS,
        action=UPLOAD,
        columns=", ".join(ONBOARDING_COLUMNS),
        windows=[
            {
                "value": str(each_id),
                "text": window.dates,
                "hint": {"text": f"Academic year {window.academic_year.name}"},
                "checked": window_id == str(each_id),
            }
            for each_id, window in windows
        ],
        field_errors=by_field,
    )


@get(UPLOAD, name="support_onboard_csv")
async def upload_form(
    support_user: NamedDependency[SupportViewer], clock: NamedDependency[Clock]
) -> Template:
    """Choose the claim window and the file."""
    return await _upload_page(support_user, clock)


def _file_problem(file: object) -> FieldError | None:
    if not isinstance(file, UploadFile) or not file.filename:
        return FieldError("file", "Select a CSV file")
    if not file.filename.lower().endswith(".csv"):
        return FieldError("file", "The selected file must be a CSV")
    return None


@post(UPLOAD, name="support_onboard_csv_upload")
async def upload(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
) -> Response:
    """Check the file: its errors row by row, or keep it and show the preview to confirm."""
    data = await request.form()
    raw_window = data.get("window_id")
    window_id = raw_window if isinstance(raw_window, str) else ""
    file = data.get("file")
    windows = dict(await onboardable_windows(clock.now()))
    chosen = whole_number(window_id)
    window = windows.get(chosen) if chosen is not None else None
    errors = []
    if not windows:
        errors.append(FieldError("window_id", "There is no current or upcoming claim window"))
    elif window is None:
        errors.append(FieldError("window_id", "Select the claim window"))
    problem = _file_problem(file)
    if problem:
        errors.append(problem)
    if errors or window is None or not isinstance(file, UploadFile):
        return await _upload_page(support_user, clock, errors, window_id)
    try:
        checked = await onboarding_upload.check(file.file, window.academic_year)
    except UnreadableFile as unreadable:
        return await _upload_page(
            support_user, clock, [FieldError("file", str(unreadable))], window_id
        )
    if not checked.rows:
        return await _upload_page(
            support_user,
            clock,
            [FieldError("file", "The selected file has no schools in it")],
            window_id,
        )
    if checked.errors:
        return _errors_page(support_user, file.filename, checked)
    upload_id = await onboarding_upload.keep(
        file.file, support_user.user.id, chosen, file.filename, clock.now()
    )
    return Redirect(
        request.app.route_reverse("support_onboard_csv_preview", upload_id=upload_id),
        status_code=303,
    )


def _errors_page(
    support: SupportViewer, file_name: str, checked: onboarding_upload.Checked
) -> Template:
    noun = "row" if checked.rows_with_errors == 1 else "rows"
    summary = f"{checked.rows_with_errors} {noun} in the selected file have errors"
    if checked.rows_with_errors == 1:
        summary = "1 row in the selected file has an error"
    return console_page(
        "support/onboarding/upload_errors.html",
        title="The selected file has errors",
        support=support,
        active="organisations",
        errors=[{"text": summary, "href": "#row-errors"}],
        back_href=UPLOAD,
        file_name=file_name,
        row_errors=checked.errors,
        rows_with_errors=checked.rows_with_errors,
        rows=checked.rows,
        more_than_shown=checked.rows_with_errors > len({e.row for e in checked.errors}),
        upload_href=UPLOAD,
    )


async def _found(upload_id: int) -> tuple[onboarding.Upload, ClaimWindow | None]:
    found = await onboarding.upload(upload_id)
    if found is None:
        raise NotFoundException()
    window = await managed_window(found.claim_window)
    return found, window.window if window else None


async def _preview(
    support: SupportViewer, clock: Clock, upload_id: int, problem: str | None = None
) -> Template:
    found, window = await _found(upload_id)
    errors = [{"text": problem, "href": "#confirm"}] if problem else []
    return console_page(
        "support/onboarding/upload_preview.html",
        title="Check the schools to onboard",
        support=support,
        active="organisations",
        errors=errors,
        back_href=UPLOAD,
        upload=found,
        window=window,
        schools=await onboarding.upload_preview(upload_id, PREVIEW_ROWS),
        action=f"{UPLOAD}/{upload_id}",
        upload_href=UPLOAD,
        can_confirm=found.applied_at is None and problem is None,
    )


@get(f"{UPLOAD}/{{upload_id:int}}", name="support_onboard_csv_preview")
async def preview(
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    upload_id: FromPath[int],
) -> Template:
    """The file's first schools, the window and Confirm (unless it was applied already)."""
    return await _preview(support_user, clock, upload_id)


@post(f"{UPLOAD}/{{upload_id:int}}", name="support_onboard_csv_confirm")
async def confirm(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    upload_id: FromPath[int],
) -> Response:
    """Onboard every school of the file in one transaction, once; email their users; log it."""
    found, window = await _found(upload_id)
    now = clock.now()
    if window is None or not can_onboard_for(window, now):
        return await _preview(
            support_user,
            clock,
            upload_id,
            "The claim window chosen has closed or was removed. Upload your file again",
        )
    async with write_transaction():
        # The first click marks it applied; a second one, waiting on the lock, finds it so.
        applied = await onboarding.mark_applied(upload_id, now)
        if applied:
            onboarded = await onboarding.onboard_upload(upload_id, window.academic_year)
            for user in await onboarding.school_users(onboarded):
                await queue_email(
                    "school_onboarded",
                    user.email,
                    school_onboarded_fields(
                        user.first_name, user.school_name, window, settings.service_url
                    ),
                )
            noun = "school" if len(onboarded) == 1 else "schools"
            description = (
                f"{len(onboarded)} {noun} onboarded for the academic year "
                f"{window.academic_year.name}, claim window {window.dates}, "
                f"from the file ‘{found.file_name}’"
            )
            skipped = found.school_count - len(onboarded)
            if skipped:
                description += f" ({skipped} already onboarded meanwhile)"
            await record_event(support_user.user.id, "schools_onboarded_by_csv", description, now)
    if applied:
        message = (
            f"{len(onboarded)} {noun} onboarded for the academic year {window.academic_year.name}"
        )
    else:
        message = f"The schools in ‘{found.file_name}’ have already been onboarded"
    banner.show_after_redirect(request, *BANNER, message)
    return Redirect(ORGANISATIONS, status_code=303)


ROUTES = [upload_form, upload, preview, confirm]
