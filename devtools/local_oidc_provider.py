"""A local OpenID Connect provider standing in for DfE Sign-in in development and tests.

It follows the parts of OpenID Connect Core, Discovery and RP-Initiated Logout the service uses:
the authorization code flow with PKCE (S256 only), client_secret_basic or client_secret_post at
the token endpoint, RS256 ID tokens from a key made at start, userinfo and logout. Instead of a
password it lists accounts to sign in as. Tests can make it misbehave through `Faults`.

Run it with `python -m devtools.local_oidc_provider --port 8100`.

Why not the maintained `oidc-provider-mock` (0.3.4 on PyPI): it does not check PKCE (it registers
no code challenge extension), it cannot be told to issue the bad tokens the service must refuse
(`Faults`), and it brings Flask, pydantic and htpy. It lives here, not in web/, because the
service never runs it: only developers and tests do.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
import html
import json
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import msgspec
import uvicorn
from authlib.common.encoding import urlsafe_b64encode
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.util import create_half_hash
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from joserfc.jws import JWSRegistry
from litestar import Litestar, Request, Response, get, post
from litestar.enums import MediaType
from litestar.params import FromPath

from db.personas import PERSONAS

DEFAULT_PORT = 8100
DEFAULT_CLIENT_ID = "claim-mentor-funding-local"
DEFAULT_CLIENT_SECRET = "local-oidc-client-secret"
CODE_SECONDS = 60  # RFC 6749 4.1.2: codes should live 10 minutes at most; one is plenty here
TOKEN_SECONDS = 300
INTERACTION_SECONDS = 600
SCOPES = ("openid", "email", "profile")
# RFC 7636 4.1: 43 to 128 unreserved characters.
_VERIFIER_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)


class Account(msgspec.Struct, frozen=True):
    """Someone who can sign in at the provider."""

    sub: str
    email: str
    given_name: str
    family_name: str

    @property
    def name(self) -> str:
        """Given and family name."""
        return f"{self.given_name} {self.family_name}"


class Client(msgspec.Struct, frozen=True):
    """A relying party registered with the provider."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...] = ()


class Faults(msgspec.Struct, frozen=True, kw_only=True):
    """Ways to misbehave, so tests can show the service refuses tokens it must not trust."""

    wrong_nonce: bool = False
    expired: bool = False
    foreign_signature: bool = False  # signed by a key that is not in the JWKS, under its kid
    unsigned: bool = False  # "alg": "none"
    wrong_audience: bool = False
    wrong_issuer: bool = False
    other_userinfo_subject: bool = False
    unverified_email: bool = False


class _AuthorizationRequest(msgspec.Struct, frozen=True):
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    nonce: str
    code_challenge: str
    expires_at: float


class _Grant(msgspec.Struct, frozen=True):
    request: _AuthorizationRequest
    account: Account
    auth_time: int
    expires_at: float


class _AccessToken(msgspec.Struct, frozen=True):
    account: Account
    scope: str
    expires_at: float


def account_for_email(email: str) -> Account:
    """An account for any email address, with a stable subject and a name made from it."""
    email = email.strip().lower()
    local_part = email.split("@", 1)[0]
    words = [word.capitalize() for word in local_part.replace("_", ".").split(".") if word]
    given, family = (words[0], " ".join(words[1:])) if len(words) > 1 else (local_part, "Person")
    return Account(
        sub=str(uuid.uuid5(uuid.NAMESPACE_URL, f"local-oidc:{email}")).upper(),
        email=email,
        given_name=given or "Someone",
        family_name=family,
    )


UNKNOWN_PERSON = account_for_email("unknown.person@example.org")


def default_accounts() -> tuple[Account, ...]:
    """The seeded personas, then someone the service has never heard of."""
    personas = tuple(
        msgspec.structs.replace(
            account_for_email(each.email), given_name=each.first_name, family_name=each.last_name
        )
        for each in PERSONAS
    )
    return (*personas, UNKNOWN_PERSON)


