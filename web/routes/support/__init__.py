"""The Department's support console: every route lives under /support."""

from litestar import Router
from litestar.di import Provide

from web.routes.support import (
    auditing,
    claim_audit,
    claim_clawback,
    claim_payment,
    claim_windows,
    claims,
    clawbacks,
    development,
    invitations,
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
from web.support_access import provide_whole_service_user

# Tasks that change the service for every school (or the console for every support user): a
# research session's participant, whose
# session keeps to its own schools, is refused them (web/errors.py says why).
WHOLE_SERVICE = Router(
    "/",
    route_handlers=[
        *settings.ROUTES,
        *onboarding.ROUTES,
        *onboarding_csv.ROUTES,
        *invitations.ROUTES,
        *claim_windows.ROUTES,
        *reminders.ROUTES,
        *development.ROUTES,
        *users.WHOLE_SERVICE_ROUTES,
    ],
    dependencies={"support_user": Provide(provide_whole_service_user)},
)

ROUTES = [
    WHOLE_SERVICE,
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
    *users.ROUTES,
]
