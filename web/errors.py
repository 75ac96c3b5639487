"""GOV.UK error pages and the redirects that access exceptions stand for."""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from web.access import (
    GrantConditionsRequired,
    NoAccess,
    SignInRequired,
    WholeServiceOnly,
    sign_in_url,
)
from web.log_privacy import keep_email_addresses_out
from web.page import page

logger = logging.getLogger(__name__)
# An error's message can quote what it failed on: a database error its failing row, a session
# store the session holding an address someone typed.
keep_email_addresses_out(logger)
SUPPORT_EMAIL = "ittmentor.funding@education.gov.uk"


def _error_page(status_code: int, title: str, *paragraphs: str, **link) -> Response:
    return page(
        "errors/error.html", title=title, paragraphs=paragraphs, status_code=status_code, **link
    )


def sign_in_required(_: Request, exc: SignInRequired) -> Response:
    """Send the user to sign in, to come back where they were going."""
    return Redirect(sign_in_url(exc.next_path), status_code=303)


def grant_conditions_required(_: Request, exc: GrantConditionsRequired) -> Response:
    """Send the user to accept the school's grant conditions first."""
    return Redirect(f"/schools/{exc.school_id}/grant-conditions", status_code=303)


def no_access(_: Request, __: NoAccess) -> Response:
    """The user is signed in but belongs to no school."""
    return _error_page(
        403,
        "You do not have access to this service",
        "You need to be added to a school's account before you can claim funding for "
        "mentor training.",
        "Ask someone at your school who already uses this service to add you. If nobody at "
        f"your school uses it yet, email {SUPPORT_EMAIL}.",
        link_href="/sign-out",
        link_text="Sign out",
    )


def whole_service_only(_: Request, __: WholeServiceOnly) -> Response:
    """A research session keeps to its own schools: tasks that change every school are refused."""
    return _error_page(
        403,
        "This is not available in a research session",
        "Claim windows, onboarding, invitations, reminders, adding support users and the "
        "development tools change the service for everyone, so a research session cannot use "
        "them.",
        "Your session's schools and claims are in Organisations and Claims.",
        link_href="/support/claims",
        link_text="Go to claims",
    )


def not_found(_: Request, __: HTTPException) -> Response:
    """A GOV.UK page not found page; also what another school's data looks like."""
    return _error_page(
        404,
        "Page not found",
        "If you typed the web address, check it is correct.",
        "If you pasted the web address, check you copied the entire address.",
        link_href="/schools",
        link_text="Go to your organisations",
    )


def forbidden(_: Request, __: PermissionDeniedException) -> Response:
    """Usually a form sent without its security token (an old page, or another site)."""
    return _error_page(
        403,
        "Sorry, we could not send your form",
        "This can happen if the page was open for a long time or was opened in another "
        "window. Go back, refresh the page and try again.",
        link_href="/schools",
        link_text="Go to your organisations",
    )


def bad_request(request: Request, exc: HTTPException) -> Response:
    """A request we cannot read, shown as a page rather than JSON."""
    if exc.status_code == 404 or exc.status_code == 405:
        return not_found(request, exc)
    return _error_page(
        exc.status_code,
        "Sorry, there is a problem with your request",
        "Go back and try again.",
        link_href="/schools",
        link_text="Go to your organisations",
    )


def server_error(request: Request, exc: Exception) -> Response:
    """Sorry, there is a problem with the service."""
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _error_page(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        "Try again later.",
        f"If the problem continues, email {SUPPORT_EMAIL}.",
    )


HANDLERS = {
    SignInRequired: sign_in_required,
    GrantConditionsRequired: grant_conditions_required,
    NoAccess: no_access,
    WholeServiceOnly: whole_service_only,
    NotFoundException: not_found,
    PermissionDeniedException: forbidden,
    HTTPException: bad_request,
    HTTP_500_INTERNAL_SERVER_ERROR: server_error,
}
