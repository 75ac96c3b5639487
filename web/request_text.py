"""Every query string and form reaches the app without control characters.

Done once, before anything reads them, so that no handler can pass a NUL (which PostgreSQL
refuses, a 500) to the database or keep one in the session; each field's own parse then judges
what is left and gives its GOV.UK error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from litestar.enums import RequestEncodingType, ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState

from domain.validation.control_characters import without_control_characters

FORMS = {RequestEncodingType.URL_ENCODED, RequestEncodingType.MULTI_PART}


def clean_query_string(query_string: bytes) -> bytes:
    """The query string with control characters removed from its names and values."""
    # As Litestar reads it (litestar._parsers): bytes as Latin-1, then %-escapes as UTF-8.
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    cleaned = [
        (without_control_characters(name), without_control_characters(value))
        for name, value in pairs
    ]
    # Untouched unless something was removed, so ordinary addresses stay exactly as sent.
    return query_string if cleaned == pairs else urlencode(cleaned).encode("ascii")


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_clean_value(each) for each in value]
    return value  # an uploaded file


def clean_form(form: dict[str, Any]) -> dict[str, Any]:
    """A parsed form (name to value, or to a list of values) without control characters."""
    cleaned: dict[str, Any] = {}
    for name, value in form.items():
        name, value = without_control_characters(name), _clean_value(value)
        # "a" and "a<NUL>" are one field once cleaned: keep both values, as a repeated field.
        cleaned[name] = _as_list(cleaned[name]) + _as_list(value) if name in cleaned else value
    return cleaned


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


class RequestTextMiddleware(ASGIMiddleware):
    """Cleans the query string and the form in the request's scope, where Litestar reads them."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        """Clean, then pass the request on."""
        state = ScopeState.from_scope(scope)
        scope["query_string"] = clean_query_string(scope.get("query_string", b""))
        request = scope["litestar_app"].request_class(scope=scope, receive=receive, send=send)
        if request.content_type[0] in FORMS:
            # Parsed here once; Litestar keeps the parsed form in the scope state, where every
            # later reader (CSRF check, handlers, the research recorder) finds the cleaned one.
            await request.form()
            state.form = clean_form(value_or_default(state.form, {}))
        await next_app(scope, receive, send)
