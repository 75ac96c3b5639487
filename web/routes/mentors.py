"""A school's mentors: the list, adding a teacher found in the Teaching Record System, removing.

Adding a mentor is a wizard (web/wizard.py): find (TRN and date of birth), then confirm. The date
of birth is never stored (not in the session, the database, a URL or a log line): it is looked up
in the Teaching Record System the moment it is posted, and the task keeps only the TRN and the
name the Teaching Record System gave.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Response, Template

from db.engine import give_back_held_connection
from db.outbox import write_transaction
from db.queries.mentors import (
    BlockingClaim,
    MentorsPage,
    MentorValue,
    add_school_mentor,
    claims_blocking_removal,
    remove_school_mentor,
    school_mentor,
    school_mentor_by_trn,
    school_mentors_page,
)
from domain.academic_years import AcademicYear, NotConfirmed, academic_year_containing
from domain.claim_again import allowances_by_provider, used_and_left
from domain.windows import uk_date
from web import banner, wizard
from web.access import SchoolAccess
from web.clock import Clock
from web.integrations.teaching_record import TeachingRecordLookup, TeachingRecordUnavailable
from web.page import page
from web.partials.mentor_preview import Outcome
from web.steps import confirm_mentor, find_mentor
from web.steps.find_mentor import Found, NewMentor, Search, Teacher
from web.support_acting import record_if_support

logger = logging.getLogger(__name__)

PER_PAGE = 25
NAV = "mentors"
ADD_MENTOR = wizard.Journey((find_mentor, confirm_mentor))


# Keyed by school, so adding mentors in two tabs for two schools never mixes the answers.
def _answers_key(school_id: int) -> str:
    return f"add_mentor:{school_id}"


def _mentors_page(template: str, school: SchoolAccess, *, title: str, **context) -> Template:
    """A page of the Mentors area."""
    return page(template, title=title, access=school, active=NAV, **context)


def _teacher(mentor: MentorValue) -> Teacher:
    return Teacher(mentor.trn, mentor.first_name, mentor.last_name)


class AddMentor:
    """Adding a teacher as one of a school's mentors: the teacher found (never their date of
    birth) lives in the user's server-side session."""

    journey = ADD_MENTOR

    def __init__(
        self,
        request: Request,
        school: SchoolAccess,
        clock: Clock,
        teaching_record: TeachingRecordLookup,
    ) -> None:
        self.request, self.school, self.clock = request, school, clock
        self.teaching_record = teaching_record
        self.reverse = request.app.route_reverse
        stored = request.session.get(_answers_key(school.school.id)) or {}
        self.state = msgspec.convert(stored, NewMentor)

    @property
    def school_id(self) -> int:
        """The school the mentor is added to."""
        return self.school.school.id

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """/mentors/add to find the teacher, /mentors/add/{step} for the steps after."""
        return wizard.step_url(
            self.reverse, "add_mentor", self.journey, step_id, query, school_id=self.school_id
        )

    def exit_url(self) -> str:
        """Back to the list of mentors."""
        return self.reverse("mentors", school_id=self.school_id)

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    def today(self) -> date:
        """The UK date now, from the injected clock."""
        return uk_date(self.clock.now())

    async def look_up(self, search: Search) -> Found:
        """The school's own mentor with this TRN, else whom the Teaching Record System finds."""
        held = await school_mentor_by_trn(self.school_id, search.trn)
        if held is not None:
            return Found(Outcome.ALREADY_ADDED, _teacher(held))
        await give_back_held_connection()  # no PostgreSQL connection waits on the TRS
        try:
            found = await self.teaching_record.find_teacher(search.trn, search.date_of_birth)
        except TeachingRecordUnavailable as exc:
            # The client logs the detail; this says whose journey it stopped (never the birth date).
            logger.warning(
                "Teaching Record System unavailable while school %s was finding a mentor: %s",
                self.school_id,
                exc,
            )
            return Found(Outcome.UNAVAILABLE)
        if found is None:
            return Found(Outcome.NOT_FOUND)
        return Found(Outcome.FOUND, Teacher(found.trn, found.first_name, found.last_name))

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the Mentors area."""
        return partial(page, access=self.school, active=NAV)

    async def save(self, state: NewMentor) -> AddMentor | wizard.Rejected | str:
        """Keep the teacher found; once confirmed, add them and go back to the list."""
        key = _answers_key(self.school_id)
        if not state.confirmed:
            self.request.session[key] = msgspec.to_builtins(state)
            self.state = state
            return self
        # Checked again on confirming: someone else at the school may have added them meanwhile.
        held = await school_mentor_by_trn(self.school_id, state.trn)
        added = None
        if held is None:
            now = self.clock.now()
            async with write_transaction():
                added = await add_school_mentor(
                    self.school_id, state.trn, state.first_name, state.last_name, now
                )
                if added is not None:
                    what = f"Added {added.full_name} (TRN {added.trn}) as a mentor"
                    await record_if_support(self.school, "mentor_added", what, now)
        if added is None:
            name = held.full_name if held else state.full_name
            return wizard.Rejected(find_mentor.ID, [find_mentor.already_added(name)])
        self.request.session.pop(key, None)
        banner.show_after_redirect(
            self.request, NAV, self.school_id, f"{added.full_name} has been added as a mentor"
        )
        return self.exit_url()


def _last_page(total: int) -> int:
    """How many pages the mentors fill (an empty list still has its first page)."""
    return max(1, -(-total // PER_PAGE))


# Past any school's mentors, and small enough that the page's offset fits the database's integers.
_PAGES_AT_MOST = 10**9


def _page_number(text: str) -> int | None:
    """The page asked for, if it is a page number (whether the mentors fill it is read with
    them)."""
    if not text:
        return 1
    if not text.isascii() or not text.isdigit() or len(text) > len(str(_PAGES_AT_MOST)):
        return None
    number = int(text)
    return number if 1 <= number <= _PAGES_AT_MOST else None


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


def hours_by_mentor(shown: MentorsPage, year: AcademicYear) -> dict[int, list[str]] | None:
    """Each mentor's hours used and left with each provider they have claims with in the year,
    in words; None for a year whose hour limits are not confirmed (nothing may be assumed)."""
    try:
        return {
            mentor.id: [
                f"{name}: {used_and_left(allowance)}"
                for name, allowance in allowances_by_provider(
                    mentor.id, year, shown.lines, shown.provider_names
                )
            ]
            for mentor in shown.mentors
        }
    except NotConfirmed:
        return None


@get("/schools/{school_id:int}/mentors", name="mentors")
async def mentors(
    request: Request, school: NamedDependency[SchoolAccess], clock: NamedDependency[Clock]
) -> Template:
    """The school's mentors, a page at a time, with their hours with each provider this year."""
    school_id = school.school.id
    # Read `page` here: a handler argument of that name would hide the page() renderer.
    current = _page_number(request.query_params.get("page", ""))
    if current is None:
        raise NotFoundException()
    year = academic_year_containing(uk_date(clock.now()))
    shown = await school_mentors_page(
        school_id, year, offset=(current - 1) * PER_PAGE, limit=PER_PAGE
    )
    total = shown.total
    if current > _last_page(total):
        raise NotFoundException()
    base_url = request.app.route_reverse("mentors", school_id=school_id)
    return _mentors_page(
        "pages/mentors/index.html",
        school,
        title="Mentors",
        success_message=banner.take(request, NAV, school_id),
        mentors=shown.mentors,
        hours=hours_by_mentor(shown, year),
        academic_year=year,
        total=total,
        first_shown=(current - 1) * PER_PAGE + 1,
        pagination=pagination(base_url, current, _last_page(total)),
    )


