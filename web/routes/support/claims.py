"""The console's claims: every submitted claim, searched and filtered, downloaded, and one claim."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from urllib.parse import urlencode

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Stream, Template

from db.outbox import write_transaction
from db.queries.support_claims import (
    Named,
    SearchOptions,
    SupportClaim,
    assign_claim,
    claim_batches,
    find_claims,
    search_options,
    set_ticket_link,
    support_claim,
    support_user_options,
)
from domain.claim_lifecycle import Action, allowed
from domain.claim_search import (
    CLAIMS_PER_PAGE,
    FILTER_PARAMETERS,
    UNASSIGNED,
    parse_claim_search,
    search_parameters,
)
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.payments import MANUAL_ACTIONS
from domain.validation.field_error import FieldError
from domain.validation.ticket_link import parse_ticket_link
from web import banner
from web.clock import Clock
from web.forms import by_field, error_summary, read_form
from web.support_access import SupportViewer
from web.support_claim_filters import filter_tags, select_items
from web.support_claims_csv import csv_lines
from web.support_console import console_page, page_number, pagination

CLAIMS_PATH = "/support/claims"
BANNER = ("support-claim", 0)
ASSIGN_FIELD = "assigned_to"
CHOOSE_SUPPORT_USER = "Select a support user, or nobody"


def _search_query(request: Request) -> dict[str, str]:
    """The search form's parameters from the address (the first of each, as text)."""
    return {name: str(request.query_params.get(name) or "") for name in FILTER_PARAMETERS}


def _query_string(pairs: list[tuple[str, str]]) -> str:
    return f"?{urlencode(pairs)}" if pairs else ""


def _kept_search(request: Request) -> str:
    """The list's search and page, carried through a claim's page back to the list."""
    pairs = search_parameters(_search_query(request))
    wanted = page_number(str(request.query_params.get("page") or ""))
    return _query_string([*pairs, ("page", str(wanted))] if wanted > 1 else pairs)


@get(CLAIMS_PATH, name="support_claims")
async def claims(
    request: Request, support_user: NamedDependency[SupportViewer], page: FromQuery[str] = ""
) -> Template:
    """Every submitted claim, newest first; a GET form, so filtering works without JavaScript."""
    query = _search_query(request)
    options = await search_options(support_user.own_only)
    search, errors = parse_claim_search(query, options.choices)
    wanted = page_number(page)
    found, total = await find_claims(search, wanted, CLAIMS_PER_PAGE, scope=support_user.claims)
    shown = pagination(wanted, total, CLAIMS_PER_PAGE)
    if shown.page != wanted:
        found, total = await find_claims(
            search, shown.page, CLAIMS_PER_PAGE, scope=support_user.claims
        )
    kept = search_parameters(query)

    def href(number: int) -> str:
        return f"{CLAIMS_PATH}?{urlencode([*kept, ('page', number)])}"

    return console_page(
        "support/claims/list.html",
        title="Claims",
        support=support_user,
        active="claims",
        errors=error_summary(errors),
        field_errors=by_field(errors),
        # GOV.UK date input: only the boxes in error are marked.
        highlighted={part for error in errors for part in error.highlighted},
        query=query,
        claims=found,
        total=total,
        options=_options(options),
        tags=filter_tags(query, search, options, CLAIMS_PATH),
        search_query=_query_string(kept),
        claim_query=_query_string([*kept, ("page", str(shown.page))] if shown.page > 1 else kept),
        pagination=shown.items(href) if shown.pages > 1 else None,
        sub_navigation=sub_navigation("claims"),
    )


def _options(options: SearchOptions) -> dict:
    """Each select filter's values and words, the first meaning "any"."""
    return {
        "academic_year": select_items(
            (str(year.start_year), year.name) for year in options.academic_years
        ),
        "window": select_items(
            (
                str(each.id),
                f"{each.window.dates} ({each.window.academic_year.name})"
                + (" – removed" if each.removed else ""),
            )
            for each in options.windows
        ),
        "training_type": select_items(
            (kind.value, kind.label.capitalize()) for kind in TrainingType
        ),
        "status": select_items(
            (status.value, status.label)
            for status in ClaimStatus
            if status is not ClaimStatus.DRAFT
        ),
        "provider": select_items((str(each.id), each.name) for each in options.providers),
        "assigned": select_items(
            [(UNASSIGNED, "Nobody")] + [(str(each.id), each.name) for each in options.support_users]
        ),
    }


def sub_navigation(current: str) -> list[dict]:
    """Claims' sub-navigation (support.md "Console layout")."""
    return [
        {"href": CLAIMS_PATH, "text": "All claims", "current": current == "claims"},
        {"href": f"{CLAIMS_PATH}/payments", "text": "Payments", "current": current == "payments"},
        {"href": f"{CLAIMS_PATH}/auditing", "text": "Auditing", "current": current == "auditing"},
        {
            "href": f"{CLAIMS_PATH}/clawbacks",
            "text": "Clawbacks",
            "current": current == "clawbacks",
        },
        {"href": "/support/settings/activity", "text": "Activity log", "current": False},
    ]


@get(f"{CLAIMS_PATH}/download", name="support_claims_download")
async def download(request: Request, support_user: NamedDependency[SupportViewer]) -> Response:
    """Exactly the claims the search finds, as CSV, written while the rows are read."""
    query = _search_query(request)
    options = await search_options(support_user.own_only)
    search, errors = parse_claim_search(query, options.choices)
    if errors:
        # A date that is not real: the search page says so rather than download the wrong claims.
        return Redirect(f"{CLAIMS_PATH}{_query_string(search_parameters(query))}", status_code=303)

    async def lines() -> AsyncIterator[str]:
        async for line in csv_lines(claim_batches(search, scope=support_user.claims)):
            yield line

    return Stream(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claims.csv"'},
    )


