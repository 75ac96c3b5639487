"""Connections accepted by the server send responses at once (TCP_NODELAY), with workers too."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from web.server import NoDelayH11Protocol


async def _app(scope, receive, send) -> None:
    """An ASGI app that is never called: the test only opens a connection."""


def _nodelay_of_accepted_connection(protocol_class: type[H11Protocol]) -> int:
    """TCP_NODELAY on the server's side of a connection, on a socket bound as --workers binds it."""
    config = Config(app=_app, host="127.0.0.1", port=0, lifespan="off", log_config=None)
    config.load()
    # The listening socket uvicorn makes for several workers: no protocol number given.
    listener = config.bind_socket()
    seen: list[int] = []

    class Recording(protocol_class):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            option = transport.get_extra_info("socket").getsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY
            )
            seen.append(option)

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: Recording(config=config, server_state=ServerState(), app_state={}),
            sock=listener,
        )
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        while not seen:
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(asyncio.wait_for(scenario(), timeout=10))
    return seen[0]


def test_uvicorn_alone_leaves_nagle_on_for_worker_sockets():
    assert _nodelay_of_accepted_connection(H11Protocol) == 0


def test_the_service_protocol_sets_tcp_nodelay():
    assert _nodelay_of_accepted_connection(NoDelayH11Protocol) != 0


def test_the_server_runs_the_app_with_that_protocol_in_every_worker(monkeypatch):
    ran: dict = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: ran.update(app=app, **options))
    from web import server

    server.main(["--workers", "2", "--port", "8123"])
    assert ran["app"] == "web.app:app_from_environment" and ran["factory"]
    assert ran["http"] is NoDelayH11Protocol
    assert (ran["workers"], ran["port"]) == (2, 8123)
