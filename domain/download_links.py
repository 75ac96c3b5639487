"""Download links for people without an account: signed with the service's secret, 7 days long."""

import hashlib
import hmac
import secrets
from datetime import timedelta

# support.md "Who": the payer and provider contacts get a link that expires after 7 days.
LINK_LIFETIME = timedelta(days=7)


def new_nonce() -> str:
    """A random, unguessable name for one link."""
    return secrets.token_urlsafe(24)


def _signature(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"download:{nonce}".encode(), hashlib.sha256).hexdigest()


def token_for(secret: str, nonce: str) -> str:
    """The link's token: its nonce and a signature only the service can make."""
    return f"{nonce}.{_signature(secret, nonce)}"


def nonce_of(secret: str, token: str) -> str | None:
    """The nonce of a token the service signed; None for a forged or mangled one."""
    nonce, dot, signature = token.rpartition(".")
    if not dot or not nonce or len(token) > 200:
        return None
    if not hmac.compare_digest(signature.encode(), _signature(secret, nonce).encode()):
        return None
    return nonce
