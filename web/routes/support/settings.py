"""The console's settings: what can be set, and the activity log of what support did."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Stream, Template

from db.queries.payments import PAYMENT_FILE
from db.queries.support_events import (
    EVENTS_PER_PAGE,
    BatchFile,
    Event,
    batch_claims,
    batch_event,
    events,
)
from db.queries.uploads import file_text
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
    shown, total = await events(wanted, support_user.own_only)
    where = pagination(wanted, total, EVENTS_PER_PAGE)
    if where.page != wanted:
        shown, total = await events(where.page, support_user.own_only)

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


ACTIVITY = "/support/settings/activity"
# A batch's page names this many of its claims; its file has them all.
CLAIMS_SHOWN = 100


async def _batch(support: SupportViewer, event_id: int) -> tuple[Event, BatchFile]:
    found = await batch_event(event_id, support.own_only)
    if found is None:
        raise NotFoundException()
    return found


@get(f"{ACTIVITY}/{{event_id:int}}", name="support_activity_event")
async def activity_event(
    request: Request, support_user: NamedDependency[SupportViewer], event_id: FromPath[int]
) -> Template:
    """A batch action: who, when, what, its claims or rows, and its file."""
    event, file = await _batch(support_user, event_id)
    claims, claim_count = await batch_claims(file.id, CLAIMS_SHOWN)
    reverse = request.app.route_reverse
    return console_page(
        "support/activity_event.html",
        title=event.description.split(" (")[0],
        support=support_user,
        active="settings",
        back_href=ACTIVITY,
        event=event,
        file=file,
        file_href=reverse("support_activity_file", event_id=event.id),
        claims=claims,
        claim_count=claim_count,
        rows=file.details.get("preview", []),
        headings=file.details.get("headings", []),
        resend_action=(
            reverse("support_payment_file_resend", file_id=file.id)
            if file.kind == PAYMENT_FILE
            else None
        ),
    )


def _safe_filename(name: str) -> str:
    # The name came from someone's computer: only plain characters reach the header.
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "file.csv"


@get(f"{ACTIVITY}/{{event_id:int}}/file", name="support_activity_file")
async def activity_file(
    support_user: NamedDependency[SupportViewer], event_id: FromPath[int]
) -> Stream:
    """The batch's file as it was sent or uploaded, streamed."""
    _, file = await _batch(support_user, event_id)
    return Stream(
        file_text(file.id),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_safe_filename(file.filename)}"'},
    )


ROUTES = [console, settings, activity, activity_event, activity_file]
