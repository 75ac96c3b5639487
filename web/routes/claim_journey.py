"""The add-claim journey: one question per page, saved as it goes (web/journey.py lists them).

The wizard engine (web/wizard.py) serves every step; these handlers only find the claim. A new
claim has addresses of its own because no claim exists until its provider is chosen.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Response

from db.queries.claim_start import claim_start_for
from domain.eligibility import StartBlocker
from domain.validation.whole_number import whole_number
from web import left_out, wizard
from web.access import SchoolAccess
from web.claim_task import NAV, ClaimTask, DraftAccess, claim_task
from web.clock import Clock
from web.page import page
from web.partials import claim_summary
from web.partials.claim_summary import ClaimSoFar, SummaryLine
from web.steps import mentor_hours, mentors


def _query(request: Request) -> dict[str, str]:
    return {name: str(value) for name, value in request.query_params.items()}


async def _new_claim(request: Request, access: SchoolAccess, clock: Clock) -> ClaimTask | Response:
    """A claim about to start, or the page saying why one cannot be started."""
    start = await claim_start_for(access.school.id, clock.now())
    if start.can_start:
        return ClaimTask(request.app.route_reverse, access, clock, start.academic_year)
    return page(
        "pages/claim_journey/cannot_start.html",
        title="You cannot start a claim",
        access=access,
        active=NAV,
        back_href=request.app.route_reverse("claims", school_id=access.school.id),
        messages=start.messages,
        offer_add_mentor=start.blocker is StartBlocker.NO_MENTORS,
        claims_href=request.app.route_reverse("claims", school_id=access.school.id),
    )


def _draft(
    request: Request, draft: DraftAccess, clock: Clock, claim_id: int
) -> ClaimTask | Response:
    """The school's draft, or its own page once it is submitted."""
    task = claim_task(request.app.route_reverse, draft.school, clock, draft.found)
    if task is None:
        raise NotFoundException()
    if not task.claim.is_draft:
        return Redirect(
            task.reverse("claim", school_id=task.school_id, claim_id=claim_id), status_code=303
        )
    return task


def _step_id(step: str) -> str:
    step_id = step.strip("/")
    if ClaimTask.journey.find(step_id) is None:
        raise NotFoundException()
    return step_id


START_PATHS = [
    "/schools/{school_id:int}/claims/new",
    "/schools/{school_id:int}/claims/new/{step:path}",
]


@get(START_PATHS, name="claim_start")
async def start(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    step: FromPath[str] = "",
) -> Response:
    """A question of a claim not started yet: the provider, or its results."""
    step_id = wizard.step_at(ClaimTask.journey, step)
    task = await _new_claim(request, school, clock)
    if not isinstance(task, ClaimTask):
        return task
    return await wizard.show(task, step_id, request, _query(request))


@post(START_PATHS, name="claim_start_answer")
async def start_answer(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    step: FromPath[str] = "",
) -> Response:
    """Search for the provider, or start the claim with the provider picked."""
    step_id = wizard.step_at(ClaimTask.journey, step)
    task = await _new_claim(request, school, clock)
    if not isinstance(task, ClaimTask):
        return task
    return await wizard.answer(task, step_id, request)


@get("/schools/{school_id:int}/claims/{claim_id:int}/{step:path}", name="claim_step")
async def show_step(
    request: HTMXRequest,
    draft: NamedDependency[DraftAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    step: FromPath[str],
) -> Response:
    """Any question of a claim in progress, once the questions before it are answered."""
    step_id = _step_id(step)
    task = _draft(request, draft, clock, claim_id)
    if not isinstance(task, ClaimTask):
        return task
    task.left_out = left_out.take(request, task.school_id, claim_id)
    return await wizard.show(task, step_id, request, _query(request))


@post("/schools/{school_id:int}/claims/{claim_id:int}/{step:path}", name="claim_step_answer")
async def answer_step(
    request: Request,
    draft: NamedDependency[DraftAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    step: FromPath[str],
) -> Response:
    """Check an answer: the page again with errors, or on to the next question."""
    step_id = _step_id(step)
    task = _draft(request, draft, clock, claim_id)
    if not isinstance(task, ClaimTask):
        return task
    return await wizard.answer(task, step_id, request)


@get("/schools/{school_id:int}/claims/{claim_id:int}/resume", name="claim_resume")
async def resume(
    request: Request,
    draft: NamedDependency[DraftAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Continue a draft where it was left: the first unanswered question, or check answers."""
    task = _draft(request, draft, clock, claim_id)
    if not isinstance(task, ClaimTask):
        return task
    return Redirect(task.url(task.journey.first_unanswered(task.state)), status_code=303)


async def _preview(
    task: ClaimTask, mentor: str, hours: str, custom: str, chosen: list[str] | None
) -> ClaimSoFar:
    """The summary with the answer being given on the page, before it is saved."""
    if chosen is not None:
        ticked = set(chosen)
        options = mentors.claimable(await task.mentor_options())
        return task.summary_of(
            tuple(
                SummaryLine(option.name, task.state.hours_for(option.mentor_id))
                for option in options
                if str(option.mentor_id) in ticked
            )
        )
    mentor_id = whole_number(mentor)
    if mentor_id is None or task.claim.mentor(mentor_id) is None:
        return task.summary
    view = await mentor_hours.load(task.ask(str(mentor_id), {}))
    answer = mentor_hours.parse(mentor_hours.Form(hours=hours, custom_hours=custom), view)
    return task.summary_of(
        tuple(
            SummaryLine(
                each.name,
                answer if each.mentor_id == mentor_id and isinstance(answer, int) else each.hours,
            )
            for each in task.lines
        )
    )


@get("/schools/{school_id:int}/claims/{claim_id:int}/summary", name="claim_summary")
async def summary(
    request: HTMXRequest,
    draft: NamedDependency[DraftAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    mentor: FromQuery[str] = "",
    hours: FromQuery[str] = "",
    custom_hours: FromQuery[str] = "",
    preview: FromQuery[str] = "",
    ticked: Annotated[list[str] | None, QueryParameter(name="mentors")] = None,
) -> Response:
    """'Your claim so far': the fragment for htmx as answers change, else a page of its own."""
    task = claim_task(request.app.route_reverse, draft.school, clock, draft.found)
    if task is None:
        raise NotFoundException()
    # Nothing ticked sends no "mentors" at all, so the mentors page says what it previews.
    chosen = (ticked or []) if preview == mentors.ID else None
    so_far = await _preview(task, mentor, hours, custom_hours, chosen)
    if request.htmx:
        return claim_summary.fragment(so_far)
    return page(
        "pages/claim_journey/summary.html",
        title="Your claim so far",
        access=draft.school,
        active=NAV,
        back_href=request.app.route_reverse(
            "claim_resume", school_id=task.school_id, claim_id=claim_id
        ),
        summary=so_far,
        summary_heading=False,
    )


ROUTES = [
    start,
    start_answer,
    resume,
    summary,
    show_step,
    answer_step,
]
