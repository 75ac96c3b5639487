"""Support-only: removing a school's grant conditions agreement, so its users accept again."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.response import Redirect, Template

from db.outbox import write_transaction
from db.queries.support_events import record_event
from db.queries.support_schools import remove_grant_conditions
from web import banner
from web.access import SchoolAccess
from web.clock import Clock
from web.page import page

REMOVE_PATH = "/support/organisations/{school_id:int}/remove-grant-conditions"
NAV = "organisation"


def _details_url(request: Request, school: SchoolAccess) -> str:
    return request.app.route_reverse("organisation_details", school_id=school.school.id)


@get(REMOVE_PATH, name="support_remove_grant_conditions")
async def are_you_sure(
    request: Request, support_school: NamedDependency[SchoolAccess]
) -> Template | Redirect:
    """Are you sure: who accepted and when, and what removing it means for the school."""
    if not support_school.school.grant_conditions_accepted:
        # Removed by someone else meanwhile, or an old link: the details page says so.
        return Redirect(_details_url(request, support_school), status_code=303)
    return page(
        "support/remove_grant_conditions.html",
        title=f"Are you sure you want to remove {support_school.school.name}’s grant "
        "conditions agreement?",
        access=support_school,
        active=NAV,
        back_href=_details_url(request, support_school),
    )


@post(REMOVE_PATH, name="support_remove_grant_conditions_confirm")
async def confirm(
    request: Request,
    support_school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
) -> Redirect:
    """Remove the agreement and record who did it, once: a second click finds nothing to remove."""
    school = support_school.school
    async with write_transaction():
        removed = await remove_grant_conditions(school.id)
        if removed:
            await record_event(
                support_school.viewer.user.id,
                "grant_conditions_removed",
                f"Removed the grant conditions agreement of {school.name} (URN {school.urn})",
                clock.now(),
            )
    if removed:
        banner.show_after_redirect(
            request,
            NAV,
            school.id,
            f"{school.name}’s grant conditions agreement has been removed. "
            "Its users will be asked to accept the grant conditions again",
        )
    return Redirect(_details_url(request, support_school), status_code=303)


ROUTES = [are_you_sure, confirm]
