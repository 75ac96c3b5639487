"""The local OpenID provider follows the protocol: checked over real HTTP, as a client would."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urljoin, urlsplit

import html5lib
import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.jwk import KeySet

from devtools.local_oidc_provider import (
    Client,
    LocalProvider,
    account_for_email,
    running_provider,
)

REDIRECT_URI = "http://rp.example/callback"
CLIENT = Client(
    client_id="test-client",
    client_secret="test-secret",
    redirect_uris=(REDIRECT_URI,),
    post_logout_redirect_uris=("http://rp.example/signed-out",),
)
VERIFIER = "v" * 43 + "erifier-with-enough-length"


def choose_account(authorize_url: str, button: str, email: str = "") -> httpx.Response:
    """Open the provider's sign-in page and press the button whose text contains `button`."""
    with httpx.Client(timeout=10) as browser:
        page = browser.get(authorize_url)
        assert page.status_code == 200, page.text
        document = html5lib.parse(page.text, namespaceHTMLElements=False)
        for form in document.iter("form"):
            for pressed in form.iter("button"):
                if button in "".join(pressed.itertext()):
                    data = {
                        field.get("name"): field.get("value", "")
                        for field in form.iter("input")
                        if field.get("name")
                    }
                    if "email" in data:
                        data["email"] = email
                    data[pressed.get("name")] = pressed.get("value", "")
                    return browser.post(
                        urljoin(authorize_url, form.get("action")),
                        data=data,
                        follow_redirects=False,
                    )
    raise AssertionError(f"no button containing {button!r} on the provider's page")


def query_of(url: str) -> dict[str, str]:
    """A URL's query parameters, one value each."""
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture(scope="module")
def running() -> Iterator[LocalProvider]:
    with running_provider((CLIENT,)) as provider:
        yield provider


@pytest.fixture
def provider(running: LocalProvider) -> Iterator[LocalProvider]:
    yield running
    running.faults = type(running.faults)()
    running.token_endpoint_auth_methods = ("client_secret_basic", "client_secret_post")


def authorize_url(provider: LocalProvider, **overrides: str) -> str:
    params = {
        "client_id": CLIENT.client_id,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid email profile",
        "state": "the-state",
        "nonce": "the-nonce",
        "code_challenge": create_s256_code_challenge(VERIFIER),
        "code_challenge_method": "S256",
        **overrides,
    }
    return str(httpx.URL(f"{provider.issuer}/authorize", params=params))


def code_for(provider: LocalProvider, button: str = "Alex Morgan", **overrides: str) -> str:
    response = choose_account(authorize_url(provider, **overrides), button)
    assert response.status_code == 303
    params = query_of(response.headers["location"])
    assert params["state"] == overrides.get("state", "the-state")
    return params["code"]


def exchange(provider: LocalProvider, code: str, **overrides) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": VERIFIER,
        "client_id": CLIENT.client_id,
        "client_secret": CLIENT.client_secret,
        **overrides,
    }
    return httpx.post(f"{provider.issuer}/token", data={k: v for k, v in data.items() if v})


def test_discovery_names_every_endpoint_under_the_issuer(provider):
    document = httpx.get(f"{provider.issuer}/.well-known/openid-configuration").json()
    assert document["issuer"] == provider.issuer
    for endpoint in ("authorization", "token", "userinfo", "end_session"):
        assert document[f"{endpoint}_endpoint"].startswith(provider.issuer + "/")
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    keys = httpx.get(document["jwks_uri"]).json()["keys"]
    assert [(key["kty"], key["kid"]) for key in keys] == [("RSA", provider.key.kid)]
    assert "d" not in keys[0], "the JWKS must not publish the private key"


def test_a_code_becomes_a_signed_id_token_for_the_chosen_account(provider):
    response = exchange(provider, code_for(provider))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    tokens = response.json()
    keys = KeySet.import_key_set(httpx.get(f"{provider.issuer}/.well-known/jwks.json").json())
    claims = jwt.decode(tokens["id_token"], keys, algorithms=["RS256"]).claims
    alex = account_for_email("alex.morgan@example.org")
    assert claims["iss"] == provider.issuer
    assert claims["aud"] == CLIENT.client_id
    assert claims["sub"] == alex.sub
    assert claims["nonce"] == "the-nonce"
    assert claims["iat"] <= time.time() < claims["exp"]
    assert claims["at_hash"] == create_half_hash(tokens["access_token"], "RS256").decode()
    assert "email" not in claims  # profile claims come from userinfo (OpenID Connect Core 5.4)

    userinfo = httpx.get(
        f"{provider.issuer}/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    assert userinfo == {
        "sub": alex.sub,
        "email": "alex.morgan@example.org",
        "email_verified": True,
        "name": "Alex Morgan",
        "given_name": "Alex",
        "family_name": "Morgan",
    }


def test_client_secret_basic_authenticates_too(provider):
    credentials = base64.b64encode(b"test-client:test-secret").decode()
    response = httpx.post(
        f"{provider.issuer}/token",
        headers={"Authorization": f"Basic {credentials}"},
        data={
            "grant_type": "authorization_code",
            "code": code_for(provider),
            "redirect_uri": REDIRECT_URI,
            "code_verifier": VERIFIER,
        },
    )
    assert response.status_code == 200
    assert provider.token_requests[-1] == "client_secret_basic"


