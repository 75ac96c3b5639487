"""Signing in with DfE Sign-in: the OpenID Connect authorization code flow with PKCE."""

from __future__ import annotations

import hmac
import logging
import time
import warnings
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

import httpx
import msgspec
from authlib.common.security import generate_token
from authlib.common.urls import add_params_to_uri
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from web.settings import Settings

with warnings.catch_warnings():
    # authlib 1.9 warns that it will move from httpx to httpx2; httpx is what this project pins.
    warnings.simplefilter("ignore", DeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError

logger = logging.getLogger(__name__)

SCOPE = "openid email profile"
TIMEOUT_SECONDS = 10.0
# Discovery documents and signing keys change rarely; a key we have not seen triggers a re-fetch.
METADATA_SECONDS = 3600
# Allowed difference between our clock and DfE Sign-in's when checking exp and iat.
LEEWAY_SECONDS = 60
# Asymmetric algorithms only: "none" is no signature, and an HMAC one could be forged by anyone
# holding the client secret.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256")


class SignInFailed(Exception):
    """What came back from DfE Sign-in cannot be used; the message is for the logs only."""


class SignInCancelled(SignInFailed):
    """The user chose not to sign in, or DfE Sign-in would not let them."""


class ProviderUnavailable(SignInFailed):
    """DfE Sign-in could not be reached, or answered with something unreadable."""


class ProviderMetadata(msgspec.Struct, frozen=True):
    """The parts of the OpenID Provider's discovery document the service uses."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""
    end_session_endpoint: str = ""
    id_token_signing_alg_values_supported: list[str] = []
    token_endpoint_auth_methods_supported: list[str] = []


class PendingSignIn(msgspec.Struct, frozen=True):
    """What the service keeps between sending the user to DfE Sign-in and their return."""

    state: str
    nonce: str
    code_verifier: str
    next_path: str


class Identity(msgspec.Struct, frozen=True):
    """Who DfE Sign-in says the user is, from a validated ID token (and userinfo)."""

    sub: str
    email: str
    given_name: str
    family_name: str
    email_verified: bool | None
    id_token: str


class _Cached(msgspec.Struct):
    metadata: ProviderMetadata
    jwks: dict | None
    expires_at: float


# Per issuer, shared by every request in this process.
_cache: dict[str, _Cached] = {}


def forget_provider_metadata() -> None:
    """Drop cached discovery documents and keys (a new provider, or a test starting afresh)."""
    _cache.clear()


def _normal_issuer(issuer: str) -> str:
    parts = urlsplit(issuer.rstrip("/"))
    default_port = {"https": 443, "http": 80}.get(parts.scheme)
    host = parts.hostname or ""
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def same_issuer(left: str, right: str) -> bool:
    """Whether two issuer URLs name the same provider (DfE Sign-in spells out its :443)."""
    return _normal_issuer(left) == _normal_issuer(right)


class DfeSignIn:
    """A relying party of one OpenID Provider, registered under a client id and secret."""

    def __init__(self, issuer: str, client_id: str, client_secret: str) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.client_secret = client_secret

    @classmethod
    def from_settings(cls, settings: Settings) -> DfeSignIn:
        """The provider named in settings."""
        return cls(settings.oidc_issuer_url, settings.oidc_client_id, settings.oidc_client_secret)

    async def metadata(self) -> ProviderMetadata:
        """The provider's discovery document, fetched at most hourly."""
        cached = _cache.get(self.issuer)
        if cached and cached.expires_at > time.monotonic():
            return cached.metadata
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        document = await self._get_json(url, "discovery document")
        try:
            metadata = msgspec.convert(document, ProviderMetadata)
        except msgspec.ValidationError as exc:
            raise ProviderUnavailable(f"unusable discovery document: {exc}") from exc
        # OpenID Connect Discovery 4.3: the document must be for the issuer we asked about.
        if not same_issuer(metadata.issuer, self.issuer):
            raise SignInFailed(f"discovery document is for issuer {metadata.issuer!r}")
        _cache[self.issuer] = _Cached(metadata, None, time.monotonic() + METADATA_SECONDS)
        return metadata

    async def start(self, redirect_uri: str, next_path: str) -> tuple[str, PendingSignIn]:
        """Where to send the user to sign in, and what to keep until they come back."""
        metadata = await self.metadata()
        pending = PendingSignIn(
            state=generate_token(32),
            nonce=generate_token(32),
            code_verifier=generate_token(64),
            next_path=next_path,
        )
        async with self._oauth(metadata, redirect_uri) as oauth:
            url, _ = oauth.create_authorization_url(
                metadata.authorization_endpoint,
                state=pending.state,
                code_verifier=pending.code_verifier,
                nonce=pending.nonce,
            )
        return url, pending

    async def finish(
        self, pending: PendingSignIn, params: Mapping[str, str], redirect_uri: str
    ) -> Identity:
        """Check the provider's answer, swap the code for tokens and validate the ID token."""
        if not hmac.compare_digest(params.get("state", "").encode(), pending.state.encode()):
            raise SignInFailed("state does not match")
        metadata = await self.metadata()
        # RFC 9207: when the provider names itself in the response, it must be the one we used.
        if "iss" in params and not same_issuer(params["iss"], metadata.issuer):
            raise SignInFailed(f"response from issuer {params['iss']!r}")
        if "error" in params:
            if params["error"] == "access_denied":
                raise SignInCancelled(params.get("error_description", "access_denied"))
            raise SignInFailed(f"provider error {params['error']!r}")
        code = params.get("code", "")
        if not code:
            raise SignInFailed("no code in the response")
        async with self._oauth(metadata, redirect_uri) as oauth:
            token = await self._exchange(oauth, metadata, code, pending.code_verifier)
            claims = await self._validated_claims(metadata, token, pending.nonce)
            if not all(claims.get(name) for name in ("email", "given_name", "family_name")):
                claims = {**claims, **await self._userinfo(oauth, metadata, claims["sub"])}
        email = str(claims.get("email") or "").strip().lower()
        if not email:
            raise SignInFailed("no email address for the user")
        verified = claims.get("email_verified")
        return Identity(
            sub=claims["sub"],
            email=email,
            given_name=str(claims.get("given_name") or ""),
            family_name=str(claims.get("family_name") or ""),
            email_verified=verified if isinstance(verified, bool) else None,
            id_token=token["id_token"],
        )

    async def end_session_url(self, id_token: str, post_logout_redirect_uri: str) -> str | None:
        """Where to sign the user out of DfE Sign-in too, if it supports that."""
        try:
            metadata = await self.metadata()
        except SignInFailed as exc:
            # Signing out of the service must work even when DfE Sign-in is down.
            logger.warning("DfE Sign-in sign-out skipped: %s", exc)
            return None
        if not metadata.end_session_endpoint:
            return None
        return add_params_to_uri(
            metadata.end_session_endpoint,
            [
                ("id_token_hint", id_token),
                ("post_logout_redirect_uri", post_logout_redirect_uri),
                ("client_id", self.client_id),
            ],
        )

    def _oauth(self, metadata: ProviderMetadata, redirect_uri: str) -> AsyncOAuth2Client:
        supported = metadata.token_endpoint_auth_methods_supported
        # OpenID Connect Discovery 3: client_secret_basic is the default when none are listed.
        method = (
            "client_secret_post"
            if supported and "client_secret_basic" not in supported
            else "client_secret_basic"
        )
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_endpoint_auth_method=method,
            scope=SCOPE,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=TIMEOUT_SECONDS,
        )

    async def _exchange(
        self, oauth: AsyncOAuth2Client, metadata: ProviderMetadata, code: str, verifier: str
    ) -> dict:
        try:
            token = await oauth.fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=verifier,
            )
        except OAuthError as exc:
            raise SignInFailed(f"token endpoint refused the code: {exc.error}") from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"token endpoint failed: {type(exc).__name__}") from exc
        if not token.get("id_token"):
            raise SignInFailed("no ID token in the token response")
        return token

    async def _validated_claims(
        self, metadata: ProviderMetadata, token: Mapping, nonce: str
    ) -> dict:
        algorithms = [
            each
            for each in metadata.id_token_signing_alg_values_supported or ["RS256"]
            if each in SIGNING_ALGORITHMS
        ]
        registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
        try:
            try:
                decoded = jwt.decode(
                    token["id_token"], await self._keys(metadata), registry=registry
                )
            except InvalidKeyIdError:
                # The provider may have rotated its keys since we fetched them.
                keys = await self._keys(metadata, refresh=True)
                decoded = jwt.decode(token["id_token"], keys, registry=registry)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                options={
                    "iss": {"essential": True, "value": metadata.issuer},
                    "aud": {"essential": True, "value": self.client_id},
                    "sub": {"essential": True},
                    "nonce": {"essential": True, "value": nonce},
                },
                params={
                    "nonce": nonce,
                    "client_id": self.client_id,
                    "access_token": token.get("access_token"),
                },
            )
            # ID tokens are checked against the real time, not the service's clock, which can be
            # moved for demonstrations and tests.
            claims.validate(leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(f"ID token rejected: {type(exc).__name__} {exc}") from exc
        return dict(claims)

    async def _keys(self, metadata: ProviderMetadata, refresh: bool = False) -> KeySet:
        cached = _cache.get(self.issuer)
        if cached is None or cached.jwks is None or refresh:
            jwks = await self._get_json(metadata.jwks_uri, "signing keys")
            if cached is not None:
                cached.jwks = jwks
        else:
            jwks = cached.jwks
        try:
            return KeySet.import_key_set(jwks)
        except (JoseError, ValueError, KeyError, TypeError) as exc:
            raise ProviderUnavailable(f"unusable signing keys: {type(exc).__name__}") from exc

    async def _userinfo(
        self, oauth: AsyncOAuth2Client, metadata: ProviderMetadata, sub: str
    ) -> dict:
        if not metadata.userinfo_endpoint:
            return {}
        try:
            response = await oauth.get(metadata.userinfo_endpoint)
            response.raise_for_status()
            claims = response.json()
        except (httpx.HTTPError, OAuthError, ValueError) as exc:
            raise ProviderUnavailable(f"userinfo failed: {type(exc).__name__}") from exc
        # OpenID Connect Core 5.3.2: userinfo about anyone else must not be used.
        if not isinstance(claims, dict) or claims.get("sub") != sub:
            raise SignInFailed("userinfo is about a different subject")
        return claims

    async def _get_json(self, url: str, what: str) -> dict:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
                response = await http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable(f"{what} unavailable: {type(exc).__name__}") from exc
        if not isinstance(document, dict):
            raise ProviderUnavailable(f"{what} is not a JSON object")
        return document


def dfe_sign_in_for(settings: Settings) -> DfeSignIn | None:
    """The relying party for the configured provider, or None when DfE Sign-in is not set up."""
    return DfeSignIn.from_settings(settings) if settings.oidc_issuer_url else None