ADD_PATHS = [
    "/schools/{school_id:int}/mentors/add",
    "/schools/{school_id:int}/mentors/add/{step:path}",
]


@get(ADD_PATHS, name="add_mentor")
async def add_mentor(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    teaching_record: NamedDependency[TeachingRecordLookup],
    step: FromPath[str] = "",
) -> Response:
    """A step of adding a mentor, once the steps before it are answered."""
    task = AddMentor(request, school, clock, teaching_record)
    # Never the query: the date of birth must not travel in an address.
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(ADD_PATHS, name="add_mentor_answer")
async def add_mentor_answer(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    teaching_record: NamedDependency[TeachingRecordLookup],
    step: FromPath[str] = "",
) -> Response:
    """Check a step's answer: who the answers belong to (HTMX), the page again, or the next."""
    task = AddMentor(request, school, clock, teaching_record)
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


async def _held_mentor(school: SchoolAccess, mentor_id: int) -> MentorValue:
    mentor = await school_mentor(school.school.id, mentor_id)
    if mentor is None:
        raise NotFoundException()
    return mentor


def _list_url(request: Request, school: SchoolAccess) -> str:
    return request.app.route_reverse("mentors", school_id=school.school.id)


def _cannot_remove_page(
    request: Request, school: SchoolAccess, mentor: MentorValue, claims: list[BlockingClaim]
) -> Template:
    return _mentors_page(
        "pages/mentors/cannot_remove.html",
        school,
        title=f"You cannot remove {mentor.full_name} yet",
        back_href=_list_url(request, school),
        mentor=mentor,
        claims=claims,
    )


@get("/schools/{school_id:int}/mentors/{mentor_id:int}/remove", name="remove_mentor")
async def remove_mentor(
    request: Request, school: NamedDependency[SchoolAccess], mentor_id: FromPath[int]
) -> Template:
    """Ask to confirm removing the mentor, or explain why they cannot be removed yet."""
    mentor = await _held_mentor(school, mentor_id)
    claims = await claims_blocking_removal(school.school.id, mentor.id)
    if claims:
        return _cannot_remove_page(request, school, mentor, claims)
    return _mentors_page(
        "pages/mentors/remove.html",
        school,
        title=f"Are you sure you want to remove {mentor.full_name}?",
        back_href=_list_url(request, school),
        mentor=mentor,
    )


@post("/schools/{school_id:int}/mentors/{mentor_id:int}/remove", name="confirm_remove_mentor")
async def confirm_remove_mentor(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    mentor_id: FromPath[int],
) -> Response:
    """Remove the mentor from the school, unless a claim started since still needs them."""
    mentor = await _held_mentor(school, mentor_id)
    now = clock.now()
    async with write_transaction():
        claims = await remove_school_mentor(school.school.id, mentor.id)
        if not claims:
            what = f"Removed {mentor.full_name} (TRN {mentor.trn}) as a mentor"
            await record_if_support(school, "mentor_removed", what, now)
    if claims:
        return _cannot_remove_page(request, school, mentor, claims)
    banner.show_after_redirect(
        request, NAV, school.school.id, f"{mentor.full_name} has been removed"
    )
    return Redirect(_list_url(request, school), status_code=303)


ROUTES = [
    mentors,
    add_mentor,
    add_mentor_answer,
    remove_mentor,
    confirm_remove_mentor,
]
