"""A school's claims: the claims list, a claim's page and removing a draft."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from db.queries.claim_start import claim_start_for
from db.queries.claims import (
    ClaimDetail,
    ClaimsPage,
    claim_for_school,
    claims_pages,
    remove_draft,
)
from domain.academic_years import AcademicYear
from domain.claim_again import is_earlier_claim
from domain.claim_status import ClaimStatus
from domain.eligibility import StartBlocker
from domain.hours import format_hours
from domain.validation.whole_number import whole_number
from domain.windows import countdown, deadline_message, uk_date
from web import banner
from web.access import SchoolAccess
from web.clock import Clock
from web.page import page
from web.wizard import with_query

# journeys.md: the claims list shows 25 claims a page.
CLAIMS_PER_PAGE = 25


def tab_id(year: AcademicYear) -> str:
    """The id of an academic year's tab panel, like "claims-2025-to-2026"."""
    return f"claims-{year.start_year}-to-{year.start_year + 1}"


def pagination(claims_href: str, result: ClaimsPage) -> dict | None:
    """govukPagination parameters for a year's claims, or None when they fit on one page."""
    if result.pages < 2:
        return None

    def href(number: int) -> str:
        query = {"year": str(result.academic_year.start_year), "page": str(number)}
        # The fragment selects the year's tab, with or without JavaScript.
        return f"{with_query(claims_href, query)}#{tab_id(result.academic_year)}"

    # GOV.UK pagination: first, last, and the pages either side of the current one.
    shown = sorted(
        {1, result.pages, result.page - 1, result.page, result.page + 1}
        & set(range(1, result.pages + 1))
    )
    items: list[dict] = []
    for number in shown:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append(
            {
                "number": number,
                "href": href(number),
                "current": number == result.page,
                "visuallyHiddenText": f"Page {number} of claims for {result.academic_year.name}",
            }
        )
    return {
        "items": items,
        "previous": {"href": href(result.page - 1)} if result.page > 1 else None,
        "next": {"href": href(result.page + 1)} if result.page < result.pages else None,
        "landmarkLabel": f"Pages of claims for {result.academic_year.name}",
    }


@get("/schools/{school_id:int}/claims", name="claims")
async def claims(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    year: FromQuery[str] = "",
    page_number: Annotated[str, QueryParameter(name="page")] = "",
) -> Template:
    """The school's claims by academic year, and whether it can start one now."""
    school_id = school.school.id
    now = clock.now()
    # The same check the add-claim journey makes, so the button shows exactly when it works.
    start = await claim_start_for(school_id, now)
    # The deadline matters to a school that can claim, even before it adds its first mentor.
    window = start.window if start.blocker in (None, StartBlocker.NO_MENTORS) else None
    chosen, wanted_page = whole_number(year, 6), whole_number(page_number, 6) or 1
    listing = await claims_pages(
        school_id,
        school.school.region,
        also_years=[start.window.academic_year] if start.window is not None else [],
        pages={AcademicYear(chosen): wanted_page} if chosen else {},
        per_page=CLAIMS_PER_PAGE,
        # Hours left are offered only when a claim could be started for them.
        open_year=start.academic_year if start.can_start else None,
    )
    return page(
        "pages/claims/index.html",
        title="Claims",
        access=school,
        active="claims",
        start=start,
        blocker=start.blocker.value if start.blocker else None,
        deadline=deadline_message(window) if window else None,
        countdown=countdown(window, now) if window else None,
        results=[
            {
                "result": result,
                "tab_id": tab_id(result.academic_year),
                "pagination": pagination(
                    request.app.route_reverse("claims", school_id=school_id), result
                ),
            }
            for result in listing.pages
        ],
        success_message=banner.take(request, "claims", school_id),
        per_page=CLAIMS_PER_PAGE,
        # Pick up where you left off: offered (never forced) when there is one draft to continue.
        draft_to_continue=listing.drafts[0] if len(listing.drafts) == 1 else None,
        hours_left=listing.hours_left,
        format_hours=format_hours,
    )


async def _school_claim(school: SchoolAccess, claim_id: int) -> ClaimDetail:
    claim = await claim_for_school(school.school.id, claim_id)
    if claim is None:
        raise NotFoundException()
    return claim


@get("/schools/{school_id:int}/claims/{claim_id:int}", name="claim")
async def claim(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Template:
    """One claim: who submitted it, its mentors and hours, and its funding."""
    detail = await _school_claim(school, claim_id)
    return page(
        "pages/claims/show.html",
        title=f"Claim {detail.reference}",
        access=school,
        active="claims",
        claim=detail,
        format_hours=format_hours,
        back_href=request.app.route_reverse("claims", school_id=school.school.id),
        claim_again_year=await _claim_again_year(detail, school.school.id, clock.now()),
    )


async def _claim_again_year(
    detail: ClaimDetail, school_id: int, now: datetime
) -> AcademicYear | None:
    """The year the claim page offers a new claim for the claim's mentors in, if it does."""
    if detail.status is ClaimStatus.DRAFT or detail.submitted_at is None:
        # A draft is continued; asking whether a claim can start would cost its page a query.
        return None
    start = await claim_start_for(school_id, now)
    if not start.can_start:
        return None
    window = start.window
    earlier = is_earlier_claim(
        detail.academic_year, uk_date(detail.submitted_at), window.academic_year, window.starts_on
    )
    return window.academic_year if earlier else None


@get("/schools/{school_id:int}/claims/{claim_id:int}/remove", name="remove_claim")
async def confirm_remove(
    request: Request, school: NamedDependency[SchoolAccess], claim_id: FromPath[int]
) -> Template:
    """Ask before removing a draft claim; only drafts can be removed."""
    detail = await _school_claim(school, claim_id)
    if not detail.can_remove:
        raise NotFoundException()
    return page(
        "pages/claims/remove.html",
        title="Are you sure you want to remove this claim?",
        access=school,
        active="claims",
        claim=detail,
        back_href=request.app.route_reverse(
            "claim", school_id=school.school.id, claim_id=detail.id
        ),
    )


@post("/schools/{school_id:int}/claims/{claim_id:int}/remove", name="remove_claim_confirmed")
async def remove(
    request: Request, school: NamedDependency[SchoolAccess], claim_id: FromPath[int]
) -> Redirect:
    """Remove the draft claim and go back to the claims list with a success banner."""
    reference = await remove_draft(school.school.id, claim_id)
    if reference is None:
        # Not this school's, already gone, or no longer a draft (submitted in another tab).
        raise NotFoundException()
    banner.show_after_redirect(request, "claims", school.school.id, f"Claim {reference} removed")
    return Redirect(
        request.app.route_reverse("claims", school_id=school.school.id), status_code=303
    )


ROUTES = [claims, claim, confirm_remove, remove]
