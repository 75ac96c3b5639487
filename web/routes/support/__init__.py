"""The Department's support console: every route lives under /support."""

from web.routes.support import (
    claim_payment,
    claim_windows,
    claims,
    development,
    onboarding,
    onboarding_csv,
    organisations,
    payer_response,
    payments,
    reminders,
    school_agreement,
    settings,
    users,
)

ROUTES = [
    *settings.ROUTES,
    *organisations.ROUTES,
    *school_agreement.ROUTES,
    *claims.ROUTES,
    *payments.ROUTES,
    *payer_response.ROUTES,
    *claim_payment.ROUTES,
    *onboarding.ROUTES,
    *onboarding_csv.ROUTES,
    *users.ROUTES,
    *claim_windows.ROUTES,
    *reminders.ROUTES,
    *development.ROUTES,
]
