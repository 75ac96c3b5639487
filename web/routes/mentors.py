"""A school's mentors: the list, adding a teacher found in the Teaching Record System, removing.

The date of birth is never stored: between pages it travels only in the forms' hidden fields
(never the session, the database, a URL or a log line), and every page that needs the teacher
asks the Teaching Record System again, so a hidden field cannot smuggle in a name.
"""

from __future__ import annotations

import logging
from datetime import date

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Response, Template

from db.queries.mentors import (
    BlockingClaim,
    MentorValue,
    add_school_mentor,
    claims_blocking_removal,
    remove_school_mentor,
    school_mentor,
    school_mentor_by_trn,
    school_mentor_count,
    school_mentors,
)
from domain.validation.date_of_birth import parse_date_of_birth
from domain.validation.field_error import FieldError
from domain.validation.trn import TRN_LENGTH, parse_trn
from domain.windows import uk_date
from web import banner
from web.access import SchoolAccess
from web.clock import Clock
from web.forms import error_summary, read_form
from web.integrations.teaching_record import (
    TeacherName,
    TeachingRecordLookup,
    TeachingRecordUnavailable,
)
from web.page import page
from web.partials import mentor_preview
from web.partials.mentor_preview import Outcome, Preview

logger = logging.getLogger(__name__)

PER_PAGE = 25
TRN = "trn"
DATE_OF_BIRTH = "date-of-birth"
PRIVACY = "privacy"
CHANGE = "change"


class Answers(msgspec.Struct, frozen=True):
    """What was typed on the "Find a mentor" page, as typed, to show back."""

    trn: str = ""
    day: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-day")
    month: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-month")
    year: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-year")


class Search(msgspec.Struct, frozen=True):
    """A well-formed TRN and date of birth, ready to look up."""

    trn: str
    date_of_birth: date

    @property
    def answers(self) -> Answers:
        """The answers to carry in hidden fields to the next page."""
        born = self.date_of_birth
        return Answers(self.trn, str(born.day), str(born.month), str(born.year))


def parse_answers(answers: Answers, today: date) -> Search | list[FieldError]:
    """The search, or every field's error in page order."""
    trn = parse_trn(answers.trn)
    born = parse_date_of_birth(answers.day, answers.month, answers.year, today)
    errors = [each for each in (trn, born) if isinstance(each, FieldError)]
    if errors:
        return errors
    return Search(trn=trn, date_of_birth=born)


def _summary(errors: list[FieldError]) -> list[dict]:
    return error_summary(
        msgspec.structs.replace(each, field=_field_id(each.field)) for each in errors
    )


def _field_id(field: str) -> str:
    # The date of birth's errors name a part (day, month or year) of the GOV.UK date input.
    return f"{DATE_OF_BIRTH}-{field}" if field in ("day", "month", "year") else field


def _urls(school_id: int) -> dict[str, str]:
    base = f"/schools/{school_id}/mentors"
    return {"mentors_url": base, "find_url": f"{base}/add", "confirm_url": f"{base}/add/confirm"}


def _mentors_page(template: str, school: SchoolAccess, *, title: str, **context) -> Template:
    """A page of the Mentors area, with its addresses."""
    return page(
        template, title=title, access=school, active="mentors", **_urls(school.school.id), **context
    )


def _find_page(
    school: SchoolAccess, answers: Answers, errors: list[FieldError] | None = None
) -> Template:
    errors = errors or []
    by_field = {error.field: error for error in errors}
    date_error = next((e for e in errors if e.field in ("day", "month", "year")), None)
    return _mentors_page(
        "pages/mentors/find.html",
        school,
        title="Find a mentor",
        errors=_summary(errors),
        back_href=f"/schools/{school.school.id}/mentors",
        answers=answers,
        trn_length=TRN_LENGTH,
        trn_error=by_field.get(TRN),
        date_error=date_error,
        preview=None,
    )


def _not_found_page(school: SchoolAccess, search: Search) -> Template:
    return _mentors_page(
        "pages/mentors/not_found.html",
        school,
        title="No teacher found",
        back_href=f"/schools/{school.school.id}/mentors/add",
        search=search,
        answers=search.answers,
        trn_length=TRN_LENGTH,
    )


def _unavailable_page(school: SchoolAccess, search: Search) -> Template:
    # 503: the service is fine but a system it depends on is not; the answers stay in the form.
    return _mentors_page(
        "pages/mentors/unavailable.html",
        school,
        title="Sorry, the Teaching Record System is not available",
        status_code=503,
        back_href=f"/schools/{school.school.id}/mentors/add",
        answers=search.answers,
    )


