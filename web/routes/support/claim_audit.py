"""Support's manual audit actions on one claim: approve it, or record a rejection per mentor."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.queries.audit import reject_mentors, school_contacts
from db.queries.payments import act_on_claim
from db.queries.support_claims import ClaimMentorLine, SupportClaim, support_claim
from domain.audit import parse_reason
from domain.claim_lifecycle import Action, allowed
from domain.validation.field_error import FieldError
from web import banner
from web.clock import Clock
from web.emails import queue_email
from web.forms import by_field, error_summary
from web.routes.support.claims import BANNER, CLAIMS_PATH
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page

AUDIT_PATH = f"{CLAIMS_PATH}/{{claim_id:int}}/audit"
CHOOSE_MENTOR = "Select the mentors the provider rejected"


async def claim_for(support: SupportViewer, claim_id: int, action: Action) -> SupportClaim | None:
    """The claim, or None if the action cannot happen to it now (404 if there is none, or the
    support user may not see it)."""
    claim = await support_claim(claim_id, scope=support.claims)
    if claim is None:
        raise NotFoundException()
    return claim if allowed(action, claim.status) else None


def back_to(claim_id: int) -> Redirect:
    """Back to the claim page, which shows where the claim is now."""
    return Redirect(f"{CLAIMS_PATH}/{claim_id}", status_code=303)


def line_field(prefix: str, line: ClaimMentorLine) -> str:
    """The id and name of a mentor line's field on a per-mentor form."""
    return f"{prefix}-{line.id}"


async def posted(request: Request) -> dict[str, list[str]]:
    """Every posted field's values as text (files and blanks dropped)."""
    data = await request.form()
    return {key: [v for v in data.getall(key) if isinstance(v, str)] for key in data}


def first(values: dict[str, list[str]], name: str) -> str:
    """The first value of a posted field, or ""."""
    return (values.get(name) or [""])[0]


@get(f"{AUDIT_PATH}/approve", name="support_claim_audit_approve")
async def approve_page(
    support_user: NamedDependency[SupportViewer], claim_id: FromPath[int]
) -> Template | Redirect:
    """Are you sure: the provider approved the claim, so it is paid again."""
    claim = await claim_for(support_user, claim_id, Action.PROVIDER_APPROVED)
    if claim is None:
        return back_to(claim_id)
    return console_page(
        "support/claims/audit_approve.html",
        title="Are you sure the provider has approved this claim?",
        support=support_user,
        active="claims",
        claim=claim,
        back_href=f"{CLAIMS_PATH}/{claim_id}",
    )


