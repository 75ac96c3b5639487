"""Development pages: the local Teaching Record backend's teachers, so a TRN can be found.

Outside production the service looks mentors up in a local backend of fake teachers. This page
lists some of them (TRN and date of birth), so anyone trying the service can add a mentor. It
does not exist (404) in production or wherever the real Teaching Record System is used.
"""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Template

from db.teacher_records import teachers_to_add
from web.page import page
from web.settings import Settings

SHOWN = 50


def local_teaching_record(settings: Settings) -> bool:
    """Whether mentors are looked up in the local backend (never in production)."""
    return not settings.is_production and not settings.teaching_record_api_url


def local_mailbox(settings: Settings) -> bool:
    """Whether emails land in the local mailbox (never in production)."""
    return not settings.is_production and not settings.notify_api_key


@get("/development/teachers", name="local_teachers")
async def local_teachers(settings: NamedDependency[Settings]) -> Template:
    """Teachers the local Teaching Record backend will find, to add as mentors."""
    if not local_teaching_record(settings):
        raise NotFoundException()
    return page(
        "pages/development/teachers.html",
        title="Teachers in the local Teaching Record System",
        teachers=await teachers_to_add(SHOWN),
        shown=SHOWN,
    )


def footer_links(settings: Settings) -> list[dict]:
    """The footer's links to the local mailbox and teachers, where they exist."""
    links = []
    if local_mailbox(settings):
        links.append({"href": "/mailbox", "text": "Local mailbox"})
    if local_teaching_record(settings):
        links.append({"href": "/development/teachers", "text": "Local teachers (TRNs)"})
    return links


ROUTES = [local_teachers]
