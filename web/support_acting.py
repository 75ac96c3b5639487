"""What a support user does inside a school is recorded in the activity log, as who did it."""

from __future__ import annotations

from datetime import datetime

from db.queries.support_events import record_event
from web.access import SchoolAccess


async def record_if_support(
    access: SchoolAccess, action: str, what: str, now: datetime, claim_id: int | None = None
) -> None:
    """Record the change as a support event when a support user made it for the school, in the
    caller's transaction; a school's own users' changes are theirs, not support's."""
    if access.as_support:
        description = f"{what} for {access.school.name} (URN {access.school.urn})"
        await record_event(access.viewer.user.id, action, description, now, claim_id=claim_id)