@pytest.mark.parametrize(
    "overrides",
    [
        {"client_secret": "wrong"},
        {"client_id": "someone-else"},
        {"client_secret": ""},
    ],
)
def test_the_token_endpoint_refuses_an_unauthenticated_client(provider, overrides):
    response = exchange(provider, code_for(provider), **overrides)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_two_client_authentication_methods_at_once_are_refused(provider):
    credentials = base64.b64encode(b"test-client:test-secret").decode()
    response = httpx.post(
        f"{provider.issuer}/token",
        headers={"Authorization": f"Basic {credentials}"},
        data={
            "grant_type": "authorization_code",
            "code": code_for(provider),
            "redirect_uri": REDIRECT_URI,
            "code_verifier": VERIFIER,
            "client_secret": "test-secret",
        },
    )
    assert response.status_code == 401


def test_an_authentication_method_the_provider_does_not_offer_is_refused(provider):
    provider.token_endpoint_auth_methods = ("client_secret_basic",)
    assert exchange(provider, code_for(provider)).status_code == 401


@pytest.mark.parametrize(
    "overrides",
    [
        {"code_verifier": "w" * 43},  # PKCE: not the verifier behind the challenge
        {"code_verifier": ""},
        {"code_verifier": VERIFIER + "!"},  # not unreserved characters
        {"redirect_uri": "http://rp.example/other"},
        {"grant_type": "password"},
    ],
)
def test_the_token_endpoint_refuses_a_bad_grant(provider, overrides):
    response = exchange(provider, code_for(provider), **overrides)
    assert response.status_code == 400
    assert response.json()["error"] in {"invalid_grant", "unsupported_grant_type"}


def test_a_code_works_once(provider):
    code = code_for(provider)
    assert exchange(provider, code).status_code == 200
    assert exchange(provider, code).json()["error"] == "invalid_grant"


def test_a_code_expires():
    moment = [time.time()]
    with running_provider((CLIENT,), now=lambda: moment[0]) as provider:
        code = code_for(provider)
        moment[0] += 61
        response = exchange(provider, code)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_unregistered_client_or_redirect_uri_is_never_redirected_to(provider):
    for overrides in ({"client_id": "nobody"}, {"redirect_uri": "http://evil.example/cb"}):
        response = httpx.get(authorize_url(provider, **overrides), follow_redirects=False)
        assert response.status_code == 400
        assert "location" not in response.headers


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": ""}, "invalid_request"),
        ({"scope": "email"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_a_bad_authorization_request_goes_back_with_an_error(provider, overrides, error):
    response = httpx.get(authorize_url(provider, **overrides), follow_redirects=False)
    assert response.status_code == 303
    params = query_of(response.headers["location"])
    assert response.headers["location"].startswith(REDIRECT_URI + "?")
    assert params["error"] == error
    assert params["state"] == "the-state"


def test_cancelling_goes_back_with_access_denied(provider):
    response = choose_account(authorize_url(provider), "Cancel")
    params = query_of(response.headers["location"])
    assert params == {
        "error": "access_denied",
        "error_description": "The user cancelled signing in.",
        "state": "the-state",
    }


def test_anyone_can_sign_in_by_email_with_a_stable_subject(provider):
    response = choose_account(authorize_url(provider), "with this email", email="Jo.Bloggs@X.org")
    tokens = exchange(provider, query_of(response.headers["location"])["code"]).json()
    userinfo = httpx.get(
        f"{provider.issuer}/userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()
    assert userinfo["email"] == "jo.bloggs@x.org"
    assert (userinfo["given_name"], userinfo["family_name"]) == ("Jo", "Bloggs")
    assert userinfo["sub"] == account_for_email("jo.bloggs@x.org").sub


def test_userinfo_needs_a_live_access_token(provider):
    for header in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Basic abc"}):
        response = httpx.get(f"{provider.issuer}/userinfo", headers=header)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_logout_returns_only_to_a_registered_address(provider):
    id_token = exchange(provider, code_for(provider)).json()["id_token"]
    back = httpx.get(
        f"{provider.issuer}/logout",
        params={
            "id_token_hint": id_token,
            "post_logout_redirect_uri": "http://rp.example/signed-out",
            "state": "bye",
        },
    )
    assert back.status_code == 303
    assert back.headers["location"] == "http://rp.example/signed-out?state=bye"
    elsewhere = httpx.get(
        f"{provider.issuer}/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": "http://evil.example/"},
    )
    assert elsewhere.status_code == 200
    assert "You have signed out" in elsewhere.text


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("wrong_nonce", lambda claims: claims["nonce"] != "the-nonce"),
        ("expired", lambda claims: claims["exp"] < time.time()),
        ("wrong_audience", lambda claims: claims["aud"] != CLIENT.client_id),
        ("wrong_issuer", lambda claims: claims["iss"] != "http://127.0.0.1"),
    ],
)
def test_faults_bend_the_id_token(provider, fault, check):
    provider.faults = type(provider.faults)(**{fault: True})
    id_token = exchange(provider, code_for(provider)).json()["id_token"]
    keys = KeySet.import_key_set(provider.jwks())
    assert check(jwt.decode(id_token, keys, algorithms=["RS256"]).claims)


def test_a_foreign_signature_does_not_verify_with_the_published_keys(provider):
    provider.faults = type(provider.faults)(foreign_signature=True)
    id_token = exchange(provider, code_for(provider)).json()["id_token"]
    keys = KeySet.import_key_set(provider.jwks())
    with pytest.raises(Exception, match="signature"):
        jwt.decode(id_token, keys, algorithms=["RS256"])