def _confirm_page(
    school: SchoolAccess, search: Search, teacher: TeacherName, privacy_error: str = ""
) -> Template:
    name = f"{teacher.first_name} {teacher.last_name}"
    return _mentors_page(
        "pages/mentors/confirm.html",
        school,
        title="Confirm mentor details",
        errors=error_summary([FieldError(PRIVACY, privacy_error)] if privacy_error else []),
        back_href=f"/schools/{school.school.id}/mentors/add",
        teacher=teacher,
        name=name,
        search=search,
        answers=search.answers,
        privacy_error=privacy_error,
    )


def _already_added(name: str) -> FieldError:
    return FieldError(TRN, f"{name} has already been added as a mentor")


async def _look_up(
    school: SchoolAccess, search: Search, teaching_record: TeachingRecordLookup
) -> MentorValue | TeacherName | None:
    """The school's own mentor with this TRN, else the teacher the TRS finds, else None."""
    held = await school_mentor_by_trn(school.school.id, search.trn)
    if held is not None:
        return held
    try:
        return await teaching_record.find_teacher(search.trn, search.date_of_birth)
    except TeachingRecordUnavailable as exc:
        # The client logs the detail; this says whose journey it stopped (never the birth date).
        logger.warning(
            "Teaching Record System unavailable while school %s was finding a mentor: %s",
            school.school.id,
            exc,
        )
        raise


def _last_page(total: int) -> int:
    """How many pages the mentors fill (an empty list still has its first page)."""
    return max(1, -(-total // PER_PAGE))


def _page_number(text: str, total: int) -> int | None:
    """The page asked for, if it exists."""
    last = _last_page(total)
    if not text:
        return 1
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= last else None


def pagination(base_url: str, current: int, last: int) -> dict | None:
    """GOV.UK pagination: first, last and the pages either side of this one, with ellipses."""
    if last <= 1:
        return None
    shown = sorted({1, current - 1, current, current + 1, last} & set(range(1, last + 1)))
    items: list[dict] = []
    for before, number in zip([None, *shown], shown, strict=False):
        if before is not None and number - before > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number, "href": f"{base_url}?page={number}", "current": number == current}
        )
    return {
        "items": items,
        "previous": {"href": f"{base_url}?page={current - 1}"} if current > 1 else None,
        "next": {"href": f"{base_url}?page={current + 1}"} if current < last else None,
    }


@get("/schools/{school_id:int}/mentors", name="mentors")
async def mentors(request: Request, school: NamedDependency[SchoolAccess]) -> Template:
    """The school's mentors, a page at a time."""
    school_id = school.school.id
    total = await school_mentor_count(school_id)
    # Read `page` here: a handler argument of that name would hide the page() renderer.
    current = _page_number(request.query_params.get("page", ""), total)
    if current is None:
        raise NotFoundException()
    return _mentors_page(
        "pages/mentors/index.html",
        school,
        title="Mentors",
        success_message=banner.take(request, "mentors", school_id),
        mentors=await school_mentors(school_id, offset=(current - 1) * PER_PAGE, limit=PER_PAGE),
        total=total,
        first_shown=(current - 1) * PER_PAGE + 1,
        pagination=pagination(f"/schools/{school_id}/mentors", current, _last_page(total)),
    )


@get("/schools/{school_id:int}/mentors/add", name="find_mentor")
async def find_mentor(school: NamedDependency[SchoolAccess]) -> Template:
    """Ask for the mentor's TRN and date of birth."""
    return _find_page(school, Answers())


@post("/schools/{school_id:int}/mentors/add", name="find_mentor_answers")
async def find_mentor_answers(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    teaching_record: NamedDependency[TeachingRecordLookup],
) -> Response:
    """Look the teacher up: who they are (HTMX, as typed), or the next page (Continue)."""
    form = await request.form()
    answers = await read_form(request, Answers)
    search = parse_answers(answers, uk_date(clock.now()))
    if request.htmx:
        return mentor_preview.fragment(await _preview(school, search, teaching_record))
    if form.get(CHANGE):
        # "Change" and "check the details" come back here with the answers, to edit them.
        return _find_page(school, answers)
    if isinstance(search, list):
        return _find_page(school, answers, search)
    try:
        found = await _look_up(school, search, teaching_record)
    except TeachingRecordUnavailable:
        return _unavailable_page(school, search)
    if isinstance(found, MentorValue):
        return _find_page(school, answers, [_already_added(found.full_name)])
    if found is None:
        return _not_found_page(school, search)
    return _confirm_page(school, search, found)


