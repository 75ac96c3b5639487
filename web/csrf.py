"""CSRF protection whose token, once someone signs in, belongs to their session alone."""

from __future__ import annotations

import secrets
from secrets import compare_digest
from typing import Any

from litestar.connection import Request
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware._utils import should_bypass_middleware
from litestar.middleware.csrf import CSRFMiddleware, generate_csrf_token
from litestar.types import Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

# Session key of the session's own token, made when the session starts (signing in).
SESSION_CSRF_TOKEN = "csrf_token"


def new_session_token(request: Request) -> str:
    """A fresh token for a session starting now; pages rendered by this request carry it."""
    token = secrets.token_hex(32)
    ScopeState.from_scope(request.scope).csrf_token = token
    return token


class SessionCSRFMiddleware(CSRFMiddleware):
    """Litestar's double-submit cookie before signing in; the session's own token after.

    A token from a page seen before signing in, or from anyone else's session, is refused: the
    forbidden handler shows the GOV.UK page.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the token of every unsafe request; give safe ones the token their forms need."""
        if scope["type"] != ScopeType.HTTP or should_bypass_middleware(
            scope=scope,
            scopes=self.scopes,
            exclude_opt_key=self.config.exclude_from_csrf_key,
            exclude_path_pattern=self.exclude,
        ):
            await self.app(scope, receive, send)
            return
        request: Request[Any, Any, Any] = scope["litestar_app"].request_class(scope, receive)
        session = scope.get("session") or {}
        session_token = session.get(SESSION_CSRF_TOKEN)
        csrf_cookie = request.cookies.get(self.config.cookie_name)
        state = ScopeState.from_scope(scope)
        if request.method in self.config.safe_methods:
            cookie_token = csrf_cookie or generate_csrf_token(secret=self.config.secret)
            state.csrf_token = session_token if isinstance(session_token, str) else cookie_token
            await self.app(
                scope, receive, self.create_send_wrapper(send, cookie_token, csrf_cookie)
            )
            return
        sent = request.headers.get(self.config.header_name)
        content_type, _ = request.content_type
        if not sent and content_type in {
            RequestEncodingType.URL_ENCODED,
            RequestEncodingType.MULTI_PART,
        }:
            sent = (await request.form()).get("_csrf_token")
        if not isinstance(sent, str):
            raise PermissionDeniedException("CSRF token missing")
        if isinstance(session_token, str):
            valid = compare_digest(sent.encode(), session_token.encode())
        else:
            valid = csrf_cookie is not None and self._csrf_tokens_match(sent, csrf_cookie)
        if not valid:
            raise PermissionDeniedException("CSRF token verification failed")
        state.csrf_token = sent
        await self.app(scope, receive, send)
