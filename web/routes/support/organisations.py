"""The console's organisations: every school, searched by name, URN or postcode."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template

from db.queries.support_schools import SCHOOLS_PER_PAGE, search_schools
from web import banner
from web.onboarding_state import BY_SEARCH, WITHDRAWN_TRAINEE
from web.onboarding_task import BANNER
from web.support_access import SupportViewer
from web.support_console import console_page, page_number, pagination


@get("/support/organisations", name="support_organisations")
async def organisations(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    q: FromQuery[str] = "",
    page: FromQuery[str] = "",
) -> Template:
    """Search every school; a GET form, so the results page works without JavaScript."""
    query = " ".join(q.split())[:100]
    wanted = page_number(page)
    schools, total = await search_schools(query, wanted, support_user.claims)
    shown = pagination(wanted, total, SCHOOLS_PER_PAGE)
    if shown.page != wanted:
        schools, total = await search_schools(query, shown.page, support_user.claims)

    def onboard(kind: str) -> str:
        return request.app.route_reverse("support_onboard_step", kind=kind, step="school")

    def href(number: int) -> str:
        params = {"q": query} if query else {}
        return f"/support/organisations?{urlencode({**params, 'page': number})}"

    return console_page(
        "support/organisations.html",
        title="Organisations",
        support=support_user,
        active="organisations",
        schools=schools,
        query=query,
        total=total,
        pagination=shown.items(href) if shown.pages > 1 else None,
        success_message=banner.take(request, *BANNER),
        onboard_href=onboard(BY_SEARCH),
        onboard_withdrawn_href=onboard(WITHDRAWN_TRAINEE),
        onboard_csv_href=request.app.route_reverse("support_onboard_csv"),
        invite_csv_href=request.app.route_reverse("support_invite_csv"),
    )


ROUTES = [organisations]
