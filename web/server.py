"""Serve the app with uvicorn, in one process or several, with TCP_NODELAY on every connection.

`uvicorn --workers N` binds its listening socket itself, without the protocol number asyncio
looks for before setting TCP_NODELAY, so each response on a kept-alive connection waited about
44 ms for Nagle's algorithm and delayed ACKs. The protocol below sets it on every connection.

    python -m web.server [--host 127.0.0.1] [--port 8000] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import socket

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

APP = "web.app:app_from_environment"


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, sending each response as soon as it is written."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        """Set TCP_NODELAY on the connection's socket, then serve it as uvicorn does."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def main(argv: list[str] | None = None) -> None:
    """Run uvicorn with the options given (and WEB_CONCURRENCY workers when not given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 1))
    parser.add_argument("--no-access-log", action="store_true", help="no uvicorn access log")
    arguments = parser.parse_args(argv)
    uvicorn.run(
        APP,
        factory=True,
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        http=NoDelayH11Protocol,
        access_log=not arguments.no_access_log,
    )


if __name__ == "__main__":
    main()
