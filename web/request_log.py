"""Production's request log: one JSON line per request, with nothing personal in it."""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import UTC, datetime

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("web.requests")


class JsonLines(logging.Formatter):
    """Every log record as one line of JSON, for the platform's log search."""

    def format(self, record: logging.LogRecord) -> str:
        """The record's time, level, logger and message, and a request's fields."""
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        # A filter may have rewritten the traceback into exc_text (web/log_privacy.py).
        if record.exc_text or record.exc_info:
            line["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(line)


class RequestLog:
    """ASGI middleware around the whole app, so 404s and error pages are logged too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request and log it once its response has started."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        started = time.perf_counter()
        status = 500  # if the app fails before answering, the server answers 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # The same id in the browser's response and the log, for support to match them.
                MutableScopeHeaders.from_message(message)["X-Request-Id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            logger.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope["method"],
                        # The path only: query strings carry what people typed (names, TRNs,
                        # filters), and are never logged.
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    }
                },
            )


def log_as_json_lines() -> None:
    """Send every log record to stderr as JSON; the request log replaces the server's own."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines())
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    # uvicorn's access log would repeat each request in plain text, query string and all.
    logging.getLogger("uvicorn.access").disabled = True
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = [handler]
        logging.getLogger(name).propagate = False