async def _preview(
    school: SchoolAccess, search: Search | list[FieldError], teaching_record: TeachingRecordLookup
) -> Preview | None:
    if isinstance(search, list):
        # Still typing: errors wait for Continue (GOV.UK validates on submit, not as you type).
        return None
    try:
        found = await _look_up(school, search, teaching_record)
    except TeachingRecordUnavailable:
        return Preview(Outcome.UNAVAILABLE)
    if isinstance(found, MentorValue):
        return Preview(Outcome.ALREADY_ADDED, found.full_name)
    if found is None:
        return Preview(Outcome.NOT_FOUND)
    return Preview(Outcome.FOUND, f"{found.first_name} {found.last_name}")


@post("/schools/{school_id:int}/mentors/add/confirm", name="add_mentor")
async def add_mentor(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    teaching_record: NamedDependency[TeachingRecordLookup],
) -> Response:
    """Add the teacher the Teaching Record System names as one of the school's mentors."""
    form = await request.form()
    answers = await read_form(request, Answers)
    search = parse_answers(answers, uk_date(clock.now()))
    if isinstance(search, list):
        return _find_page(school, answers, search)
    try:
        found = await _look_up(school, search, teaching_record)
    except TeachingRecordUnavailable:
        return _unavailable_page(school, search)
    if isinstance(found, MentorValue):
        return _find_page(school, answers, [_already_added(found.full_name)])
    if found is None:
        return _not_found_page(school, search)
    if not form.get(PRIVACY):
        return _confirm_page(
            school,
            search,
            found,
            f"Confirm that you have told {found.first_name} {found.last_name} "
            "how DfE will use their information",
        )
    added = await add_school_mentor(
        school.school.id, found.trn, found.first_name, found.last_name, clock.now()
    )
    if added is None:
        # Someone else at the school added them since this page was shown.
        name = f"{found.first_name} {found.last_name}"
        return _find_page(school, answers, [_already_added(name)])
    banner.show_after_redirect(
        request, "mentors", school.school.id, f"{added.full_name} has been added as a mentor"
    )
    return Redirect(f"/schools/{school.school.id}/mentors", status_code=303)


async def _held_mentor(school: SchoolAccess, mentor_id: int) -> MentorValue:
    mentor = await school_mentor(school.school.id, mentor_id)
    if mentor is None:
        raise NotFoundException()
    return mentor


def _cannot_remove_page(
    school: SchoolAccess, mentor: MentorValue, claims: list[BlockingClaim]
) -> Template:
    return _mentors_page(
        "pages/mentors/cannot_remove.html",
        school,
        title=f"You cannot remove {mentor.full_name} yet",
        back_href=f"/schools/{school.school.id}/mentors",
        mentor=mentor,
        claims=claims,
    )


@get("/schools/{school_id:int}/mentors/{mentor_id:int}/remove", name="remove_mentor")
async def remove_mentor(
    school: NamedDependency[SchoolAccess], mentor_id: FromPath[int]
) -> Template:
    """Ask to confirm removing the mentor, or explain why they cannot be removed yet."""
    mentor = await _held_mentor(school, mentor_id)
    claims = await claims_blocking_removal(school.school.id, mentor.id)
    if claims:
        return _cannot_remove_page(school, mentor, claims)
    return _mentors_page(
        "pages/mentors/remove.html",
        school,
        title=f"Are you sure you want to remove {mentor.full_name}?",
        back_href=f"/schools/{school.school.id}/mentors",
        mentor=mentor,
    )


@post("/schools/{school_id:int}/mentors/{mentor_id:int}/remove", name="confirm_remove_mentor")
async def confirm_remove_mentor(
    request: Request, school: NamedDependency[SchoolAccess], mentor_id: FromPath[int]
) -> Response:
    """Remove the mentor from the school, unless a claim started since still needs them."""
    mentor = await _held_mentor(school, mentor_id)
    claims = await remove_school_mentor(school.school.id, mentor.id)
    if claims:
        return _cannot_remove_page(school, mentor, claims)
    banner.show_after_redirect(
        request, "mentors", school.school.id, f"{mentor.full_name} has been removed"
    )
    return Redirect(f"/schools/{school.school.id}/mentors", status_code=303)


ROUTES = [
    mentors,
    find_mentor,
    find_mentor_answers,
    add_mentor,
    remove_mentor,
    confirm_remove_mentor,
]
