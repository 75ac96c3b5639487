"""The local mailbox: emails the service would have sent, readable outside production.

In development and research sessions emails are delivered here instead of GOV.UK Notify, so a
researcher can show a participant the email they would get. The pages do not exist (404) in
production or wherever Notify is configured, because there no email lands in the mailbox.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from db.queries.mailbox import mailbox_message as stored_message
from db.queries.mailbox import mailbox_messages
from web.page import page
from web.settings import Settings

SHOWN = 50
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


class Segment(msgspec.Struct, frozen=True):
    """A run of text in an email, which is a link when it has an href."""

    text: str
    href: str | None = None


class Block(msgspec.Struct, frozen=True):
    """A paragraph, heading, inset or bulleted list of an email, as lines of segments."""

    kind: str
    lines: list[list[Segment]]


def _segments(line: str) -> list[Segment]:
    """Text with its web addresses made into links, as Notify does."""
    segments: list[Segment] = []
    position = 0
    for match in _URL.finditer(line):
        if match.start() > position:
            segments.append(Segment(line[position : match.start()]))
        segments.append(Segment(match.group(0), href=match.group(0)))
        position = match.end()
    if position < len(line):
        segments.append(Segment(line[position:]))
    return segments


def email_blocks(body: str) -> list[Block]:
    """An email body in Notify's formatting (# heading, ^ inset, * bullets) as blocks to show."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("* ", "- ")) for line in lines):
            blocks.append(Block("bullets", [_segments(line[2:]) for line in lines]))
        elif len(lines) == 1 and lines[0].startswith("# "):
            blocks.append(Block("heading", [_segments(lines[0][2:])]))
        elif lines[0].startswith("^ "):
            blocks.append(
                Block("inset", [_segments(lines[0][2:])] + [_segments(line) for line in lines[1:]])
            )
        else:
            blocks.append(Block("paragraph", [_segments(line) for line in lines]))
    return blocks


def _require_mailbox(settings: Settings) -> None:
    # Only where emails really land here: never production, never when Notify sends them.
    if settings.is_production or settings.notify_api_key:
        raise NotFoundException()


@get("/mailbox", name="mailbox")
async def mailbox(settings: NamedDependency[Settings], to: FromQuery[str] = "") -> Template:
    """The newest emails delivered to the local mailbox, optionally to one address."""
    _require_mailbox(settings)
    address = to.strip().lower()
    messages = await mailbox_messages(address or None, limit=SHOWN)
    return page(
        "pages/mailbox/index.html",
        title="Local mailbox",
        messages=messages,
        to=address,
        shown=SHOWN,
    )


@get("/mailbox/{message_id:int}", name="mailbox_message")
async def mailbox_message(
    settings: NamedDependency[Settings], message_id: FromPath[int], to: FromQuery[str] = ""
) -> Template:
    """One email, laid out as the recipient would read it."""
    _require_mailbox(settings)
    message = await stored_message(message_id)
    if message is None:
        raise NotFoundException()
    address = to.strip().lower()
    return page(
        "pages/mailbox/message.html",
        title=message["subject"],
        message=message,
        blocks=email_blocks(message["body"]),
        back_href=f"/mailbox?{urlencode({'to': address})}" if address else "/mailbox",
    )


ROUTES = [mailbox, mailbox_message]
