"""Headers every response carries, error pages and static files included."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from litestar.types import Message, Scope

from web.settings import Settings

# GOV.UK Frontend's page template adds this one inline script to mark the page as having
# JavaScript; the policy allows exactly it by its hash, as GOV.UK Frontend's docs describe.
JS_ENABLED_SNIPPET = (
    "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype"
    " ? ' govuk-frontend-supported' : '');"
)
# A year, as the National Cyber Security Centre recommends for HSTS.
HSTS_SECONDS = 31_536_000


def script_hash(source: str) -> str:
    """A CSP source expression allowing one inline script."""
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: Settings) -> str:
    """Only the service's own scripts, styles, fonts and images; no framing; no plugins."""
    # Signing out is a form whose answer redirects to DfE Sign-in's end-session endpoint, and
    # browsers hold form redirects to form-action.
    form_targets = ["'self'"]
    if settings.oidc_issuer_url:
        form_targets.append(_origin(settings.oidc_issuer_url))
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' {script_hash(JS_ENABLED_SNIPPET)}",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": " ".join(form_targets),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers for this deployment."""
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        # The same URL answers with a page or, for htmx, a fragment: caches keep both apart.
        "Vary": "HX-Request",
        # Pages show people's names, TRNs and claims: never keep them in a cache or on disk.
        # Static files set their own long cache header, which this leaves alone.
        "Cache-Control": "no-store",
    }
    if settings.is_production:
        # Production is served over https only (SERVICE_URL must be https there).
        headers["Strict-Transport-Security"] = f"max-age={HSTS_SECONDS}; includeSubDomains"
    return headers


def add_security_headers(settings: Settings):
    """A before-send hook: Litestar calls it for every response, however it was made."""
    # Encoded once, and compared with the response's names in one pass: Litestar's header
    # mapping decodes every header again for each name it is asked about.
    headers = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in security_headers(settings).items()
    ]

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        sent = message["headers"]
        present = {name.lower() for name, _ in sent}
        missing = [header for header in headers if header[0] not in present]
        if missing:
            message["headers"] = [*sent, *missing]

    return before_send
