"""A real HTTP server on 127.0.0.1 that answers like the Teaching Record System, per TRN."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# Canned behaviour, chosen by the TRN in the path.
KNOWN = "1000001"  # a teacher born on KNOWN_BIRTH
KNOWN_BIRTH = "1980-03-14"
SERVER_ERROR = "1000500"
NOT_JSON = "1000111"
WRONG_SHAPE = "1000112"  # JSON, but no lastName
SLOW = "1000222"  # answers after SLOW_SECONDS
DROPS_ONCE = "1000333"  # closes the first connection without answering, then answers
DROPS_ALWAYS = "1000334"  # closes every connection without answering
SLOW_SECONDS = 0.6


class Request:
    """What the server was sent."""

    def __init__(self, path: str, headers: dict[str, str]) -> None:
        self.path = path
        self.headers = headers

    @property
    def trn(self) -> str:
        return urlsplit(self.path).path.rsplit("/", 1)[-1]


class FakeTeachingRecordSystem(ThreadingHTTPServer):
    """Serves canned TRS answers and remembers every request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[Request] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def attempts(self, trn: str) -> int:
        """How many requests arrived for this TRN."""
        with self._lock:
            return sum(1 for request in self.requests if request.trn == trn)

    def record(self, request: Request) -> int:
        with self._lock:
            self.requests.append(request)
            return sum(1 for seen in self.requests if seen.trn == request.trn)


class _Handler(BaseHTTPRequestHandler):
    server: FakeTeachingRecordSystem
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_GET(self):
        request = Request(self.path, dict(self.headers.items()))
        attempt = self.server.record(request)
        parts = urlsplit(self.path)
        trn = request.trn
        birth = parse_qs(parts.query).get("dateOfBirth", [""])[0]
        if not parts.path.startswith("/v3/teachers/"):
            return self._send(404, b"")
        if trn == DROPS_ALWAYS or (trn == DROPS_ONCE and attempt == 1):
            self.close_connection = True
            return None
        if trn == SERVER_ERROR:
            return self._send(500, b'{"title": "Internal Server Error"}')
        if trn == NOT_JSON:
            return self._send(200, b"<html>Service unavailable</html>")
        if trn == WRONG_SHAPE:
            return self._send(200, json.dumps({"trn": trn, "firstName": "Ann"}).encode())
        if trn == SLOW:
            time.sleep(SLOW_SECONDS)
        if trn in (KNOWN, SLOW, DROPS_ONCE) and birth == KNOWN_BIRTH:
            body = {
                "trn": trn,
                "firstName": "Siobhan",
                "middleName": "Mary",
                "lastName": "O'Brien",
                "dateOfBirth": KNOWN_BIRTH,
                "qts": None,
            }
            return self._send(200, json.dumps(body).encode())
        return self._send(404, b'{"title": "Person not found", "status": 404}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start() -> tuple[FakeTeachingRecordSystem, threading.Thread]:
    """Start a fake TRS on a free port."""
    server = FakeTeachingRecordSystem()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    return server, thread


def stop(server: FakeTeachingRecordSystem, thread: threading.Thread) -> None:
    """Stop the fake TRS and free its port."""
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
