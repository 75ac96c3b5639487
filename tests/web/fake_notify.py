"""A real HTTP server on 127.0.0.1 that answers like GOV.UK Notify's send-email API."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError

from web.emails import EMAILS, render

SERVICE_ID = "6b1bbd47-3d1a-4c5e-9a1b-1f0d2e3c4b5a"
SECRET = "0f6e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
API_KEY = f"claim_mentor_test-{SERVICE_ID}-{SECRET}"
TEMPLATES = {kind: str(uuid.uuid5(uuid.NAMESPACE_URL, f"template/{kind}")) for kind in EMAILS}

# Canned behaviour, chosen by the recipient's address.
BAD_REQUEST = "team-only@example.com"  # 400, as for a team-only key and an outside address
SERVER_ERROR = "server-error@example.com"  # 500 every time
RATE_LIMITED = "rate-limited@example.com"  # 429 every time
FLAKY = "flaky@example.com"  # 500 the first time, then accepted
SLOW = "slow@example.com"  # accepted, but only after SLOW_SECONDS
QUOTED = "quoted@example.com"  # 400 with a message that quotes the address back
SLOW_SECONDS = 1.5


class FakeNotify(ThreadingHTTPServer):
    """Accepts or refuses emails like Notify and remembers every request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []  # every request body that reached the API
        self.accepted: list[dict] = []  # the notifications Notify would have sent
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def record(self, body: dict) -> int:
        with self._lock:
            self.requests.append(body)
            return sum(
                1
                for seen in self.requests
                if seen.get("email_address") == body.get("email_address")
            )

    def accept(self, body: dict) -> None:
        with self._lock:
            self.accepted.append(body)

    def accepted_for(self, address: str) -> list[dict]:
        """The notifications accepted for one address."""
        with self._lock:
            return [body for body in self.accepted if body["email_address"] == address]


def _errors(status: int, error: str, message: str) -> dict:
    return {"errors": [{"error": error, "message": message}], "status_code": status}


class _Handler(BaseHTTPRequestHandler):
    server: FakeNotify
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path != "/v2/notifications/email":
            return self._send(404, _errors(404, "NotFound", "The requested URL was not found"))
        problem = self._auth_problem()
        if problem:
            return self._send(403, _errors(403, "AuthError", problem))
        try:
            body = json.loads(raw)
        except ValueError:
            return self._send(400, _errors(400, "BadRequestError", "Invalid JSON supplied"))
        attempt = self.server.record(body)
        address = body.get("email_address", "")
        kinds = {template: kind for kind, template in TEMPLATES.items()}
        kind = kinds.get(body.get("template_id", ""))
        if kind is None:
            return self._send(400, _errors(400, "BadRequestError", "Template not found"))
        if address == BAD_REQUEST:
            message = "Can’t send to this recipient using a team-only API key"
            return self._send(400, _errors(400, "BadRequestError", message))
        if address == QUOTED:
            message = f"Not a valid email address: {address}"
            return self._send(400, _errors(400, "ValidationError", message))
        if address == SERVER_ERROR or (address == FLAKY and attempt == 1):
            return self._send(500, _errors(500, "Exception", "Internal server error"))
        if address == RATE_LIMITED:
            message = "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"
            return self._send(429, _errors(429, "RateLimitError", message))
        try:
            rendered = render(kind, body.get("personalisation") or {})
        except ValueError as error:
            return self._send(400, _errors(400, "BadRequestError", str(error)))
        if address == SLOW:
            time.sleep(SLOW_SECONDS)
        notification_id = str(uuid.uuid4())
        self.server.accept({**body, "id": notification_id})
        return self._send(
            201,
            {
                "id": notification_id,
                "reference": body.get("reference"),
                "content": {
                    "subject": rendered.subject,
                    "body": rendered.body,
                    "from_email": "claim.mentor.funding@notifications.service.gov.uk",
                    "one_click_unsubscribe_url": None,
                },
                "uri": f"{self.server.url}/v2/notifications/{notification_id}",
                "template": {
                    "id": body["template_id"],
                    "version": 1,
                    "uri": f"{self.server.url}/services/{SERVICE_ID}/templates/{body['template_id']}",
                },
                "scheduled_for": None,
            },
        )

    def _auth_problem(self) -> str:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return "Unauthorized: authentication token must be provided"
        token = header.removeprefix("Bearer ")
        try:
            if get_token_issuer(token) != SERVICE_ID:
                return "Invalid token: service not found"
            decode_jwt_token(token, SECRET)
        except TokenError as error:
            return error.message
        return ""

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow case)


def start() -> tuple[FakeNotify, threading.Thread]:
    """Start a fake Notify on a free port."""
    server = FakeNotify()
    # shutdown() waits for the next poll: the default half second was most of a test's teardown.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    return server, thread


def stop(server: FakeNotify, thread: threading.Thread) -> None:
    """Stop the fake Notify and free its port."""
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
