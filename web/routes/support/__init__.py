"""The Department's support console: every route lives under /support."""

from web.routes.support import (
    claim_windows,
    onboarding,
    organisations,
    settings,
    users,
)

ROUTES = [
    *settings.ROUTES,
    *organisations.ROUTES,
    *onboarding.ROUTES,
    *users.ROUTES,
    *claim_windows.ROUTES,
]
