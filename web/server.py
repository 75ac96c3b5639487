"""Serve the app with uvicorn, in one process or several, with TCP_NODELAY on every connection.

`uvicorn --workers N` binds its listening socket itself, without the protocol number asyncio
looks for before setting TCP_NODELAY, so each response on a kept-alive connection waited about
44 ms for Nagle's algorithm and delayed ACKs. The protocol below sets it on every connection.

With several workers, each worker listens on a socket of its own (see `ReusePortListener`).

    python -m web.server [--host 127.0.0.1] [--port 8000] [--workers 1]
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

APP = "web.app:app_from_environment"
logger = logging.getLogger("uvicorn.error")


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, sending each response as soon as it is written."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        """Set TCP_NODELAY on the connection's socket, then serve it as uvicorn does."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def bind_reuse_port(host: str, port: int) -> socket.socket:
    """A TCP socket bound to the address in a group that shares it (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class ReusePortListener:
    """The listening address, bound afresh by each worker as uvicorn starts it.

    uvicorn's workers all accept from the one socket the parent bound, and the worker that wakes
    first accepts every connection waiting: kept-alive connections (a load balancer's, or wrk's
    ten) piled onto one worker, and a second worker served 0.83x of one. With a socket of its
    own per worker in one SO_REUSEPORT group, the kernel spreads connections across workers.
    uvicorn pickles the sockets it hands each worker it starts or restarts; this unpickles there
    as that worker's own socket.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def __reduce__(self):
        return bind_reuse_port, (self.host, self.port)


def serve(app: str, *, host: str, port: int, workers: int, **options) -> None:
    """Run the ASGI app (an import string) with uvicorn and the no-delay protocol."""
    options.update(host=host, http=NoDelayH11Protocol, workers=workers)
    if workers <= 1:
        uvicorn.run(app, port=port, **options)
        return
    config = uvicorn.Config(app, port=port, **options)  # also sets up uvicorn's logging
    try:
        # Bound but never listening, so it takes no connections: it holds the port for the
        # workers' sockets, and a port in use stops the parent here, not each worker in turn.
        reserved = bind_reuse_port(host, port)
    except OSError as error:
        logger.error(error)
        sys.exit(STARTUP_FAILURE)
    config.port = reserved.getsockname()[1]
    logger.info("Uvicorn running on http://%s:%d with %d workers", host, config.port, workers)
    try:
        listener = ReusePortListener(host, config.port)
        Multiprocess(config, sockets=[listener]).run()  # type: ignore[list-item]
    finally:
        reserved.close()


def main(argv: list[str] | None = None) -> None:
    """Serve the service with the options given (and WEB_CONCURRENCY workers when not given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 1))
    parser.add_argument("--no-access-log", action="store_true", help="no uvicorn access log")
    arguments = parser.parse_args(argv)
    serve(
        APP,
        factory=True,
        host=arguments.host,
        port=arguments.port,
        workers=arguments.workers,
        access_log=not arguments.no_access_log,
    )


if __name__ == "__main__":
    main()
