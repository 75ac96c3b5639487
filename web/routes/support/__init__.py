"""The Department's support console: every route lives under /support."""

from web.routes.support import claim_windows, organisations, settings, users

ROUTES = [*settings.ROUTES, *organisations.ROUTES, *users.ROUTES, *claim_windows.ROUTES]
