"""Choosing an organisation, accepting its grant conditions and reading its details."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Response, Template

from db.queries.provider_users import is_provider_user
from db.queries.schools import accept_grant_conditions, schools_for_user
from db.queries.support_users import is_support_user
from db.queries.trust_view import school_summaries
from db.queries.windows import all_windows
from domain.academic_years import academic_year_containing
from domain.funding import Region, hourly_rate_or_none
from domain.windows import closed_messages, current_window, days_to_deadline_message, uk_date
from web import banner, trust_view
from web.access import NoAccess, SchoolAccess, Viewer, local_path
from web.clock import Clock
from web.navigation import school_home
from web.page import page
from web.provider_access import PROVIDERS_HOME
from web.support_access import HOME as SUPPORT_HOME
from web.support_console import page_number


@get("/schools", name="schools")
async def schools(
    request: Request,
    viewer: NamedDependency[Viewer],
    clock: NamedDependency[Clock],
    q: FromQuery[str] = "",
    progress: Annotated[list[str] | None, QueryParameter(name="progress")] = None,
    page_text: Annotated[str, QueryParameter(name="page")] = "",
) -> Response:
    """A user with one school goes to it; a trust user sees what each school needs doing."""
    if viewer.school_count < 2:
        return await _one_school_or_none(viewer)
    now = clock.now()
    windows = await all_windows()
    window = current_window(windows, now)
    view = trust_view.TrustView(
        reverse=request.app.route_reverse,
        query=" ".join(q.split()),
        wanted=trust_view.wanted_progress(progress or []),
        page_number=page_number(page_text),
    )
    if window is None:
        listed = await schools_for_user(viewer.user.id)
        return page(
            "pages/schools.html",
            title="Select an organisation",
            viewer=viewer,
            **view.closed(listed, closed_messages(windows, now)),
        )
    summaries = await school_summaries(viewer.user.id, window.academic_year)
    return page(
        "pages/schools.html",
        title="Select an organisation",
        viewer=viewer,
        **view.open(summaries, days_to_deadline_message(window, now)),
    )


async def _one_school_or_none(viewer: Viewer) -> Response:
    """A user's only school, or the home of a user who belongs to no school."""
    all_schools = await schools_for_user(viewer.user.id)
    if all_schools:
        return Redirect(f"/schools/{all_schools[0].id}", status_code=303)
    # Support users belong to no school: their home is the support console.
    if await is_support_user(viewer.user.id):
        return Redirect(SUPPORT_HOME, status_code=303)
    # Provider users belong to no school either: their home is their provider's claims.
    if await is_provider_user(viewer.user.id):
        return Redirect(PROVIDERS_HOME, status_code=303)
    raise NoAccess()


@get("/schools/{school_id:int}", name="school")
async def school(member_school: NamedDependency[SchoolAccess]) -> Redirect:
    """A school's front door: the grant conditions first, then its pages."""
    # A support user cannot accept for the school, so goes straight in.
    if not member_school.school.grant_conditions_accepted and not member_school.as_support:
        return Redirect(f"/schools/{member_school.school.id}/grant-conditions", status_code=303)
    return Redirect(school_home(member_school.school.id), status_code=303)


@get("/schools/{school_id:int}/grant-conditions", name="grant_conditions")
async def grant_conditions(
    member_school: NamedDependency[SchoolAccess], next: FromQuery[str | None] = None
) -> Response:
    """The grant conditions, to read and accept on the school's first visit."""
    # A support user reads what the school will be asked to accept, but cannot accept it.
    if member_school.school.grant_conditions_accepted and not member_school.as_support:
        return Redirect(school_home(member_school.school.id), status_code=303)
    return page(
        "pages/grant_conditions.html",
        title="Grant conditions",
        access=member_school,
        next_path=local_path(next, school_home(member_school.school.id)),
    )


@post("/schools/{school_id:int}/grant-conditions", name="accept_grant_conditions")
async def accept(
    request: Request, member_school: NamedDependency[SchoolAccess], clock: NamedDependency[Clock]
) -> Redirect:
    """Record that this member accepted the grant conditions for the school."""
    if member_school.as_support:
        # Grant conditions are the school's agreement: only its own users may enter into it.
        raise NotFoundException()
    await accept_grant_conditions(
        member_school.school.id, member_school.viewer.user.id, clock.now()
    )
    form = await request.form()
    home = school_home(member_school.school.id)
    target = local_path(str(form.get("next", "")), home)
    # Only follow `next` within this school, so accepting never lands on another school.
    if not target.startswith(f"/schools/{member_school.school.id}/"):
        target = home
    return Redirect(target, status_code=303)


@get("/schools/{school_id:int}/organisation-details", name="organisation_details")
async def organisation_details(
    request: Request, school: NamedDependency[SchoolAccess], clock: NamedDependency[Clock]
) -> Template:
    """The school's register details, grant conditions and funding."""
    year = academic_year_containing(uk_date(clock.now()))
    region = Region(school.school.region)
    return page(
        "pages/organisation_details.html",
        title="Organisation details",
        success_message=banner.take(request, "organisation", school.school.id),
        access=school,
        active="organisation",
        academic_year=year,
        region=region,
        # None for a year whose rates are not confirmed: the page says so instead of guessing.
        rate_pence=hourly_rate_or_none(region, year),
        website_url=_website_url(school.school.website),
        remove_grant_conditions_href=(
            request.app.route_reverse("support_remove_grant_conditions", school_id=school.school.id)
            if school.as_support and school.school.grant_conditions_accepted
            else None
        ),
    )


def _website_url(website: str) -> str | None:
    """A link for a register website, which is often written without its scheme."""
    website = website.strip()
    if not website:
        return None
    return website if website.startswith(("http://", "https://")) else f"https://{website}"


ROUTES = [schools, school, grant_conditions, accept, organisation_details]
