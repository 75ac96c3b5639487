"""Support's manual payment actions on one claim, each behind an "Are you sure" page."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.outbox import write_transaction
from db.queries.payments import act_on_claim
from db.queries.support_claims import SupportClaim, support_claim
from domain.claim_lifecycle import allowed
from domain.payments import MANUAL_ACTIONS, ManualAction
from web import banner
from web.clock import Clock
from web.routes.support.claims import BANNER, CLAIMS_PATH
from web.support_access import SupportViewer
from web.support_console import console_page

ACTION_PATH = f"{CLAIMS_PATH}/{{claim_id:int}}/payment/{{action:str}}"


async def _claim_and_action(
    support: SupportViewer, claim_id: int, slug: str
) -> tuple[SupportClaim, ManualAction]:
    manual = MANUAL_ACTIONS.get(slug)
    claim = await support_claim(claim_id, scope=support.claims)
    if manual is None or claim is None:
        raise NotFoundException()
    return claim, manual


def _back(claim_id: int) -> Redirect:
    return Redirect(f"{CLAIMS_PATH}/{claim_id}", status_code=303)


@get(ACTION_PATH, name="support_claim_payment_action")
async def are_you_sure(
    support_user: NamedDependency[SupportViewer], claim_id: FromPath[int], action: FromPath[str]
) -> Template | Redirect:
    """Are you sure: the claim, and what the action does to it."""
    claim, manual = await _claim_and_action(support_user, claim_id, action)
    if not allowed(manual.action, claim.status):
        # Done by someone else meanwhile, or an old link: the claim page shows where it is.
        return _back(claim_id)
    return console_page(
        "support/claims/payment_action.html",
        title=manual.question,
        support=support_user,
        active="claims",
        claim=claim,
        manual=manual,
        back_href=f"{CLAIMS_PATH}/{claim_id}",
    )


@post(ACTION_PATH, name="support_claim_payment_action_confirm")
async def confirm(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    action: FromPath[str],
) -> Redirect:
    """Move the claim and record it, once: a second click finds it already moved."""
    _, manual = await _claim_and_action(support_user, claim_id, action)
    async with write_transaction():
        moved = await act_on_claim(
            claim_id, manual.action, manual.done, support_user.user.id, clock.now()
        )
    if moved is not None:
        banner.show_after_redirect(
            request, *BANNER, f"{manual.done}. The claim is now {moved.label.lower()}"
        )
    return _back(claim_id)


ROUTES = [are_you_sure, confirm]