def local_client(service_url: str = "http://127.0.0.1:8000") -> Client:
    """The service running locally (scripts/serve), registered under the default credentials."""
    origins = {service_url.rstrip("/"), service_url.rstrip("/").replace("127.0.0.1", "localhost")}
    return Client(
        client_id=DEFAULT_CLIENT_ID,
        client_secret=DEFAULT_CLIENT_SECRET,
        redirect_uris=tuple(sorted(f"{origin}/auth/callback" for origin in origins)),
        post_logout_redirect_uris=tuple(sorted(f"{origin}/signed-out" for origin in origins)),
    )


def _with_query(url: str, params: dict[str, str]) -> str:
    # Keep any query the registered URI already has (OAuth 2.0 allows one), then add ours.
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query), *params.items()])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _json(data: dict, status_code: int = 200, **headers: str) -> Response:
    # RFC 6749 5.1: token responses must not be cached; nothing here should be.
    return Response(
        content=json.dumps(data).encode(),
        status_code=status_code,
        media_type=MediaType.JSON,
        headers={"Cache-Control": "no-store", "Pragma": "no-cache", **headers},
    )


def _oauth_error(error: str, description: str, status_code: int = 400, **headers: str) -> Response:
    return _json({"error": error, "error_description": description}, status_code, **headers)


