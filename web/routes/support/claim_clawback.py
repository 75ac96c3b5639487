"""A clawback on one claim: the request, per rejected mentor, and a second support user's
decision on each mentor's clawback."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.audit import school_contacts
from db.queries.clawbacks import Decision, MentorHours, NotYours, decide_clawback, request_clawback
from db.queries.support_claims import ClaimMentorLine, SupportClaim
from domain.audit import parse_reason as parse_rejection
from domain.claim_lifecycle import Action
from domain.claim_status import ClaimStatus
from domain.clawbacks import MentorClawback, parse_reason, parse_trained_hours
from domain.funding import format_money
from domain.validation.field_error import FieldError
from web import banner
from web.clock import Clock
from web.emails import queue_email
from web.forms import by_field, error_summary
from web.routes.support.claim_audit import back_to, claim_for, first, line_field, posted
from web.routes.support.claims import BANNER, CLAIMS_PATH
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

CLAWBACK_PATH = f"{CLAIMS_PATH}/{{claim_id:int}}/clawback"
NOT_THE_REQUESTER = "You requested this clawback, so another support user must approve or reject it"
CHOOSE_DECISION = "Select whether to approve or reject the clawback for "


def rejected_lines(claim: SupportClaim) -> list[ClaimMentorLine]:
    """The mentors rejected after hearing the school (every mentor, if none was named)."""
    rejected = [line for line in claim.lines if line.school_rejection_reason]
    return rejected or list(claim.lines)


def _request_page(
    support: SupportViewer,
    claim: SupportClaim,
    values: dict[str, list[str]] | None = None,
    errors: Sequence[FieldError] = (),
) -> Template:
    values = values or {}
    return console_page(
        "support/claims/clawback_request.html",
        title="Request a clawback",
        support=support,
        active="claims",
        errors=error_summary(errors),
        field_errors=by_field(errors),
        claim=claim,
        mentors=[
            {
                "line": line,
                "hours_field": line_field("hours", line),
                "hours": first(values, line_field("hours", line)),
                "reason_field": line_field("reason", line),
                "reason": first(values, line_field("reason", line)),
            }
            for line in rejected_lines(claim)
        ],
        rate=claim.hourly_rate_pence or 0,
        back_href=f"{CLAIMS_PATH}/{claim.id}",
    )


@get(f"{CLAWBACK_PATH}/request", name="support_claim_clawback_request")
async def request_page(
    support_user: NamedDependency[SupportViewer], claim_id: FromPath[int]
) -> Template | Redirect:
    """For each rejected mentor: the hours they really trained, and why the rest go back."""
    claim = await claim_for(support_user, claim_id, Action.REQUEST_CLAWBACK)
    if claim is None:
        return back_to(claim_id)
    return _request_page(support_user, claim)


def _parse_request(
    claim: SupportClaim, values: dict[str, list[str]]
) -> list[MentorHours] | list[FieldError]:
    found: list[MentorHours] = []
    errors: list[FieldError] = []
    for line in rejected_lines(claim):
        claimed = line.hours or 0
        hours_field, reason_field = line_field("hours", line), line_field("reason", line)
        hours = parse_trained_hours(first(values, hours_field), claimed, hours_field)
        reason = parse_reason(first(values, reason_field), reason_field)
        if isinstance(hours, FieldError):
            errors.append(hours)
        if isinstance(reason, FieldError):
            errors.append(reason)
        if not isinstance(hours, FieldError) and not isinstance(reason, FieldError):
            found.append(MentorHours(line.id, MentorClawback(line.name, claimed, hours, reason)))
    return errors or found


@post(f"{CLAWBACK_PATH}/request", name="support_claim_clawback_request_confirm")
async def request_clawback_answer(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    claim_id: FromPath[int],
) -> Response:
    """Work out the amount at the claim's stored rate; nothing to take back pays the claim
    again, anything else waits for a second support user and is emailed to the school."""
    claim = await claim_for(support_user, claim_id, Action.REQUEST_CLAWBACK)
    if claim is None:
        return back_to(claim_id)
    values = await posted(request)
    parsed = _parse_request(claim, values)
    if parsed and isinstance(parsed[0], FieldError):
        return _request_page(support_user, claim, values, parsed)
    async with write_transaction():
        account = await request_clawback(claim_id, parsed, support_user.user.id, clock.now())
        if account is not None and account.status is ClaimStatus.CLAWBACK_REQUESTED:
            service_url = settings.service_url + request.app.route_reverse("sign_in")
            for contact in await school_contacts([claim_id]):
                await queue_email(
                    "clawback_requested",
                    contact.email,
                    {
                        "first_name": contact.first_name,
                        "school_name": contact.school_name,
                        "reference": contact.reference,
                        "amount": format_money(account.amount_pence),
                        "clawback_amount": format_money(account.clawback_pence),
                        "adjusted_amount": format_money(account.adjusted_pence),
                        "service_url": service_url,
                    },
                )
    if account is not None:
        message = (
            f"Clawback of {format_money(account.clawback_pence)} requested. Another support "
            "user must approve it"
            if account.clawback_pence
            else "Nothing to claw back: the claim is paid again"
        )
        banner.show_after_redirect(request, *BANNER, message)
    return back_to(claim_id)


def _decision_page(
    support: SupportViewer,
    claim: SupportClaim,
    values: dict[str, list[str]] | None = None,
    errors: Sequence[FieldError] = (),
) -> Template:
    values = values or {}
    return console_page(
        "support/claims/clawback_decision.html",
        title="Approve or reject the clawback",
        support=support,
        active="claims",
        errors=error_summary(errors),
        field_errors=by_field(errors),
        claim=claim,
        requester=claim.clawback_requested_by == support.user.id,
        not_the_requester=NOT_THE_REQUESTER,
        mentors=[
            {
                "line": line,
                "decision_field": line_field("decision", line),
                "decision": first(values, line_field("decision", line)),
                "reason_field": line_field("rejection", line),
                "reason": first(values, line_field("rejection", line)),
            }
            for line in claim.lines
            if line.trained_hours is not None
        ],
        back_href=f"{CLAIMS_PATH}/{claim.id}",
    )


@get(f"{CLAWBACK_PATH}/decision", name="support_claim_clawback_decision")
async def decision_page(
    support_user: NamedDependency[SupportViewer], claim_id: FromPath[int]
) -> Template | Redirect:
    """Each mentor's clawback, to approve or reject; the requester is told to ask someone
    else."""
    claim = await claim_for(support_user, claim_id, Action.APPROVE_CLAWBACK)
    if claim is None:
        return back_to(claim_id)
    return _decision_page(support_user, claim)


def _parse_decisions(
    claim: SupportClaim, values: dict[str, list[str]]
) -> list[Decision] | list[FieldError]:
    found: list[Decision] = []
    errors: list[FieldError] = []
    for line in claim.lines:
        if line.trained_hours is None:
            continue
        decision_field = line_field("decision", line)
        decision = first(values, decision_field)
        if decision not in ("approve", "reject"):
            errors.append(FieldError(decision_field, CHOOSE_DECISION + line.name))
            continue
        if decision == "approve":
            found.append(Decision(line.id, line.name, True))
            continue
        reason_field = line_field("rejection", line)
        reason = parse_rejection(
            first(values, reason_field),
            reason_field,
            f"Enter why the clawback for {line.name} is rejected",
        )
        if isinstance(reason, FieldError):
            errors.append(reason)
        else:
            found.append(Decision(line.id, line.name, False, reason))
    return errors or found


@post(f"{CLAWBACK_PATH}/decision", name="support_claim_clawback_decision_confirm")
async def decide(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Every mentor approved makes the claim ready for clawback; any rejected returns it to
    Rejected by school. Never by the support user who requested it."""
    claim = await claim_for(support_user, claim_id, Action.APPROVE_CLAWBACK)
    if claim is None:
        return back_to(claim_id)
    if claim.clawback_requested_by == support_user.user.id:
        return _decision_page(support_user, claim)
    values = await posted(request)
    parsed = _parse_decisions(claim, values)
    if parsed and isinstance(parsed[0], FieldError):
        return _decision_page(support_user, claim, values, parsed)
    try:
        async with write_transaction():
            moved = await decide_clawback(claim_id, parsed, support_user.user.id, clock.now())
    except NotYours:
        return _decision_page(support_user, claim)
    if moved is not None:
        banner.show_after_redirect(
            request,
            *BANNER,
            "Clawback approved. The claim is ready for clawback"
            if moved is ClaimStatus.READY_FOR_CLAWBACK
            else "Clawback rejected. The claim is rejected by school again",
        )
    return back_to(claim_id)


ROUTES = [request_page, request_clawback_answer, decision_page, decide]
