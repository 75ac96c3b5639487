"""Delivering an outbox email: GOV.UK Notify in production, the local mailbox everywhere else."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from notifications_python_client.errors import HTTPError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

from db.outbox import OutboxEmail, utc_now
from db.queries.mailbox import store_message
from web.emails import EMAILS, render
from web.log_privacy import keep_email_addresses_out
from web.settings import Settings

logger = logging.getLogger(__name__)
# The Notify client logs every refused request with Notify's answer, which can quote the address.
keep_email_addresses_out(
    logger,
    *(
        logging.getLogger(f"notifications_python_client.{name}")
        for name in ("base", "notifications")
    ),
)

# Notify answers 400 for a request it will never accept (bad address, missing personalisation,
# team-only key) and 403 for a bad key: sending again cannot help. Everything else (429 rate
# limit, 5xx, timeouts and dropped connections, which the client reports as 503) may pass later.
_PERMANENT_STATUSES = {400, 403}


class PermanentFailure(Exception):
    """The email can never be delivered as it stands: give up and keep the reason."""


class TemporaryFailure(Exception):
    """The email could not be delivered this time: try again later."""


class EmailSender(Protocol):
    """Delivers one claimed email and returns the delivery's id."""

    # True when send() writes to our database: the worker then runs it in the same transaction
    # that marks the email sent, so a crash can never deliver it twice.
    writes_to_database: bool

    async def send(self, email: OutboxEmail) -> str | None: ...


class NotifySender:
    """Sends through GOV.UK Notify's API with a template per kind of email."""

    writes_to_database = False

    def __init__(
        self, api_key: str, templates: dict[str, str], base_url: str, timeout: float = 10.0
    ) -> None:
        missing = sorted(set(EMAILS) - set(templates))
        if missing:
            raise ValueError("NOTIFY_TEMPLATES has no template id for: " + ", ".join(missing))
        try:
            NotificationsAPIClient(api_key, base_url=base_url)
        except AssertionError:
            # The client asserts the key's shape: "name-<service id>-<secret>".
            raise ValueError("NOTIFY_API_KEY is not a GOV.UK Notify API key") from None
        self.api_key = api_key
        self.templates = dict(templates)
        self.base_url = base_url
        self.timeout = timeout

    async def send(self, email: OutboxEmail) -> str | None:
        """Ask Notify to send the email; Notify's notification id."""
        template_id = self.templates.get(email.kind)
        if template_id is None:
            raise PermanentFailure(f"No Notify template for email kind {email.kind!r}")
        # The client is synchronous (requests): keep it off the event loop.
        return await asyncio.to_thread(self._post, email, template_id)

    def _post(self, email: OutboxEmail, template_id: str) -> str | None:
        # A client per send: the client is not thread-safe and sends are rare.
        client = NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=self.timeout)
        try:
            response = client.send_email_notification(
                email_address=email.to_address,
                template_id=template_id,
                personalisation=email.personalisation,
                # Lets Notify's dashboard and our outbox be matched up when investigating.
                reference=f"email-outbox-{email.id}",
            )
        except InvalidResponse:
            # A 2xx whose body was not JSON: Notify took the email, so sending again would
            # deliver it twice. Count it as sent without an id.
            logger.warning("Notify accepted outbox email %s with an unreadable answer", email.id)
            return None
        except HTTPError as error:
            reason = _reason(error)
            if error.status_code in _PERMANENT_STATUSES:
                raise PermanentFailure(reason) from error
            raise TemporaryFailure(reason) from error
        return (response or {}).get("id")


def _reason(error: HTTPError) -> str:
    if error.response is None:
        # No answer at all (timeout, refused, dropped): the client calls this a 503.
        cause = error.__cause__
        detail = f"{type(cause).__name__}: {cause}" if cause else "request failed"
        return f"No answer from Notify ({detail})"
    message = error.message
    if isinstance(message, list):
        message = "; ".join(
            f"{item.get('error', 'Error')}: {item.get('message', '')}"
            if isinstance(item, dict)
            else str(item)
            for item in message
        )
    return f"Notify {error.status_code}: {message}"


class LocalMailbox:
    """Delivers into the mailbox_message table, rendering the same copy Notify would send."""

    writes_to_database = True

    async def send(self, email: OutboxEmail) -> str | None:
        """Store the rendered email; the mailbox message's id."""
        try:
            rendered = render(email.kind, email.personalisation)
        except ValueError as error:
            raise PermanentFailure(str(error)) from error
        message_id = await store_message(
            email.id, email.kind, email.to_address, rendered.subject, rendered.body, utc_now()
        )
        return f"mailbox-{message_id}"


def sender_for(settings: Settings, timeout: float = 10.0) -> EmailSender:
    """Notify when an API key is configured, otherwise the local mailbox."""
    if settings.notify_api_key:
        return NotifySender(
            settings.notify_api_key,
            settings.notify_templates,
            settings.notify_base_url,
            timeout=timeout,
        )
    return LocalMailbox()