# The manual audit and clawback actions: the action, its button and its page under the claim.
_AUDIT_ACTIONS = (
    (Action.PROVIDER_APPROVED, "Approve claim", "audit/approve"),
    (Action.PROVIDER_REJECTED, "Record provider rejection", "audit/provider-rejected"),
    (
        Action.REJECT_AFTER_HEARING_SCHOOL,
        "Reject after hearing the school",
        "audit/school-rejected",
    ),
    (Action.REQUEST_CLAWBACK, "Request clawback", "clawback/request"),
    (Action.APPROVE_CLAWBACK, "Approve or reject clawback", "clawback/decision"),
)


def _payment_actions(claim: SupportClaim) -> list[dict]:
    """The manual actions the claim's status allows, as buttons to their pages."""
    return [
        {"text": each.button, "href": f"{CLAIMS_PATH}/{claim.id}/payment/{each.slug}"}
        for each in MANUAL_ACTIONS.values()
        if allowed(each.action, claim.status)
    ] + [
        {"text": button, "href": f"{CLAIMS_PATH}/{claim.id}/{path}"}
        for action, button, path in _AUDIT_ACTIONS
        if allowed(action, claim.status)
    ]


async def _claim(support: SupportViewer, claim_id: int) -> SupportClaim:
    # Out of the support user's scope (another research session's claim) is as good as none.
    claim = await support_claim(claim_id, scope=support.claims, assignable_only=support.own_only)
    if claim is None:
        raise NotFoundException()
    return claim


def _claim_page(
    request: Request,
    support: SupportViewer,
    claim: SupportClaim,
    support_users: Sequence[Named],
    errors: Sequence[FieldError] = (),
    ticket_link: str | None = None,
) -> Template:
    """The claim page, with the list's search kept for the back link and the forms."""
    kept = _kept_search(request)
    assign_items = [{"value": "", "text": "Nobody", "selected": claim.assigned_to is None}] + [
        {"value": str(each.id), "text": each.name, "selected": each.id == claim.assigned_to}
        for each in support_users
    ]
    return console_page(
        "support/claims/claim.html",
        title=f"Claim {claim.reference}",
        support=support,
        active="claims",
        errors=error_summary(errors),
        field_errors=by_field(errors),
        claim=claim,
        assign_items=assign_items,
        ticket_link=claim.support_ticket_url if ticket_link is None else ticket_link,
        back_href=f"{CLAIMS_PATH}{kept}",
        action_query=kept,
        success_message=banner.take(request, *BANNER),
        payment_actions=_payment_actions(claim),
    )


@get(f"{CLAIMS_PATH}/{{claim_id:int}}", name="support_claim")
async def claim_page(
    request: Request, support_user: NamedDependency[SupportViewer], claim_id: FromPath[int]
) -> Template:
    """One claim: details, school, assignee, ticket link and history."""
    claim = await _claim(support_user, claim_id)
    return _claim_page(request, support_user, claim, claim.assignable)


def _back_to_claim(request: Request, claim_id: int) -> Redirect:
    return Redirect(f"{CLAIMS_PATH}/{claim_id}{_kept_search(request)}", status_code=303)


class _AssignForm(msgspec.Struct, frozen=True):
    """The assign form: a support user's id, or blank for nobody."""

    assigned_to: str = ""


class _TicketForm(msgspec.Struct, frozen=True):
    """The support ticket form: the link, or blank to remove it."""

    support_ticket_url: str = ""


@post(f"{CLAIMS_PATH}/{{claim_id:int}}/assign", name="support_claim_assign")
async def assign(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Give the claim to a support user, or to nobody, and record it in the claim's history."""
    claim = await _claim(support_user, claim_id)
    support_users = await support_user_options(support_user.own_only)
    form = await read_form(request, _AssignForm)
    chosen = next((u for u in support_users if str(u.id) == form.assigned_to), None)
    if form.assigned_to and chosen is None:
        errors = [FieldError(ASSIGN_FIELD, CHOOSE_SUPPORT_USER)]
        return _claim_page(request, support_user, claim, support_users, errors)
    if (chosen.id if chosen else None) != claim.assigned_to:
        async with write_transaction():
            await assign_claim(claim.id, claim.reference, chosen, support_user.user.id, clock.now())
        message = f"Claim assigned to {chosen.name}" if chosen else "Claim no longer assigned"
        banner.show_after_redirect(request, *BANNER, message)
    return _back_to_claim(request, claim_id)


@post(f"{CLAIMS_PATH}/{{claim_id:int}}/ticket", name="support_claim_ticket")
async def ticket(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Keep the link to the claim's support ticket; a blank link removes it."""
    claim = await _claim(support_user, claim_id)
    form = await read_form(request, _TicketForm)
    link = parse_ticket_link(form.support_ticket_url)
    if isinstance(link, FieldError):
        support_users = await support_user_options(support_user.own_only)
        return _claim_page(
            request, support_user, claim, support_users, [link], form.support_ticket_url
        )
    if link != claim.support_ticket_url:
        async with write_transaction():
            await set_ticket_link(
                claim.id, claim.reference, link, support_user.user.id, clock.now()
            )
        banner.show_after_redirect(
            request, *BANNER, "Support ticket link saved" if link else "Support ticket link removed"
        )
    return _back_to_claim(request, claim_id)


ROUTES = [claims, download, claim_page, assign, ticket]
