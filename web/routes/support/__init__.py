"""The Department's support console: every route lives under /support."""

from web.routes.support import (
    auditing,
    claim_audit,
    claim_clawback,
    claim_payment,
    claim_windows,
    claims,
    clawbacks,
    onboarding,
    onboarding_csv,
    organisations,
    payer_response,
    payments,
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
    *auditing.ROUTES,
    *claim_audit.ROUTES,
    *clawbacks.ROUTES,
    *claim_clawback.ROUTES,
    *onboarding.ROUTES,
    *onboarding_csv.ROUTES,
    *users.ROUTES,
    *claim_windows.ROUTES,
]
