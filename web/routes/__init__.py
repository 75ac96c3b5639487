"""Route modules, one per area; each lists its handlers in ROUTES."""

from web.routes import (
    auth,
    claim_again,
    claim_journey,
    claim_submit,
    claims,
    development,
    dfe_sign_in,
    downloads,
    health,
    mailbox,
    mentors,
    organisations,
    pages,
    providers,
    support,
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
    claim_again,
    claim_journey,
    claim_submit,
    mentors,
    mailbox,
    development,
    downloads,
    support,
    providers,
]
