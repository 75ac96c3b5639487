"""Connections accepted by the server send responses at once (TCP_NODELAY), with workers too."""

from __future__ import annotations

import asyncio
import http.client
import os
import pickle
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from web.server import NoDelayH11Protocol

REPO = Path(__file__).resolve().parents[2]


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


def test_one_worker_is_uvicorn_with_that_protocol(monkeypatch):
    ran: dict = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: ran.update(app=app, **options))
    from web import server

    server.main(["--port", "8123"])
    assert ran["app"] == "web.app:app_from_environment" and ran["factory"]
    assert ran["http"] is NoDelayH11Protocol
    assert (ran["workers"], ran["port"]) == (1, 8123)


def test_several_workers_each_bind_a_socket_of_their_own(monkeypatch):
    started: dict = {}

    class Supervisor:
        def __init__(self, config, sockets) -> None:
            started.update(config=config, sockets=sockets)

        def run(self) -> None:
            # As uvicorn hands the sockets to each worker it starts: pickled, and unpickled there.
            started["bound"] = [pickle.loads(pickle.dumps(each)) for each in started["sockets"]]

    from web import server

    monkeypatch.setattr(server, "Multiprocess", Supervisor)
    server.main(["--workers", "2", "--port", "0"])
    config, (bound,) = started["config"], started["bound"]
    try:
        assert config.app == "web.app:app_from_environment" and config.factory
        assert config.http is NoDelayH11Protocol and config.workers == 2
        assert bound.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        assert bound.getsockname() == ("127.0.0.1", config.port) and config.port != 0
    finally:
        bound.close()


# A tiny app that answers with the process that served it, served as the service is served.
_WORKER_APP = """
import os, sys
from web.server import serve

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(os.getpid()).encode()})

if __name__ == "__main__":
    serve("which_worker:app", host="127.0.0.1", port=0, workers=2)
"""


def _listening(port: int) -> int:
    """How many sockets listen on the local port (TCP over IPv4)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    # Columns: slot, local address:port (hex), remote address, state (0A is LISTEN).
    return sum(
        1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A"
    )


def _served_by(port: int, count: int) -> list[str]:
    """Open `count` connections at once, then ask once on each: the process that answered."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(count)]
    try:
        for each in connections:
            each.connect()
        answers = []
        for each in connections:
            each.request("GET", "/")
            answers.append(each.getresponse().read().decode())
        return answers
    finally:
        for each in connections:
            each.close()


def test_connections_opened_at_once_are_spread_across_the_workers(tmp_path):
    # Under `uvicorn --workers 2` the worker that woke first accepted all of them.
    (tmp_path / "which_worker.py").write_text(_WORKER_APP)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    server = subprocess.Popen(
        [sys.executable, str(tmp_path / "which_worker.py")],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        port, ready = None, 0
        for line in server.stderr:
            if found := re.search(r"running on http://127.0.0.1:(\d+) with 2 workers", line):
                port = int(found[1])
            ready += "Application startup complete" in line
            if ready == 2:
                break
        assert port is not None and ready == 2
        deadline = time.monotonic() + 30
        while _listening(port) < 2 and time.monotonic() < deadline:  # once its app has started
            time.sleep(0.02)
        assert len(set(_served_by(port, 16))) == 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
