"""Route modules, one per area; each lists its handlers in ROUTES."""

from web.routes import (
    auth,
    claim_journey,
    claims,
    development,
    dfe_sign_in,
    health,
    mailbox,
    mentors,
    organisations,
    pages,
    users,
)

AREAS = [
    health,
    pages,
    auth,
    dfe_sign_in,
    organisations,
    users,
    claims,
    claim_journey,
    mentors,
    mailbox,
    development,
]
