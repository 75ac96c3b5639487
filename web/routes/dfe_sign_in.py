"""Signing in with DfE Sign-in: sending the user there and letting them in when they come back."""

from __future__ import annotations

import logging
from urllib.parse import quote

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Response

from db.engine import give_back_held_connection
from db.queries.provider_users import is_provider_user
from db.queries.users import membership_count, record_sign_in, user_for_dfe_sign_in
from web.access import SESSION_USER, NoAccess, local_path, sign_in_url
from web.clock import Clock
from web.errors import SUPPORT_EMAIL
from web.integrations.dfe_sign_in import (
    PendingSignIn,
    ProviderUnavailable,
    SignInCancelled,
    SignInFailed,
    dfe_sign_in_for,
)
from web.page import page
from web.provider_access import PROVIDERS_HOME
from web.session_store import start_new_session
from web.settings import Settings

logger = logging.getLogger(__name__)

SESSION_PENDING = "dfe_sign_in_pending"
SESSION_ID_TOKEN = "dfe_sign_in_id_token"
# Sign-ins started in several tabs can each come back; only the latest few are remembered.
MAX_PENDING = 3


def start_path(next_path: str | None) -> str:
    """The address that sends the user to DfE Sign-in, remembering where they were going."""
    return f"/sign-in/dfe-sign-in?next={quote(local_path(next_path), safe='/')}"


async def provider_sign_out_url(request: Request, settings: Settings) -> str | None:
    """DfE Sign-in's own sign-out, with a way back to us, if the user signed in there."""
    id_token = request.session.get(SESSION_ID_TOKEN) if request.session else None
    sign_in = dfe_sign_in_for(settings)
    if not isinstance(id_token, str) or sign_in is None:
        return None
    await give_back_held_connection()  # no PostgreSQL connection waits on DfE Sign-in
    return await sign_in.end_session_url(id_token, f"{settings.service_url}/signed-out")


def _callback_url(settings: Settings) -> str:
    # Must match a redirect URI registered with DfE Sign-in exactly, so it comes from the
    # service's public address, not from the Host a proxy in front of it happened to send.
    return f"{settings.service_url}/auth/callback"


def _pending(request: Request) -> dict[str, dict]:
    saved = request.session.get(SESSION_PENDING) if request.session else None
    return dict(saved) if isinstance(saved, dict) else {}


def _problem_page(title: str, status_code: int, next_path: str, *paragraphs: str) -> Response:
    return page(
        "errors/error.html",
        title=title,
        paragraphs=paragraphs,
        status_code=status_code,
        link_href=sign_in_url(next_path),
        link_text="Sign in again",
    )


def _cancelled(next_path: str) -> Response:
    return _problem_page(
        "You have not signed in",
        200,
        next_path,
        "You need to sign in with DfE Sign-in to claim funding for mentor training.",
    )


def _failed(next_path: str) -> Response:
    return _problem_page(
        "Sorry, there is a problem signing you in",
        400,
        next_path,
        "We could not check who you are with DfE Sign-in. This can happen if you used an old "
        "link or signed in from another tab.",
        f"Try signing in again. If the problem continues, email {SUPPORT_EMAIL}.",
    )


def _unavailable(next_path: str) -> Response:
    return _problem_page(
        "Sorry, DfE Sign-in is not available",
        503,
        next_path,
        "You cannot sign in at the moment. Try again later.",
        f"If the problem continues, email {SUPPORT_EMAIL}.",
    )


@get("/sign-in/dfe-sign-in", name="dfe_sign_in_start")
async def start(
    request: Request, settings: NamedDependency[Settings], next: FromQuery[str | None] = None
) -> Response:
    """Send the user to DfE Sign-in, keeping what is needed to check their return."""
    sign_in = dfe_sign_in_for(settings)
    if sign_in is None:
        raise NotFoundException()
    next_path = local_path(next)
    await give_back_held_connection()  # no PostgreSQL connection waits on DfE Sign-in
    try:
        url, pending = await sign_in.start(_callback_url(settings), next_path)
    except SignInFailed as exc:
        logger.warning("DfE Sign-in could not be started: %s", exc)
        return _unavailable(next_path)
    flows = _pending(request)
    flows[pending.state] = msgspec.to_builtins(pending)
    kept = dict(list(flows.items())[-MAX_PENDING:])
    request.set_session({**(request.session or {}), SESSION_PENDING: kept})
    return Redirect(url, status_code=303)


@get("/auth/callback", name="dfe_sign_in_callback")
async def callback(
    request: Request, settings: NamedDependency[Settings], clock: NamedDependency[Clock]
) -> Response:
    """Check DfE Sign-in's answer and sign the user in, if they have an account here."""
    sign_in = dfe_sign_in_for(settings)
    if sign_in is None:
        raise NotFoundException()
    params = {name: str(request.query_params.get(name)) for name in request.query_params}
    flows = _pending(request)
    saved = flows.pop(params.get("state", ""), None)
    if saved is None:
        # Forged, replayed, or from a sign-in this browser never started (or already finished).
        logger.warning("DfE Sign-in callback with a state this session did not start")
        return _failed("/schools")
    # Each sign-in can come back only once.
    request.set_session({**request.session, SESSION_PENDING: flows})
    pending = msgspec.convert(saved, PendingSignIn)
    await give_back_held_connection()  # no PostgreSQL connection waits on DfE Sign-in
    try:
        identity = await sign_in.finish(pending, params, _callback_url(settings))
    except SignInCancelled:
        return _cancelled(pending.next_path)
    except ProviderUnavailable as exc:
        logger.warning("DfE Sign-in unavailable: %s", exc)
        return _unavailable(pending.next_path)
    except SignInFailed as exc:
        logger.warning("DfE Sign-in refused: %s", exc)
        return _failed(pending.next_path)
    # An address DfE Sign-in says it has not verified must not unlock someone's account.
    email = identity.email if identity.email_verified is not False else None
    user = await user_for_dfe_sign_in(identity.sub, email)
    # A new session on sign-in: nothing from before carries over, not even its id.
    if user is None:
        logger.info("DfE Sign-in user %s has no account", identity.sub)
        # Keep the ID token so that "Sign out" also signs them out of DfE Sign-in.
        start_new_session(request, {SESSION_ID_TOKEN: identity.id_token})
        raise NoAccess()
    start_new_session(request, {SESSION_USER: user.id, SESSION_ID_TOKEN: identity.id_token})
    await record_sign_in(user.id, clock.now())
    next_path = local_path(pending.next_path)
    if await membership_count(user.id) == 0 and not (
        next_path.startswith(f"{PROVIDERS_HOME}/") and await is_provider_user(user.id)
    ):
        # /schools tells them they do not have access, or takes support and provider users to
        # their home; a school page would only say not found.
        return Redirect("/schools", status_code=303)
    return Redirect(next_path, status_code=303)


ROUTES = [start, callback]
