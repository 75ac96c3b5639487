"""The console's settings: what can be set, and the activity log of what support did."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from db.queries.support_events import EVENTS_PER_PAGE, events
from domain.reminders import Reminder
from web import banner
from web.routes.support.development import BANNER, development_tools
from web.settings import Settings
from web.support_access import HOME, SupportViewer
from web.support_console import console_page, page_number, pagination


@get("/support", name="support")
async def console(support_user: NamedDependency[SupportViewer]) -> Redirect:
    """The console's front door: its first area."""
    return Redirect(HOME, status_code=303)


@get("/support/settings", name="support_settings")
async def settings(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    settings: NamedDependency[Settings],
) -> Template:
    """Links to each setting, the reminders, the activity log and, outside production, the
    development tools."""
    return console_page(
        "support/settings.html",
        title="Settings",
        support=support_user,
        active="settings",
        reminders=list(Reminder),
        development_tools=development_tools(settings),
        success_message=banner.take(request, *BANNER),
    )


@get("/support/settings/activity", name="support_activity")
async def activity(
    support_user: NamedDependency[SupportViewer], page: FromQuery[str] = ""
) -> Template:
    """Every support action, newest first: who, when and what."""
    wanted = page_number(page)
    shown, total = await events(wanted)
    where = pagination(wanted, total, EVENTS_PER_PAGE)
    if where.page != wanted:
        shown, total = await events(where.page)

    def href(number: int) -> str:
        return f"/support/settings/activity?{urlencode({'page': number})}"

    return console_page(
        "support/activity.html",
        title="Activity log",
        support=support_user,
        active="settings",
        events=shown,
        back_href="/support/settings",
        pagination=where.items(href) if where.pages > 1 else None,
    )


ROUTES = [console, settings, activity]
