"""Session stores that several app processes can share: Redis, or the database."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.connection import ASGIConnection, Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.session.base import SessionMiddleware
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.stores.base import Store
from litestar.stores.redis import RedisStore
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.dataclass import extract_dataclass_items
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from db.queries.sessions import (
    delete_all_sessions,
    delete_session,
    delete_sessions_expired_by,
    expiry_after,
    extend_session,
    save_session,
    stored_session,
)
from web.csrf import SESSION_CSRF_TOKEN, new_session_token
from web.errors import server_error
from web.settings import Settings

logger = logging.getLogger(__name__)
# An unreachable session store must give the error page in about a second, not hang the
# request: Redis answers in well under a millisecond when it is up.
REDIS_TIMEOUT_SECONDS = 0.5


# Renewing a session's expiry is a write; doing it on every request doubled the queries of a
# page. Renewing once this share of the idle timeout has passed (at most every five minutes)
# ends an idle session at most that much early.
RENEW_SHARE = 0.25
RENEW_AT_MOST_EVERY_SECONDS = 300


def _seconds(duration: int | timedelta) -> float:
    return duration.total_seconds() if isinstance(duration, timedelta) else float(duration)


def _due_for_renewal(expires_at: datetime, renew_for: int | timedelta) -> bool:
    """Whether enough of the idle timeout has passed since the expiry was last set."""
    idle = _seconds(renew_for)
    passed = idle - (expires_at - datetime.now(UTC)).total_seconds()
    return passed >= min(idle * RENEW_SHARE, RENEW_AT_MOST_EVERY_SECONDS)


class DatabaseStore(Store):
    """A Litestar store kept in the web_session table, for deployments without Redis."""

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None):
        """Save a value, replacing any earlier one."""
        data = value.encode() if isinstance(value, str) else value
        await save_session(key, data, expiry_after(expires_in))

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        """A live value, renewing its expiry when asked to and due."""
        entry = await stored_session(key)
        if entry is None:
            return None
        if entry.expires_at is not None and entry.expires_at <= datetime.now(UTC):
            await delete_session(key)
            return None
        if (
            renew_for is not None
            and entry.expires_at is not None
            and _due_for_renewal(entry.expires_at, renew_for)
        ):
            await extend_session(key, expiry_after(renew_for))
        return entry.value

    async def delete(self, key: str) -> None:
        """Forget a value."""
        await delete_session(key)

    async def delete_all(self) -> None:
        """Forget every value."""
        await delete_all_sessions()

    async def delete_expired(self) -> None:
        """Remove entries whose time has passed."""
        await delete_sessions_expired_by(datetime.now(UTC))

    async def exists(self, key: str) -> bool:
        """Whether a live value is stored."""
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        """Seconds until a value expires."""
        entry = await stored_session(key)
        if entry is None or entry.expires_at is None:
            return None
        return int((entry.expires_at - datetime.now(UTC)).total_seconds())


class SessionRedisStore(RedisStore):
    """Litestar's Redis store, reading and renewing a value with one GETEX command."""

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        """A live value, its expiry renewed when asked to.

        Litestar's store runs a Lua script for this, which the client sends through a script
        object with a fallback: on every page, that cost more than the command itself. Sessions
        are always stored with an expiry, so setting one on reading changes nothing else.
        """
        if not renew_for:
            return await super().get(key)
        seconds = int(_seconds(renew_for))
        return await self._redis.getex(self._make_key(key), ex=seconds)


def session_store_for(settings: Settings) -> Store:
    """Redis when configured, otherwise the shared database."""
    if settings.redis_url:
        redis = Redis.from_url(
            settings.redis_url,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            # One immediate retry on a fresh connection: after Redis restarts, the pool's old
            # connections are dead, and the service should carry on without anyone noticing.
            retry=Retry(NoBackoff(), retries=1),
        )
        return SessionRedisStore(redis, namespace="claims-sessions", handle_client_shutdown=True)
    return DatabaseStore()


# Keys of the request's scope state. Set by start_new_session; the new id, once made, is kept
# beside it for the rest of the request.
_NEW_SESSION = "session_new"
_NEW_SESSION_ID = "session_new_id"
# What the request's session held when it was read: (session id, stored bytes).
_AS_READ = "session_as_read"
_HEX = re.compile("[0-9a-fA-F]+")

# Stands in for the session id in the cookie header made once per backend: ids are hex, which
# a cookie carries as they are.
_ID_PLACEHOLDER = "session-id-placeholder"


def start_new_session(request: Request, data: dict[str, Any]) -> None:
    """Replace the session with `data` under a new id, dropping the old one.

    On signing in, so that a session id someone knew (or planted) before is worth nothing after
    (session fixation).
    """
    # Forms from before, or from anyone else's session, are refused from now on (web/csrf.py).
    request.set_session({**data, SESSION_CSRF_TOKEN: new_session_token(request)})
    request.scope.setdefault("state", {})[_NEW_SESSION] = True


