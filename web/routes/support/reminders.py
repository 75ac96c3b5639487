"""Reminders (Settings): whom each one would email in the current window, a preview, and
sending it, once per confirmation."""

from __future__ import annotations

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from db.outbox import write_transaction
from db.queries.reminders import audience, last_sent, lock_window
from db.queries.support_events import Event, record_event
from db.queries.windows import ManagedWindow, managed_windows
from domain.reminders import Audience, Reminder
from domain.windows import current_window
from web import banner
from web.clock import Clock
from web.emails import queue_email, reminder_fields, render, sign_in_link
from web.forms import read_form
from web.settings import Settings
from web.support_access import SupportViewer
from web.support_console import console_page
from web.templating import govuk_datetime

SETTINGS_PATH = "/support/settings"
REMINDER_PATH = f"{SETTINGS_PATH}/reminders/{{reminder:str}}"
BANNER = ("support-reminders", 0)
NOTICE = ("support-reminders-notice", 0)
NEVER = "never"


def _reminder(slug: str) -> Reminder:
    try:
        return Reminder(slug)
    except ValueError:
        raise NotFoundException() from None


def _path(reminder: Reminder) -> str:
    return f"{SETTINGS_PATH}/reminders/{reminder.value}"


async def _current(clock: Clock) -> ManagedWindow | None:
    """The window open now, with its id: reminders quote its deadline."""
    now = clock.now()
    windows = await managed_windows()
    window = current_window([each.window for each in windows], now)
    return next((each for each in windows if each.window == window), None)


def _last_sent_text(last: Event | None) -> str:
    if last is None:
        return "Never"
    return f"{govuk_datetime(last.at)} by {last.by}: {last.description}"


def _preview(
    reminder: Reminder, found: Audience, window: ManagedWindow, request: Request, settings: Settings
):
    if not found.recipients:
        return None
    first = found.recipients[0]
    fields = reminder_fields(reminder, first, window.window, _sign_in(request, settings))
    return first, render(reminder.about.email, fields)


def _sign_in(request: Request, settings: Settings) -> str:
    return sign_in_link(settings.service_url, request.app.route_reverse)


@get(REMINDER_PATH, name="support_reminder")
async def reminder_page(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    reminder: FromPath[str],
) -> Template:
    """Whom the reminder is for, the deadline it quotes, its email, and when it was last sent."""
    chosen = _reminder(reminder)
    window = await _current(clock)
    found = await audience(chosen, window.window.academic_year) if window else None
    return console_page(
        "support/reminders/reminder.html",
        title=chosen.about.name,
        support=support_user,
        active="settings",
        reminder=chosen,
        window=window.window if window else None,
        audience=found,
        preview=_preview(chosen, found, window, request, settings) if window and found else None,
        last_sent_text=_last_sent_text(await last_sent(chosen)),
        success_message=banner.take(request, *BANNER),
        notice=banner.take(request, *NOTICE),
        back_href=SETTINGS_PATH,
    )


@get(f"{REMINDER_PATH}/send", name="support_reminder_send")
async def are_you_sure(
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    reminder: FromPath[str],
) -> Template | Redirect:
    """Are you sure: how many emails, about how many schools, and when it was last sent."""
    chosen = _reminder(reminder)
    window = await _current(clock)
    found = await audience(chosen, window.window.academic_year) if window else None
    if window is None or found is None or not found.recipients:
        # Nothing to send (the window closed, or everyone claimed meanwhile): the page says why.
        return Redirect(_path(chosen), status_code=303)
    last = await last_sent(chosen)
    count = len(found.recipients)
    return console_page(
        "support/reminders/send.html",
        title=f"Are you sure you want to send {count} {'email' if count == 1 else 'emails'}?",
        support=support_user,
        active="settings",
        reminder=chosen,
        window=window.window,
        audience=found,
        last_sent_text=_last_sent_text(last),
        seen=str(last.id) if last else NEVER,
        back_href=_path(chosen),
    )


class _SendForm(msgspec.Struct, frozen=True):
    """The latest sending the confirmation page showed (an event id, or "never")."""

    seen: str = ""


@post(f"{REMINDER_PATH}/send", name="support_reminder_send_confirm")
async def send(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    reminder: FromPath[str],
) -> Redirect:
    """Queue the reminder's emails and record it, unless it was sent since the page was shown."""
    chosen = _reminder(reminder)
    form = await read_form(request, _SendForm)
    if not form.seen:
        # Not from the confirmation page: ask there first.
        return Redirect(f"{_path(chosen)}/send", status_code=303)
    window = await _current(clock)
    if window is None:
        return Redirect(_path(chosen), status_code=303)
    now = clock.now()
    async with write_transaction():
        await lock_window(window.id)
        last = await last_sent(chosen)
        if (str(last.id) if last else NEVER) != form.seen:
            # A second click, or another support user, sent it after this page was shown: one
            # confirmation sends once.
            sent = None
        else:
            found = await audience(chosen, window.window.academic_year)
            link = _sign_in(request, settings)
            for recipient in found.recipients:
                await queue_email(
                    chosen.about.email,
                    recipient.email,
                    reminder_fields(chosen, recipient, window.window, link),
                )
            sent = found
            if found.recipients:
                await record_event(
                    support_user.user.id,
                    chosen.event,
                    _described(chosen, found, window),
                    now,
                )
    if sent is None and last is None:
        # It names a sending that never happened: not from the confirmation page.
        return Redirect(f"{_path(chosen)}/send", status_code=303)
    if sent is None:
        banner.show_after_redirect(
            request,
            *NOTICE,
            f"Nothing was sent: this reminder was sent on {govuk_datetime(last.at)} by "
            f"{last.by}, after you opened the confirmation page.",
        )
    elif sent.recipients:
        count = len(sent.recipients)
        banner.show_after_redirect(
            request, *BANNER, f"{count} reminder {'email' if count == 1 else 'emails'} queued"
        )
    return Redirect(_path(chosen), status_code=303)


def _described(reminder: Reminder, found: Audience, window: ManagedWindow) -> str:
    count = len(found.recipients)
    return (
        f"{reminder.about.name} reminder sent: {count} {'email' if count == 1 else 'emails'} "
        f"about {found.schools} {'school' if found.schools == 1 else 'schools'}, "
        f"quoting the deadline {window.window.deadline}"
    )


ROUTES = [reminder_page, are_you_sure, send]
