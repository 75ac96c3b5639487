"""Claiming again: a new draft with a submitted claim's provider and the mentors who still have
hours with it, started from the claim's page (an earlier year or window) or the claims list."""

from __future__ import annotations

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response

from db.queries.claim_again import NothingLeft, ProviderClosed, claim_again
from db.queries.claim_start import claim_start_for
from db.queries.claims import claim_for_school
from domain.claim_again import provider_closed
from domain.eligibility import StartBlocker
from web import left_out
from web.access import SchoolAccess
from web.claim_task import NAV
from web.clock import Clock
from web.page import page


@post("/schools/{school_id:int}/claims/{claim_id:int}/claim-again", name="claim_again")
async def start_again(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Start a draft for the claim's mentors who still have hours, then ask only their hours."""
    school_id = school.school.id
    claims_href = request.app.route_reverse("claims", school_id=school_id)
    back_href = request.app.route_reverse("claim", school_id=school_id, claim_id=claim_id)
    now = clock.now()
    start = await claim_start_for(school_id, now)
    if not start.can_start:
        # Another school's claim is not found, whether or not a window is open.
        if await claim_for_school(school_id, claim_id) is None:
            raise NotFoundException()
        return page(
            "pages/claim_journey/cannot_start.html",
            title="You cannot start a claim",
            access=school,
            active=NAV,
            back_href=back_href,
            messages=start.messages,
            offer_add_mentor=start.blocker is StartBlocker.NO_MENTORS,
            claims_href=claims_href,
        )
    started = await claim_again(
        school_id, school.viewer.user.id, claim_id, start.academic_year, now
    )
    if started is None:
        # Not this school's claim, or a draft (continued, not claimed again).
        raise NotFoundException()
    if isinstance(started, ProviderClosed):
        return page(
            "pages/claim_journey/cannot_start.html",
            title="You cannot start a claim",
            access=school,
            active=NAV,
            back_href=back_href,
            messages=provider_closed(started.provider_name),
            offer_add_mentor=False,
            claims_href=claims_href,
        )
    if isinstance(started, NothingLeft):
        return page(
            "pages/claim_journey/nothing_left.html",
            title=f"No mentors have hours left with {started.provider_name}",
            access=school,
            active=NAV,
            back_href=back_href,
            reasons=[each.reason for each in started.left_out],
            claims_href=claims_href,
        )
    left_out.keep(request, school_id, started.claim_id, [each.reason for each in started.left_out])
    # The first question not answered yet: the first mentor's hours.
    return Redirect(
        request.app.route_reverse("claim_resume", school_id=school_id, claim_id=started.claim_id),
        status_code=303,
    )


ROUTES = [start_again]