class SessionBackend(ServerSideSessionBackend):
    """Server-side sessions that never store an empty or an unchanged session."""

    def __init__(self, config: ServerSideSessionConfig) -> None:
        super().__init__(config)
        self._cookie_params = dict(
            extract_dataclass_items(config, exclude_none=True, include=Cookie.__dict__.keys())
        )
        # The session's Set-Cookie header, made once with a placeholder id: Litestar builds it
        # with http.cookies on every response, a tenth of a small page's time.
        self._cookie_template = Cookie(
            value=_ID_PLACEHOLDER, key=config.key, **self._cookie_params
        ).to_header(header="")

    def get_session_id(self, connection: ASGIConnection) -> str:
        """The session's id: a new one if the request started a new session."""
        renewed = connection.scope.get("state", {}).get(_NEW_SESSION_ID)
        return (
            renewed
            or self._presented_id(connection)
            or connection.get_session_id()
            or self.generate_session_id()
        )

    def _presented_id(self, connection: ASGIConnection) -> str | None:
        """The id the session cookie presents, if it is one this service could have issued."""
        presented = connection.cookies.get(self.config.key, "")
        # Ids are token_hex(session_id_bytes). Anything else (a NUL byte, ten thousand
        # characters) was never issued, and must not reach the store: PostgreSQL refuses a NUL.
        if len(presented) == 2 * self.config.session_id_bytes and _HEX.fullmatch(presented):
            return presented
        return None

    async def _renew_id(self, connection: ASGIConnection) -> None:
        state = connection.scope.get("state", {})
        if not state.get(_NEW_SESSION) or state.get(_NEW_SESSION_ID):
            return
        if old_id := self._presented_id(connection):
            await self.delete(old_id, store=self.config.get_store_from_app(connection.app))
        state[_NEW_SESSION_ID] = self.generate_session_id()

    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        """The session's data, remembering how it was stored."""
        session_id = self._presented_id(connection)
        if not session_id:
            return {}
        data = await self.get(session_id, store=self.config.get_store_from_app(connection.app))
        if data is None:
            return {}
        connection.scope.setdefault("state", {})[_AS_READ] = (session_id, data)
        return self.deserialize_data(data)

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection
    ) -> None:
        """Store a changed session; clear a cookie whose session became empty; else no write."""
        if not scope_session:
            if self.config.key not in connection.cookies:
                return
            scope_session = Empty
        else:
            await self._renew_id(connection)
        store = self.config.get_store_from_app(connection.scope["app"])
        session_id = self.get_session_id(connection)
        headers = MutableScopeHeaders.from_message(message)
        if scope_session is Empty:
            await self.delete(session_id, store=store)
            cleared = Cookie(value="null", key=self.config.key, expires=0, **self._cookie_params)
            headers.add("Set-Cookie", cleared.to_header(header=""))
            return
        data = self.serialize_data(scope_session, connection.scope)
        # Reading the session renewed its expiry already: one left as it was is not written.
        if connection.scope.get("state", {}).get(_AS_READ) != (session_id, data):
            await self.set(session_id=session_id, data=data, store=store)
        # The cookie is still sent, so the browser's copy is renewed with the store's.
        headers.add("Set-Cookie", self.cookie_header(session_id))

    def cookie_header(self, session_id: str) -> str:
        """The Set-Cookie header that gives the browser this session."""
        return self._cookie_template.replace(_ID_PLACEHOLDER, session_id)


class SessionStoreMiddleware(SessionMiddleware):
    """Sessions whose store failing at the end of a request still gives the GOV.UK error page."""

    def create_send_wrapper(self, connection: ASGIConnection):
        """Store the session as the response starts; if the store is down, send the error page."""
        failed = False

        async def wrapped_send(message: Message) -> None:
            nonlocal failed
            if failed:
                return  # the page the handler made is replaced by the error page
            if message["type"] != "http.response.start":
                await connection.send(message)
                return
            try:
                await self.backend.store_in_message(
                    connection.scope.get("session"), message, connection
                )
            except Exception as exc:  # noqa: BLE001 - Redis or the database: an outage either way
                # The response has not reached the browser yet, so it can still be the GOV.UK
                # page rather than the server's plain-text error.
                failed = True
                request = Request(connection.scope, connection.receive)
                response = server_error(request, exc).to_asgi_response(None, request)
                await response(connection.scope, connection.receive, connection.send)
                return
            await connection.send(message)

        return wrapped_send


class SessionConfig(ServerSideSessionConfig):
    """Session settings using the backend above."""

    _backend_class = SessionBackend

    @property
    def middleware(self) -> DefineMiddleware:
        """The session middleware, with the backend above."""
        return DefineMiddleware(SessionStoreMiddleware, backend=self._backend_class(config=self))
