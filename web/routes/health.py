"""The health check a load balancer polls: can this process reach its database and sessions?"""

from __future__ import annotations

import asyncio
import logging

from litestar import Request, get
from litestar.response import Response

from db.queries.health import database_answers

logger = logging.getLogger(__name__)
# A load balancer polls every few seconds: an unreachable dependency must answer well within.
CHECK_SECONDS = 2.0
# A key no session can have (session ids are hex): reading it proves the store answers.
PROBE_KEY = "healthcheck-probe"


async def _answers(name: str, check) -> bool:
    try:
        await asyncio.wait_for(check, CHECK_SECONDS)
    except Exception as exc:  # noqa: BLE001 - whatever the failure, the answer is "unhealthy"
        logger.warning("Health check: the %s did not answer: %r", name, exc)
        return False
    return True


# No session and no CSRF cookie: polling must not fill the session store or set cookies.
@get("/healthcheck", name="healthcheck", opt={"skip_session": True, "exclude_from_csrf": True})
async def healthcheck(request: Request) -> Response:
    """200 when the database and the session store answer, else 503; names only, no data."""
    store = request.app.stores.get("sessions")
    checks = {
        "database": await _answers("database", database_answers()),
        "session_store": await _answers("session store", store.get(PROBE_KEY)),
    }
    healthy = all(checks.values())
    return Response(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status_code=200 if healthy else 503,
    )


ROUTES = [healthcheck]
