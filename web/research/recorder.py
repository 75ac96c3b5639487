"""Middleware that keeps a research participant's session record and dates their requests."""

from __future__ import annotations

import logging
import re
import uuid
from datetime import timedelta
from urllib.parse import parse_qsl

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState

from db.queries.research import EventValue
from web.clock import Clock
from web.research.journal import ACTIVE, JOURNAL
from web.research.recording import CURRENT_VISIT, Visit
from web.research.redaction import answers, redact

logger = logging.getLogger(__name__)

# The participant's web session holds their research session's code from the moment they sign
# in with the facilitator's link.
SESSION_RESEARCH = "research_session"
# Links flagged by the recorder say how the participant moved: a back link or a change link.
VIA_PARAMETER = "research-via"
VIA_VALUES = {"back": "back-link", "change": "change-link"}
# Step ids keep path values only when they are words (step slugs), never numbers or answers.
_SLUG = re.compile(r"[a-z]+(?:-[a-z]+)*")
_TYPED_PARAMETER = re.compile(r"\{(\w+):\w+\}")
_BACK_LINK = re.compile(r"<a\b(?P<attributes>[^>]*\bgovuk-back-link\b[^>]*)>")
# Summary-list "Change" links: the link text is just "Change" and hidden words for screen readers.
_CHANGE_LINK = re.compile(r"<a\b(?P<attributes>[^>]*)>(?=\s*Change\s*<)")
_HREF = re.compile(r'href="(?P<href>/[^"#]*)(?P<fragment>#[^"]*)?"')


def step_id(scope: Scope) -> str:
    """The page's step: its route's path with step words kept and anything else left out."""
    template = _TYPED_PARAMETER.sub(r"{\1}", scope.get("path_template") or scope["path"])
    for name, value in (scope.get("path_params") or {}).items():
        if not isinstance(value, str):
            continue
        # A step slug like "hours/12" keeps its words; ids and anything typed become "*".
        segments = [part for part in value.strip("/").split("/") if part]
        if any(_SLUG.fullmatch(part) for part in segments):
            words = "/".join(part if _SLUG.fullmatch(part) else "*" for part in segments)
            template = template.replace("{" + name + "}", words)
    return template


def route_name(scope: Scope) -> str:
    """The route handler's name, for reading the record next to the code."""
    handler = scope.get("route_handler")
    return (handler.name or handler.handler_name) if handler is not None else ""


def _flagged(href: str, via: str) -> str:
    separator = "&amp;" if "?" in href else "?"
    return f"{href}{separator}{VIA_PARAMETER}={via}"


def flag_links(html: str) -> str:
    """The page with its back links and "Change" links saying so when followed."""

    def flag(via: str):
        def replace(match: re.Match) -> str:
            attributes = _HREF.sub(
                lambda href: f'href="{_flagged(href["href"], via)}{href["fragment"] or ""}"',
                match["attributes"],
                count=1,
            )
            return f"<a{attributes}>"

        return replace

    return _CHANGE_LINK.sub(flag("change"), _BACK_LINK.sub(flag("back"), html))


def _header(message: Message, name: bytes) -> str:
    for key, value in message.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _with_header(message: Message, name: bytes, value: str) -> Message:
    headers = [(key, old) for key, old in message.get("headers", ()) if key.lower() != name]
    headers.append((name, value.encode("latin-1")))
    return {**message, "headers": headers}