@post(f"{AUDIT_PATH}/approve", name="support_claim_audit_approve_confirm")
async def approve(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Redirect:
    """Mark the claim paid again, once: a second click finds it already moved."""
    async with write_transaction():
        moved = await act_on_claim(
            claim_id,
            Action.PROVIDER_APPROVED,
            "Audit approved: the provider confirmed the claim",
            support_user.user.id,
            clock.now(),
        )
    if moved is not None:
        banner.show_after_redirect(
            request, *BANNER, f"Audit approved. The claim is now {moved.label.lower()}"
        )
    return back_to(claim_id)


def _reasons_page(
    support: SupportViewer,
    claim: SupportClaim,
    kind: str,
    lines: Sequence[ClaimMentorLine],
    values: dict[str, list[str]] | None = None,
    errors: Sequence[FieldError] = (),
) -> Template:
    values = values or {}
    chosen = set(values.get("mentors", []))
    provider = kind == "provider-rejected"
    return console_page(
        "support/claims/audit_reasons.html",
        title="Record that the provider rejected the claim"
        if provider
        else "Reject the claim after hearing the school",
        support=support,
        active="claims",
        errors=error_summary(errors),
        field_errors=by_field(errors),
        claim=claim,
        choose=provider,
        mentors=[
            {
                "line": line,
                "field": line_field("reason", line),
                "value": first(values, line_field("reason", line)),
                "checked": str(line.id) in chosen,
            }
            for line in lines
        ],
        action=f"{CLAIMS_PATH}/{claim.id}/audit/{kind}",
        back_href=f"{CLAIMS_PATH}/{claim.id}",
    )


def _school_lines(claim: SupportClaim) -> list[ClaimMentorLine]:
    """The mentors the provider rejected (every mentor, if no reason was recorded)."""
    rejected = [line for line in claim.lines if line.provider_rejection_reason]
    return rejected or list(claim.lines)


_KINDS = {
    "provider-rejected": Action.PROVIDER_REJECTED,
    "school-rejected": Action.REJECT_AFTER_HEARING_SCHOOL,
}
REASONS_PATH = f"{AUDIT_PATH}/{{rejection:str}}"


async def _claim_and_lines(
    support: SupportViewer, claim_id: int, kind: str
) -> tuple[SupportClaim | None, list[ClaimMentorLine]]:
    action = _KINDS.get(kind)
    if action is None:
        raise NotFoundException()
    claim = await claim_for(support, claim_id, action)
    if claim is None:
        return None, []
    lines = list(claim.lines) if action is Action.PROVIDER_REJECTED else _school_lines(claim)
    return claim, lines


@get(REASONS_PATH, name="support_claim_audit_rejection")
async def reasons_page(
    support_user: NamedDependency[SupportViewer],
    claim_id: FromPath[int],
    rejection: FromPath[str],
) -> Template | Redirect:
    """The mentors rejected and why: by the provider, or after hearing the school."""
    claim, lines = await _claim_and_lines(support_user, claim_id, rejection)
    if claim is None:
        return back_to(claim_id)
    return _reasons_page(support_user, claim, rejection, lines)


def _parse_reasons(
    kind: str, lines: Sequence[ClaimMentorLine], values: dict[str, list[str]]
) -> dict[int, str] | list[FieldError]:
    if kind == "provider-rejected":
        chosen = set(values.get("mentors", []))
        picked = [line for line in lines if str(line.id) in chosen]
        if not picked:
            return [FieldError("mentors", CHOOSE_MENTOR)]
    else:
        picked = list(lines)
    reasons: dict[int, str] = {}
    errors: list[FieldError] = []
    for line in picked:
        field = line_field("reason", line)
        parsed = parse_reason(first(values, field), field, f"Enter why {line.name} was rejected")
        if isinstance(parsed, FieldError):
            errors.append(parsed)
        else:
            reasons[line.id] = parsed
    return errors or reasons


@post(REASONS_PATH, name="support_claim_audit_rejection_confirm")
async def record_rejection(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    claim_id: FromPath[int],
    rejection: FromPath[str],
) -> Response:
    """Keep each rejected mentor's reason and move the claim, once; a provider's rejection is
    emailed to the school's users."""
    claim, lines = await _claim_and_lines(support_user, claim_id, rejection)
    if claim is None:
        return back_to(claim_id)
    values = await posted(request)
    parsed = _parse_reasons(rejection, lines, values)
    if isinstance(parsed, list):
        return _reasons_page(support_user, claim, rejection, lines, values, parsed)
    names = {line.id: line.name for line in lines}
    action = _KINDS[rejection]
    async with write_transaction():
        moved = await reject_mentors(
            claim_id, action, parsed, names, support_user.user.id, clock.now()
        )
        if moved is not None and action is Action.PROVIDER_REJECTED:
            await email_provider_rejection(settings, [claim_id])
    if moved is not None:
        banner.show_after_redirect(
            request, *BANNER, f"Rejection recorded. The claim is now {moved.label.lower()}"
        )
    return back_to(claim_id)


async def email_provider_rejection(settings: Settings, claim_ids: Sequence[int]) -> None:
    """Email every user of each claim's school that its provider rejected it, in the caller's
    transaction."""
    service_url = f"{settings.service_url}/sign-in"
    for contact in await school_contacts(claim_ids):
        await queue_email(
            "claim_rejected_by_provider",
            contact.email,
            {
                "first_name": contact.first_name,
                "school_name": contact.school_name,
                "reference": contact.reference,
                "provider_name": contact.provider_name,
                "service_url": service_url,
            },
        )


ROUTES = [approve_page, approve, reasons_page, record_rejection]
