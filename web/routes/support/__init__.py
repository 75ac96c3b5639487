"""The Department's support console: every route lives under /support."""

from web.routes.support import (
    claim_windows,
    claims,
    onboarding,
    onboarding_csv,
    organisations,
    settings,
    users,
)

ROUTES = [
    *settings.ROUTES,
    *organisations.ROUTES,
    *claims.ROUTES,
    *onboarding.ROUTES,
    *onboarding_csv.ROUTES,
    *users.ROUTES,
    *claim_windows.ROUTES,
]
