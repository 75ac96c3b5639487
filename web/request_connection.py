"""Each request's queries share one PostgreSQL connection, taken at its first query."""

from __future__ import annotations

from litestar.types import ASGIApp, Receive, Scope, Send


class OneConnectionPerRequest:
    """ASGI wrapper: an HTTP request's queries and transactions run on one pooled connection.

    The connection is taken at the request's first query (a page without one takes none) and
    given back when the response has gone, streamed downloads included (db.engine).
    """

    def __init__(self, app: ASGIApp, engine) -> None:
        self.app, self.engine = app, engine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request inside the engine's one-connection block."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.engine.one_connection():
            await self.app(scope, receive, send)
