"""Signing in (persona sign-in outside production), signing out and the account page."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template

from db.personas import PERSONAS
from db.queries.provider_users import providers_for_user
from db.queries.schools import schools_for_user
from db.queries.users import record_sign_in, user_by_persona
from web.access import SESSION_USER, Viewer, local_path
from web.clock import Clock
from web.page import page
from web.routes import dfe_sign_in
from web.session_store import start_new_session
from web.settings import Settings


@get("/sign-in", name="sign_in")
async def sign_in(
    settings: NamedDependency[Settings], next: FromQuery[str | None] = None
) -> Response:
    """Choose a persona to sign in as, or go to DfE Sign-in when personas are off."""
    dfe_sign_in_href = dfe_sign_in.start_path(next) if settings.oidc_issuer_url else None
    if not settings.personas_enabled:
        if dfe_sign_in_href:
            return Redirect(dfe_sign_in_href, status_code=303)
        raise NotFoundException()
    return page(
        "pages/sign_in.html",
        title="Sign in as",
        personas=PERSONAS,
        next_path=local_path(next),
        dfe_sign_in_href=dfe_sign_in_href,
    )


@post("/sign-in/persona", name="sign_in_persona")
async def sign_in_as_persona(
    request: Request, settings: NamedDependency[Settings], clock: NamedDependency[Clock]
) -> Redirect:
    """Start a session as the chosen persona and go where the user was going."""
    if not settings.personas_enabled:
        raise NotFoundException()
    form = await request.form()
    user = await user_by_persona(str(form.get("persona", "")))
    if user is None:
        return Redirect("/sign-in", status_code=303)
    # A new session on sign-in: nothing from before carries over, not even its id.
    start_new_session(request, {SESSION_USER: user.id})
    await record_sign_in(user.id, clock.now())
    return Redirect(local_path(str(form.get("next", ""))), status_code=303)


@get("/sign-out", name="sign_out_page")
async def sign_out_page() -> Template:
    """A button to sign out: a link or another site must not be able to sign anyone out."""
    return page("pages/sign_out.html", title="Sign out")


@post("/sign-out", name="sign_out")
async def sign_out(request: Request, settings: NamedDependency[Settings]) -> Redirect:
    """End the session, and the DfE Sign-in session if the user signed in there."""
    provider_sign_out = await dfe_sign_in.provider_sign_out_url(request, settings)
    request.clear_session()
    return Redirect(provider_sign_out or "/signed-out", status_code=303)


@get("/signed-out", name="signed_out")
async def signed_out() -> Template:
    """Confirm the user has signed out."""
    return page("pages/signed_out.html", title="You have signed out")


@get("/account", name="account")
async def account(viewer: NamedDependency[Viewer]) -> Template:
    """The signed-in user's details and organisations."""
    return page(
        "pages/account.html",
        title="Your account",
        viewer=viewer,
        schools=await schools_for_user(viewer.user.id),
        providers=await providers_for_user(viewer.user.id),
    )


ROUTES = [sign_in, sign_in_as_persona, sign_out_page, sign_out, signed_out, account]