class ResearchRecorder(ASGIMiddleware):
    """For a research participant: their session's clock, page flags and the session record."""

    scopes = (ScopeType.HTTP,)
    # Facilitator pages, the beacon and assets are not the participant's journey.
    exclude_path_pattern = ("^/static/", "^/assets/", "^/research/", "^/research$")

    def __init__(self, base: Clock) -> None:
        self.base = base

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        """Handle the request with the session's visit in context, then add it to the record."""
        session = scope.get("session")
        code = session.get(SESSION_RESEARCH) if isinstance(session, dict) else None
        found = await self._session(code) if isinstance(code, str) else None
        if found is None:
            await next_app(scope, receive, send)
            return
        session_id, run, offset = found
        started = self.base.now()
        visit = Visit(
            session_id=session_id,
            code=code,
            run=run,
            offset_seconds=offset,
            page=uuid.uuid4().hex,
        )
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        response: dict = {"status": 0, "type": "", "via": VIA_VALUES.get(query.get(VIA_PARAMETER))}
        token = CURRENT_VISIT.set(visit)
        try:
            await next_app(scope, receive, self._sender(scope, send, response))
        finally:
            CURRENT_VISIT.reset(token)
        try:
            JOURNAL.add(self._events(scope, visit, response, started))
        except Exception:
            # The record must never cost the participant their page.
            logger.exception("Could not record a research page for session %s", code)

    async def _session(self, code: str) -> tuple[int, int, int | None] | None:
        try:
            return await ACTIVE.get(code)
        except Exception:
            logger.exception("Could not read research session %s", code)
            return None

    def _sender(self, scope: Scope, send: Send, response: dict) -> Send:
        held: list[Message] = []

        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                response["type"] = _header(message, b"content-type")
                if response["via"] is None:
                    response["via"] = _changing(scope)
                location = _header(message, b"location")
                if response["via"] and location.startswith("/") and 300 <= message["status"] < 400:
                    # Carry the flag over a redirect to the page the participant ends up on.
                    via = next(key for key, value in VIA_VALUES.items() if value == response["via"])
                    message = _with_header(message, b"location", _flagged_url(location, via))
                if response["type"].startswith("text/html"):
                    held.append(message)
                    return
            elif message["type"] == "http.response.body" and held:
                start = held.pop()
                if message.get("more_body", False):
                    # A streamed page is passed on untouched.
                    await send(start)
                else:
                    # surrogateescape: any byte that is not UTF-8 goes back out unchanged.
                    text = message.get("body", b"").decode("utf-8", "surrogateescape")
                    body = flag_links(text).encode("utf-8", "surrogateescape")
                    await send(_with_header(start, b"content-length", str(len(body))))
                    message = {**message, "body": body}
            await send(message)

        return sender

    def _events(self, scope: Scope, visit: Visit, response: dict, started) -> list[EventValue]:
        headers = dict(scope.get("headers", ()))
        method = scope.get("method", "GET")
        status = response["status"]
        if headers.get(b"hx-request"):
            kind = "fragment"
        elif response["type"].startswith("text/html"):
            kind = "page"
        elif 300 <= status < 400:
            kind = "submit" if method == "POST" else "redirect"
        else:
            kind = "other"
        offset = visit.offset_seconds
        common = {
            "session": visit.session_id,
            "run": visit.run,
            "at": started,
            "page": visit.page,
            "step": step_id(scope),
            "route": route_name(scope),
            "method": method,
            "status": status,
        }
        events = [
            EventValue(
                kind=kind,
                service_at=started + timedelta(seconds=offset or 0),
                via=response["via"] or "",
                notice=visit.notice,
                **common,
            )
        ]
        if visit.errors:
            form = value_or_default(ScopeState.from_scope(scope).form, {})
            typed = answers(form, scope.get("query_string", b""))
            events += [
                EventValue(
                    kind="error",
                    field=str(error.get("href", "")).lstrip("#"),
                    message=redact(_plain(error.get("text") or error.get("html") or ""), typed),
                    **common,
                )
                for error in visit.errors
            ]
        return events


def _plain(text: object) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", str(text)).split())


def _changing(scope: Scope) -> str | None:
    # A "Change" button submits its form with a field named "change" (answers travel with it).
    form = value_or_default(ScopeState.from_scope(scope).form, {})
    return VIA_VALUES["change"] if isinstance(form, dict) and "change" in form else None


def _flagged_url(location: str, via: str) -> str:
    path, _, fragment = location.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{VIA_PARAMETER}={via}" + (f"#{fragment}" if fragment else "")