def _html(title: str, body: str, status_code: int = 200) -> Response:
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} - Local DfE Sign-in</title>
<style>
body {{ font-family: Arial, sans-serif; margin: 0; color: #0b0c0c; }}
header {{ background: #0b0c0c; color: #fff; padding: 10px 30px; font-weight: bold; }}
main {{ max-width: 640px; margin: 30px; }}
button {{ font-size: 1rem; padding: 8px 12px; margin: 4px 0; cursor: pointer; }}
input {{ font-size: 1rem; padding: 6px; width: 20em; }}
li {{ list-style: none; margin-bottom: 8px; }}
ul {{ padding: 0; }}
</style>
</head>
<body>
<header>Local DfE Sign-in (for development only)</header>
<main>
<h1>{html.escape(title)}</h1>
{body}
</main>
</body>
</html>"""
    return Response(
        content=document.encode(),
        status_code=status_code,
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store"},
    )


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        return None
    # RFC 6749 2.3.1: both parts are form-encoded before being joined.
    return unquote(client_id), unquote(secret)


class LocalProvider:
    """The provider's state (keys, clients, accounts, codes, tokens) and its ASGI app."""

    def __init__(
        self,
        issuer: str,
        clients: tuple[Client, ...],
        accounts: tuple[Account, ...] | None = None,
        *,
        token_endpoint_auth_methods: tuple[str, ...] = (
            "client_secret_basic",
            "client_secret_post",
        ),
        profile_in_id_token: bool = False,
        end_session: bool = True,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.clients = {each.client_id: each for each in clients}
        self.accounts = list(default_accounts() if accounts is None else accounts)
        self.token_endpoint_auth_methods = token_endpoint_auth_methods
        # OpenID Connect Core 5.4: with an access token, profile claims belong to userinfo; some
        # providers put them in the ID token as well.
        self.profile_in_id_token = profile_in_id_token
        self.end_session = end_session
        self.faults = Faults()
        self.now = now
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
        self.key.ensure_kid()
        self._foreign_key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid})
        self._interactions: dict[str, _AuthorizationRequest] = {}
        self._codes: dict[str, _Grant] = {}
        self._access_tokens: dict[str, _AccessToken] = {}
        self.token_requests: list[str] = []  # client authentication method of each token request
        self.userinfo_requests = 0
        self.metadata()  # fail at start, not at the first request, if the issuer cannot work
        self.app = self._build_app()

    # Discovery and keys

    def metadata(self) -> dict:
        """The OpenID Provider Metadata served at /.well-known/openid-configuration."""
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/.well-known/jwks.json",
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": list(self.token_endpoint_auth_methods),
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash"]
            + UserInfo.SCOPES_CLAIMS_MAPPING["email"]
            + ["name", "given_name", "family_name"],
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.issuer}/logout"
        OpenIDProviderMetadata(document).validate()
        return document

    def jwks(self) -> dict:
        """The public signing key as a JSON Web Key Set."""
        return {"keys": [self.key.as_dict(private=False)]}

    def rotate_key(self) -> None:
        """Sign with a new key from now on, as providers do from time to time."""
        self.key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
        self.key.ensure_kid()
        self._foreign_key = RSAKey.generate_key(2048, parameters={"kid": self.key.kid})

    # The authorization endpoint

    def _check_client(self, client_id: str, redirect_uri: str) -> Client | None:
        # RFC 6749 4.1.2.1: with an unknown client or redirect URI, never redirect anywhere.
        client = self.clients.get(client_id)
        if client is None or redirect_uri not in client.redirect_uris:
            return None
        return client

    def _authorization_problem(self, params: dict[str, str]) -> tuple[str, str] | None:
        if params.get("response_type") != "code":
            return "unsupported_response_type", "Only the authorization code flow is supported."
        if "openid" not in params.get("scope", "").split():
            return "invalid_scope", "The openid scope is required."
        challenge = params.get("code_challenge", "")
        if params.get("code_challenge_method") != "S256" or not 43 <= len(challenge) <= 128:
            return "invalid_request", "PKCE with code_challenge_method S256 is required."
        return None

    def _begin(self, params: dict[str, str]) -> Response:
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        if self._check_client(client_id, redirect_uri) is None:
            return _html(
                "Sorry, this service is not registered",
                "<p>The client ID or redirect URI is not registered with this provider.</p>",
                status_code=400,
            )
        problem = self._authorization_problem(params)
        if problem:
            error, description = problem
            return self._redirect(
                redirect_uri,
                {
                    "error": error,
                    "error_description": description,
                    "state": params.get("state", ""),
                },
            )
        self._forget_expired()
        interaction = secrets.token_urlsafe(24)
        self._interactions[interaction] = _AuthorizationRequest(
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=params.get("scope", ""),
            state=params.get("state", ""),
            nonce=params.get("nonce", ""),
            code_challenge=params["code_challenge"],
            expires_at=self.now() + INTERACTION_SECONDS,
        )
        return self._choose_account_page(interaction)

    def _choose_account_page(self, interaction: str) -> Response:
        action = f"/authorize/{interaction}"
        accounts = "\n".join(
            f'<li><form method="post" action="{action}">'
            f'<button type="submit" name="account" value="{html.escape(each.sub)}">'
            f"Sign in as {html.escape(each.name)} ({html.escape(each.email)})</button></form></li>"
            for each in self.accounts
        )
        body = f"""<p>This stands in for DfE Sign-in. Choose who to sign in as.</p>
<ul>
{accounts}
</ul>
<h2>Someone else</h2>
<form method="post" action="{action}">
<p><label for="email">Email address</label></p>
<p><input id="email" name="email" type="email" autocomplete="off" spellcheck="false"></p>
<button type="submit" name="account" value="by-email">Sign in with this email address</button>
</form>
<h2>Do not sign in</h2>
<form method="post" action="{action}">
<button type="submit" name="cancel" value="yes">Cancel and go back to the service</button>
</form>"""
        return _html("Sign in", body)

    def _finish(self, interaction: str, form: dict[str, str]) -> Response:
        request = self._interactions.pop(interaction, None)
        if request is None or request.expires_at <= self.now():
            return _html(
                "Sorry, that sign-in has expired",
                "<p>Go back to the service and start signing in again.</p>",
                status_code=400,
            )
        if form.get("cancel"):
            return self._redirect(
                request.redirect_uri,
                {
                    "error": "access_denied",
                    "error_description": "The user cancelled signing in.",
                    "state": request.state,
                },
            )
        account = self._chosen_account(form)
        if account is None:
            self._interactions[interaction] = request  # let them choose again
            return self._choose_account_page(interaction)
        code = secrets.token_urlsafe(32)
        now = self.now()
        self._codes[code] = _Grant(
            request=request, account=account, auth_time=int(now), expires_at=now + CODE_SECONDS
        )
        return self._redirect(request.redirect_uri, {"code": code, "state": request.state})

    def _chosen_account(self, form: dict[str, str]) -> Account | None:
        chosen = form.get("account", "")
        if chosen == "by-email":
            email = form.get("email", "").strip()
            return account_for_email(email) if "@" in email else None
        return next((each for each in self.accounts if each.sub == chosen), None)

    @staticmethod
    def _redirect(uri: str, params: dict[str, str]) -> Response:
        kept = {name: value for name, value in params.items() if value}
        return Response(
            content=b"",
            status_code=303,
            headers={"Location": _with_query(uri, kept), "Cache-Control": "no-store"},
        )

    def _forget_expired(self) -> None:
        now = self.now()
        for table in (self._interactions, self._codes, self._access_tokens):
            for key in [key for key, value in table.items() if value.expires_at <= now]:
                del table[key]

    # The token endpoint

    def _authenticate(self, authorization: str, form: dict[str, str]) -> tuple[Client | None, str]:
        basic = _basic_credentials(authorization) if authorization else None
        posted = form.get("client_secret")
        if basic and posted:
            return None, "several"  # RFC 6749 2.3: one authentication method per request
        if basic:
            method, (client_id, secret) = "client_secret_basic", basic
        elif posted is not None:
            method, client_id, secret = "client_secret_post", form.get("client_id", ""), posted
        else:
            return None, "none"
        client = self.clients.get(client_id)
        if (
            client is None
            or method not in self.token_endpoint_auth_methods
            or not hmac.compare_digest(secret.encode(), client.client_secret.encode())
        ):
            return None, method
        return client, method

    def _token(self, authorization: str, form: dict[str, str]) -> Response:
        client, method = self._authenticate(authorization, form)
        self.token_requests.append(method)
        if client is None:
            return _oauth_error(
                "invalid_client",
                "Client authentication failed.",
                401,
                **{"WWW-Authenticate": 'Basic realm="local-oidc"'},
            )
        if form.get("grant_type") != "authorization_code":
            return _oauth_error("unsupported_grant_type", "Only authorization_code is supported.")
        grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if (
            grant is None
            or grant.expires_at <= self.now()
            or grant.request.client_id != client.client_id
            or grant.request.redirect_uri != form.get("redirect_uri")
        ):
            return _oauth_error("invalid_grant", "The code is unknown, used, expired or not yours.")
        verifier = form.get("code_verifier", "")
        if not (
            43 <= len(verifier) <= 128
            and set(verifier) <= _VERIFIER_CHARACTERS
            and hmac.compare_digest(
                create_s256_code_challenge(verifier), grant.request.code_challenge
            )
        ):
            return _oauth_error("invalid_grant", "The code_verifier does not match (PKCE).")
        access_token = secrets.token_urlsafe(32)
        self._access_tokens[access_token] = _AccessToken(
            account=grant.account,
            scope=grant.request.scope,
            expires_at=self.now() + TOKEN_SECONDS,
        )
        return _json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": TOKEN_SECONDS,
                "scope": grant.request.scope,
                "id_token": self.id_token(grant, access_token),
            }
        )

    def id_token(self, grant: _Grant, access_token: str) -> str:
        """An RS256 ID token for the grant, bent by any faults that are switched on."""
        now = int(self.now())
        faults = self.faults
        claims = {
            "iss": "https://somewhere-else.example" if faults.wrong_issuer else self.issuer,
            "sub": grant.account.sub,
            "aud": "someone-else" if faults.wrong_audience else grant.request.client_id,
            "iat": now - 3600 if faults.expired else now,
            "exp": now - 600 if faults.expired else now + TOKEN_SECONDS,
            "auth_time": grant.auth_time,
            "at_hash": create_half_hash(access_token, "RS256").decode(),
        }
        if grant.request.nonce:
            claims["nonce"] = (
                "not-the-nonce-you-sent" if faults.wrong_nonce else grant.request.nonce
            )
        if self.profile_in_id_token:
            claims.update(self._claims(grant.account, grant.request.scope))
        if faults.unsigned:
            header = urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').decode()
            payload = urlsafe_b64encode(json.dumps(claims).encode()).decode()
            return f"{header}.{payload}."
        key = self._foreign_key if faults.foreign_signature else self.key
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, key)

    def _claims(self, account: Account, scope: str) -> dict:
        everything = UserInfo(
            sub=account.sub,
            email=account.email,
            email_verified=not self.faults.unverified_email,
            name=account.name,
            given_name=account.given_name,
            family_name=account.family_name,
        )
        return dict(everything.filter(scope))

    # Userinfo and logout

    def _userinfo(self, authorization: str) -> Response:
        scheme, _, token = authorization.partition(" ")
        issued = self._access_tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if issued is None or issued.expires_at <= self.now():
            return _oauth_error(
                "invalid_token",
                "The access token is unknown or expired.",
                401,
                **{"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        self.userinfo_requests += 1
        claims = self._claims(issued.account, issued.scope)
        if self.faults.other_userinfo_subject:
            claims["sub"] = UNKNOWN_PERSON.sub
        return _json(claims)

    def _logout(self, params: dict[str, str]) -> Response:
        target = params.get("post_logout_redirect_uri", "")
        client = self.clients.get(self._hinted_client(params.get("id_token_hint", "")) or "")
        client = client or self.clients.get(params.get("client_id", ""))
        # RP-Initiated Logout 3: only redirect to a URI registered for the client.
        if target and client and target in client.post_logout_redirect_uris:
            return self._redirect(target, {"state": params.get("state", "")})
        return _html("You have signed out", "<p>You have signed out of local DfE Sign-in.</p>")

    def _hinted_client(self, id_token_hint: str) -> str | None:
        # An expired ID token is still a fine hint (RP-Initiated Logout 2), so only check the
        # signature and issuer.
        try:
            token = jwt.decode(id_token_hint, self.key, registry=JWSRegistry(algorithms=["RS256"]))
        except (JoseError, ValueError):
            return None
        if token.claims.get("iss") != self.issuer:
            return None
        audience = token.claims.get("aud")
        return audience[0] if isinstance(audience, list) and audience else audience

    # The ASGI app

    def _build_app(self) -> Litestar:
        provider = self

        @get("/.well-known/openid-configuration", sync_to_thread=False)
        def configuration() -> Response:
            return _json(provider.metadata())

        @get("/.well-known/jwks.json", sync_to_thread=False)
        def jwks() -> Response:
            return _json(provider.jwks())

        @get("/authorize")
        async def authorize(request: Request) -> Response:
            return provider._begin(dict(request.query_params))

        @post("/authorize/{interaction:str}", status_code=303)
        async def choose(request: Request, interaction: FromPath[str]) -> Response:
            form = await request.form()
            return provider._finish(interaction, {name: str(form.get(name)) for name in form})

        @post("/token", status_code=200)
        async def token(request: Request) -> Response:
            form = await request.form()
            return provider._token(
                request.headers.get("authorization", ""),
                {name: str(form.get(name)) for name in form},
            )

        @get("/userinfo")
        async def userinfo(request: Request) -> Response:
            return provider._userinfo(request.headers.get("authorization", ""))

        @get("/logout")
        async def logout(request: Request) -> Response:
            return provider._logout(dict(request.query_params))

        return Litestar(
            route_handlers=[configuration, jwks, authorize, choose, token, userinfo, logout],
            logging_config=None,
            debug=False,
        )


@contextmanager
def running_provider(
    clients: Callable[[str], tuple[Client, ...]] | tuple[Client, ...],
    host: str = "127.0.0.1",
    port: int = 0,
    **options,
) -> Iterator[LocalProvider]:
    """A provider served by uvicorn in a background thread; port 0 picks a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    issuer = f"http://{host}:{sock.getsockname()[1]}"
    provider = LocalProvider(issuer, clients(issuer) if callable(clients) else clients, **options)
    server = uvicorn.Server(
        uvicorn.Config(provider.app, log_level="warning", access_log=False, lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("The local OpenID provider did not start")
        time.sleep(0.01)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def main(argv: list[str] | None = None) -> None:
    """Serve the provider for a locally running service."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--service-url",
        default="http://127.0.0.1:8000",
        help="where the service runs; its /auth/callback and /signed-out are registered",
    )
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    args = parser.parse_args(argv)
    issuer = f"http://{args.host}:{args.port}"
    client = msgspec.structs.replace(
        local_client(args.service_url),
        client_id=args.client_id,
        client_secret=args.client_secret,
    )
    provider = LocalProvider(issuer, (client,))
    print(f"Local DfE Sign-in at {issuer}. Start the service with:")
    print(
        f"  OIDC_ISSUER_URL={issuer} OIDC_CLIENT_ID={client.client_id} "
        f"OIDC_CLIENT_SECRET={client.client_secret} scripts/serve"
    )
    uvicorn.run(provider.app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
