"""Submitting a claim: every step's answer checked again, written at once, then confirmed."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response

from db.queries.claim_drafts import claim_for_school
from db.queries.claim_submission import (
    AlreadySubmitted,
    CannotSubmit,
    SubmittedClaim,
    submit_claim,
)
from db.queries.claims import claim_for_school as claim_detail
from db.queries.journey_state import clear_journey_answers
from db.queries.windows import all_windows
from domain.claim_status import ClaimStatus
from domain.submission import Problem
from domain.windows import payment_message, window_at
from web import wizard
from web.access import SchoolAccess
from web.claim_state import needs_confirmation
from web.claim_task import NAV, ClaimTask, DraftAccess, claim_task
from web.clock import Clock
from web.emails import claim_submitted_fields, queue_email
from web.forms import read_form
from web.journey import hours_step
from web.page import page
from web.steps import check_answers, confirm_hours, mentors, provider
from web.support_acting import record_if_support

FEEDBACK_EMAIL = "ittmentor.funding@education.gov.uk"


async def _payment_message(moment) -> str:
    """When claims submitted at `moment` are paid, from the window they were submitted in."""
    message = payment_message(window_at(await all_windows(), moment))
    return message or "The Department for Education will tell you when claims are paid."


async def _on_submitted(school: SchoolAccess, submitted: SubmittedClaim, paid: str) -> None:
    """In the claim's transaction: the confirmation email, and the support event when a support
    user submitted it for the school."""
    fields = claim_submitted_fields(submitted, paid)
    await queue_email("claim_submitted", submitted.submitter_email, fields)
    what = f"Submitted claim {submitted.reference}"
    await record_if_support(
        school, "claim_submitted", what, submitted.submitted_at, claim_id=submitted.claim_id
    )


def _ways_forward(task: ClaimTask, result: CannotSubmit) -> list[dict]:
    """Each reason the claim cannot be submitted, with a link to put it right where there is one."""
    names = {each.mentor_id: each.name for each in task.lines}
    reasons = []
    for reason in result.reasons:
        link = None
        if reason.problem is Problem.NOT_ENOUGH_HOURS_LEFT and reason.mentor_id in names:
            link = {
                "href": task.url(hours_step(reason.mentor_id)),
                "text": f"Change the hours for {names[reason.mentor_id]}",
            }
        elif reason.problem in (
            Problem.NO_HOURS_LEFT,
            Problem.NO_MENTORS,
            Problem.MENTOR_TWICE,
            Problem.HOURS_OUT_OF_RANGE,
        ):
            link = {"href": task.url(mentors.ID), "text": "Change the mentors on this claim"}
        elif reason.problem is Problem.PROVIDER_NOT_ACCREDITED:
            link = {"href": task.url(provider.ID), "text": "Change the accredited provider"}
        reasons.append({"message": reason.message, "link": link})
    return reasons


async def _confirmation(request: Request, task: ClaimTask) -> ClaimTask | Response:
    """The task with the confirmation asked on check your answers, or that page with its error."""
    if not needs_confirmation(task.state):
        return task
    view = await confirm_hours.load(task.ask("", {}))
    answer = confirm_hours.parse(await read_form(request, confirm_hours.Form), view)
    if isinstance(answer, list):
        summary = await check_answers.load(task.ask("", {}))
        return wizard.render(task, check_answers.ID, summary, None, answer)
    return await task.save(confirm_hours.apply(task.state, answer, ""))


@post("/schools/{school_id:int}/claims/{claim_id:int}/submit", name="claim_submit")
async def submit(
    request: Request,
    draft: NamedDependency[DraftAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Submit the claim once, if every rule still holds; else say what changed."""
    school = draft.school
    task = claim_task(request.app.route_reverse, school, clock, draft.found)
    if task is None:
        raise NotFoundException()
    submitted_url = task.reverse("claim_submitted", school_id=task.school_id, claim_id=claim_id)
    if not task.claim.is_draft:
        return Redirect(submitted_url, status_code=303)
    gap = task.journey.first_unanswered(task.state)
    if gap != check_answers.ID:
        return Redirect(task.url(gap), status_code=303)
    confirmed = await _confirmation(request, task)
    if isinstance(confirmed, str):
        # Submitted meanwhile (a double click): the confirmation says so.
        return Redirect(submitted_url, status_code=303)
    if not isinstance(confirmed, ClaimTask):
        return confirmed
    now = clock.now()
    paid = await _payment_message(now)
    result = await submit_claim(
        claim_id,
        task.school_id,
        task.user_id,
        now,
        lambda submitted: _on_submitted(school, submitted, paid),
    )
    if result is None:
        raise NotFoundException()
    if isinstance(result, CannotSubmit):
        return page(
            "pages/claim_journey/cannot_submit.html",
            title="You cannot submit this claim",
            access=school,
            active=NAV,
            back_href=task.url(check_answers.ID),
            reasons=_ways_forward(task, result),
            check_answers_href=task.url(check_answers.ID),
            claims_href=task.exit_url(),
        )
    if isinstance(result, SubmittedClaim):
        await clear_journey_answers(task.user_id, task.school_id, task.claim)
    assert isinstance(result, SubmittedClaim | AlreadySubmitted)
    return Redirect(submitted_url, status_code=303)


@get("/schools/{school_id:int}/claims/{claim_id:int}/submitted", name="claim_submitted")
async def submitted(
    request: Request, school: NamedDependency[SchoolAccess], claim_id: FromPath[int]
) -> Response:
    """The confirmation: the reference and what happens next."""
    reverse = request.app.route_reverse
    claim = await claim_for_school(claim_id, school.school.id)
    if claim is None:
        raise NotFoundException()
    if claim.is_draft:
        resume = reverse("claim_resume", school_id=school.school.id, claim_id=claim_id)
        return Redirect(resume, status_code=303)
    detail = await claim_detail(school.school.id, claim_id)
    return page(
        "pages/claim_journey/submitted.html",
        title="Claim submitted",
        access=school,
        active=NAV,
        claim=claim,
        is_submitted=claim.status is ClaimStatus.SUBMITTED,
        # The confirmation email goes to whoever submitted, queued with the claim itself.
        email=school.viewer.user.email if claim.submitted_by == school.viewer.user.id else None,
        claims_href=reverse("claims", school_id=school.school.id),
        claim_href=reverse("claim", school_id=school.school.id, claim_id=claim_id),
        feedback_email=FEEDBACK_EMAIL,
        payment=await _payment_message(detail.submitted_at) if detail.submitted_at else None,
    )


ROUTES = [submit, submitted]
