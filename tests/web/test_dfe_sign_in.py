"""Signing in with DfE Sign-in, end to end against the local OpenID provider on a real port."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import msgspec
import pytest

from db.personas import SINGLE_SCHOOL_URN
from devtools.local_oidc_provider import (
    Account,
    Client,
    Faults,
    LocalProvider,
    account_for_email,
    running_provider,
)
from tests.fixtures.client import shared_app
from tests.web.test_csrf import _add_colleague, _page_token, assert_refused_with_a_page
from tests.web.test_local_oidc_provider import choose_account, query_of
from web.integrations.dfe_sign_in import forget_provider_metadata, same_issuer

SERVICE = "http://testserver.local"
CLIENT = Client(
    client_id="claims-test",
    client_secret="claims-test-secret",
    redirect_uris=(f"{SERVICE}/auth/callback",),
    post_logout_redirect_uris=(f"{SERVICE}/signed-out",),
)
NO_ACCESS = "You do not have access to this service"
PROBLEM = "Sorry, there is a problem signing you in"


@pytest.fixture(scope="module")
def running() -> Iterator[LocalProvider]:
    with running_provider((CLIENT,)) as provider:
        yield provider


@pytest.fixture
def provider(running: LocalProvider) -> Iterator[LocalProvider]:
    """The provider, behaving itself unless a test says otherwise."""
    forget_provider_metadata()
    yield running
    running.faults = Faults()
    running.token_endpoint_auth_methods = ("client_secret_basic", "client_secret_post")
    running.profile_in_id_token = False
    running.end_session = True
    forget_provider_metadata()


@pytest.fixture
def personas() -> bool:
    """Persona sign-in is off, as in production, unless a test parametrizes it on."""
    return False


@pytest.fixture
def app(database, clock, provider, personas):
    """The service pointed at the local provider (overrides the shared app fixture)."""
    from web.settings import load_settings

    settings = msgspec.structs.replace(
        load_settings(),
        personas_enabled=personas,
        service_url=SERVICE,
        oidc_issuer_url=provider.issuer,
        oidc_client_id=CLIENT.client_id,
        oidc_client_secret=CLIENT.client_secret,
    )
    return shared_app(settings, clock)


def to_provider(client, next_path: str = "/schools") -> str:
    """Ask the service to sign in; the provider's authorization URL it sends the browser to."""
    sign_in = client.get(f"/sign-in?{urlencode({'next': next_path})}", follow_redirects=False)
    assert sign_in.status_code == 303
    start = client.get(sign_in.headers["location"], follow_redirects=False)
    assert start.status_code == 303
    return start.headers["location"]


def sign_in_with(
    client, provider: LocalProvider, button: str, email: str = "", next_path: str = "/schools"
) -> httpx.Response:
    """Go through DfE Sign-in pressing `button`; the service's answer to the callback."""
    authorize = to_provider(client, next_path)
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    chosen = choose_account(authorize, button, email)
    assert chosen.status_code == 303
    callback = chosen.headers["location"]
    assert callback.startswith(f"{SERVICE}/auth/callback?")
    return client.get(callback, follow_redirects=False)


def signed_in(client) -> bool:
    return client.get("/account", follow_redirects=False).status_code == 200


def in_app(client, query):
    """Run a database query on the app's event loop (a PostgreSQL pool belongs to one loop)."""

    async def run():
        return await query

    return client.blocking_portal.call(run)


def user_row(client, **where) -> dict | None:
    from db.tables import User

    ((name, value),) = where.items()
    columns = (User.id, User.email, User.dfe_sign_in_uid, User.last_signed_in_at)
    return in_app(client, User.select(*columns).where(getattr(User, name) == value).first())


def school_id(client, urn: str) -> int:
    from db.tables import School

    return in_app(client, School.select(School.id).where(School.urn == urn).first())["id"]


@pytest.fixture
def member_email(make) -> str:
    """The email of a new school's only user; made before the app starts, so ask for it first."""
    key = make.user(make.school(name="Email Match Primary School"))
    return f"{key}@example.org"


def test_the_authorization_request_uses_pkce_state_and_nonce(client, provider):
    params = query_of(to_provider(client))
    assert params["client_id"] == CLIENT.client_id
    assert params["redirect_uri"] == f"{SERVICE}/auth/callback"
    assert params["response_type"] == "code"
    assert set(params["scope"].split()) == {"openid", "email", "profile"}
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["state"] != params["nonce"]
    assert params["state"] != query_of(to_provider(client))["state"]


def test_the_return_address_is_the_services_own_not_the_host_a_proxy_sent(client, provider):
    # Behind a proxy the app may see an internal host and plain http.
    sign_in = client.get(
        "/sign-in/dfe-sign-in?next=/schools",
        headers={"host": "app.internal:8000"},
        follow_redirects=False,
    )
    assert query_of(sign_in.headers["location"])["redirect_uri"] == f"{SERVICE}/auth/callback"


def test_a_persona_signs_in_and_lands_on_their_school(client, provider, clock):
    callback = sign_in_with(client, provider, "Alex Morgan")
    assert callback.status_code == 303
    assert callback.headers["location"] == "/schools"
    school = client.get("/schools", follow_redirects=True)
    assert school.status_code == 200
    assert school.url.path.startswith(f"/schools/{school_id(client, SINGLE_SCHOOL_URN)}")
    assert "Adderley" in school.text
    row = user_row(client, email="alex.morgan@example.org")
    assert row["dfe_sign_in_uid"] == account_for_email("alex.morgan@example.org").sub
    assert row["last_signed_in_at"] == clock.now()


def test_coming_back_signed_in_starts_a_session_under_a_new_id(client, provider):
    authorize = to_provider(client)
    before = client.cookies["session"]  # the session that remembers the sign-in it started
    callback = choose_account(authorize, "Alex Morgan", "").headers["location"]
    assert client.get(callback, follow_redirects=False).status_code == 303
    assert client.cookies["session"] != before
    assert signed_in(client)
    client.cookies.set("session", before)
    assert not signed_in(client)


def test_coming_back_signed_in_gives_a_new_csrf_token(client, provider):
    authorize = to_provider(client)
    # The token of the session that started the sign-in, and the cookie it double-submits.
    before, cookie = _page_token(client), client.cookies["csrftoken"]
    callback = choose_account(authorize, "Alex Morgan", "").headers["location"]
    assert client.get(callback, follow_redirects=False).status_code == 303

    after = _page_token(client)

    assert after != before
    school = school_id(client, SINGLE_SCHOOL_URN)
    assert_refused_with_a_page(_add_colleague(client, school, before))
    assert_refused_with_a_page(_add_colleague(client, school, cookie))
    assert _add_colleague(client, school, after).status_code == 303


def test_signing_in_returns_the_user_where_they_were_going(client, provider):
    callback = sign_in_with(client, provider, "Jordan Taylor", next_path="/account?x=1")
    assert callback.headers["location"] == "/account?x=1"
    assert "Jordan Taylor" in client.get("/account").text


def test_a_school_page_sends_an_anonymous_user_through_dfe_sign_in_and_back(client, provider):
    target = f"/schools/{school_id(client, SINGLE_SCHOOL_URN)}"
    bounced = client.get(target, follow_redirects=False)
    assert bounced.status_code == 303
    start = client.get(bounced.headers["location"], follow_redirects=False)
    assert start.headers["location"].startswith("/sign-in/dfe-sign-in?next=")
    authorize = client.get(start.headers["location"], follow_redirects=False)
    chosen = choose_account(authorize.headers["location"], "Alex Morgan")
    callback = client.get(chosen.headers["location"], follow_redirects=False)
    assert callback.headers["location"] == target


def test_someone_without_an_account_has_no_access_and_no_account_is_made(client, provider):
    response = sign_in_with(client, provider, "Unknown Person")
    assert response.status_code == 403
    assert NO_ACCESS in response.text
    assert not signed_in(client)
    assert user_row(client, email="unknown.person@example.org") is None
    assert (
        user_row(client, dfe_sign_in_uid=account_for_email("unknown.person@example.org").sub)
        is None
    )


def test_a_user_with_no_schools_has_no_access(client, provider):
    response = sign_in_with(client, provider, "Robin Hughes", next_path="/schools/1/claims")
    assert response.headers["location"] == "/schools"
    page = client.get("/schools")
    assert page.status_code == 403
    assert NO_ACCESS in page.text


def test_a_user_is_found_by_email_once_then_by_their_dfe_sign_in_id(member_email, client, provider):
    email = member_email
    assert user_row(client, email=email)["dfe_sign_in_uid"] is None

    response = sign_in_with(client, provider, "with this email", email=email)
    assert response.headers["location"] == "/schools"
    uid = account_for_email(email).sub
    assert user_row(client, email=email)["dfe_sign_in_uid"] == uid
    assert "Email Match Primary School" in client.get("/schools", follow_redirects=True).text

    # Their DfE Sign-in email changes; the id still finds them.
    client.post_form("/sign-out")
    provider.accounts.append(
        Account(sub=uid, email="changed-" + email, given_name="Test", family_name="User")
    )
    try:
        again = sign_in_with(client, provider, "changed-" + email)
    finally:
        provider.accounts.pop()
    assert again.headers["location"] == "/schools"
    assert signed_in(client)


def test_an_email_already_linked_to_another_dfe_sign_in_account_is_not_taken_over(
    member_email, client, provider
):
    from db.tables import User

    email = member_email
    in_app(client, User.update({User.dfe_sign_in_uid: "SOMEONE-ELSE"}).where(User.email == email))
    response = sign_in_with(client, provider, "with this email", email=email)
    assert response.status_code == 403
    assert NO_ACCESS in response.text
    assert user_row(client, email=email)["dfe_sign_in_uid"] == "SOMEONE-ELSE"


def test_an_unverified_email_does_not_unlock_an_account(member_email, client, provider):
    email = member_email
    provider.faults = Faults(unverified_email=True)
    response = sign_in_with(client, provider, "with this email", email=email)
    assert response.status_code == 403
    assert user_row(client, email=email)["dfe_sign_in_uid"] is None


def test_a_tampered_state_is_refused(client, provider):
    chosen = choose_account(to_provider(client), "Alex Morgan")
    params = query_of(chosen.headers["location"])
    last = "y" if params["state"].endswith("x") else "x"
    tampered = {**params, "state": params["state"][:-1] + last}
    response = client.get(f"/auth/callback?{urlencode(tampered)}", follow_redirects=False)
    assert response.status_code == 400
    assert PROBLEM in response.text
    assert not signed_in(client)


def test_a_callback_works_once(client, provider):
    chosen = choose_account(to_provider(client), "Alex Morgan")
    assert client.get(chosen.headers["location"], follow_redirects=False).status_code == 303
    client.post_form("/sign-out")
    replayed = client.get(chosen.headers["location"], follow_redirects=False)
    assert replayed.status_code == 400
    assert not signed_in(client)


def test_a_callback_from_another_browser_is_refused(client, provider):
    chosen = choose_account(to_provider(client), "Alex Morgan")
    client.cookies.clear()  # the attacker's browser: it never started this sign-in
    response = client.get(chosen.headers["location"], follow_redirects=False)
    assert response.status_code == 400
    assert PROBLEM in response.text
    assert not signed_in(client)


def test_sign_ins_started_in_two_tabs_can_each_finish(client, provider):
    first = to_provider(client)
    second = to_provider(client)
    chosen = choose_account(first, "Alex Morgan")
    assert client.get(chosen.headers["location"], follow_redirects=False).status_code == 303
    assert query_of(first)["state"] != query_of(second)["state"]


def test_cancelling_at_dfe_sign_in_is_not_an_error(client, provider):
    response = sign_in_with(client, provider, "Cancel")
    assert response.status_code == 200
    assert "You have not signed in" in response.text
    assert not signed_in(client)


def test_an_error_from_the_provider_is_shown_as_a_page(client, provider):
    state = query_of(to_provider(client))["state"]
    query = urlencode({"error": "temporarily_unavailable", "state": state})
    response = client.get(f"/auth/callback?{query}", follow_redirects=False)
    assert response.status_code == 400
    assert PROBLEM in response.text


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("wrong_nonce", "'nonce'"),
        ("expired", "expired"),
        ("foreign_signature", "BadSignatureError"),
        ("unsigned", "'none' is not allowed"),
        ("wrong_audience", "'aud'"),
        ("wrong_issuer", "'iss'"),
        ("other_userinfo_subject", "userinfo is about a different subject"),
    ],
)
def test_an_untrustworthy_answer_is_refused(client, provider, caplog, fault, reason):
    provider.faults = Faults(**{fault: True})
    response = sign_in_with(client, provider, "Alex Morgan")
    assert response.status_code == 400
    assert PROBLEM in response.text
    assert not signed_in(client)
    assert reason in caplog.text


def test_profile_claims_in_the_id_token_need_no_userinfo_call(client, provider):
    provider.profile_in_id_token = True
    before = provider.userinfo_requests
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    assert provider.userinfo_requests == before
    assert signed_in(client)


def test_claims_from_userinfo_are_fetched_when_the_id_token_has_none(client, provider):
    before = provider.userinfo_requests
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    assert provider.userinfo_requests == before + 1


def test_the_client_authenticates_the_way_the_provider_offers(client, provider):
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    assert provider.token_requests[-1] == "client_secret_basic"
    client.post_form("/sign-out")
    provider.token_endpoint_auth_methods = ("client_secret_post",)
    forget_provider_metadata()
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    assert provider.token_requests[-1] == "client_secret_post"


def test_a_new_signing_key_is_fetched_when_the_provider_rotates(client, provider):
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    client.post_form("/sign-out")
    provider.rotate_key()
    assert sign_in_with(client, provider, "Alex Morgan").status_code == 303
    assert signed_in(client)


def test_signing_out_signs_out_of_dfe_sign_in_too(client, provider):
    sign_in_with(client, provider, "Alex Morgan")
    out = client.post_form("/sign-out", follow_redirects=False)
    assert out.status_code == 303
    logout = out.headers["location"]
    assert logout.startswith(f"{provider.issuer}/logout?")
    params = query_of(logout)
    assert params["post_logout_redirect_uri"] == f"{SERVICE}/signed-out"
    assert params["id_token_hint"].count(".") == 2
    back = httpx.get(logout, follow_redirects=False)
    assert back.status_code == 303
    assert back.headers["location"].startswith(f"{SERVICE}/signed-out")
    assert "You have signed out" in client.get(back.headers["location"]).text
    assert not signed_in(client)


def test_someone_with_no_access_can_sign_out_of_dfe_sign_in(client, provider):
    sign_in_with(client, provider, "Unknown Person")
    out = client.post_form("/sign-out", follow_redirects=False)
    assert out.headers["location"].startswith(f"{provider.issuer}/logout?")


def test_sign_out_stays_local_when_the_provider_has_no_end_session(client, provider):
    provider.end_session = False
    sign_in_with(client, provider, "Alex Morgan")
    out = client.post_form("/sign-out", follow_redirects=False)
    assert out.headers["location"] == "/signed-out"
    assert not signed_in(client)


@pytest.mark.parametrize("personas", [True])
def test_a_persona_sign_out_stays_local(client, provider, personas):
    client.sign_in("trust")
    assert signed_in(client)
    out = client.post_form("/sign-out", follow_redirects=False)
    assert out.headers["location"] == "/signed-out"


@pytest.mark.parametrize("personas", [True])
def test_with_personas_on_the_sign_in_page_also_offers_dfe_sign_in(client, provider, personas):
    page = client.get("/sign-in?next=/account")
    assert page.status_code == 200
    assert "Sign in as" in page.text
    assert 'href="/sign-in/dfe-sign-in?next=/account"' in page.text
    assert "Sign in with DfE Sign-in" in page.text
    start = client.get("/sign-in/dfe-sign-in?next=/account", follow_redirects=False)
    chosen = choose_account(start.headers["location"], "Alex Morgan")
    callback = client.get(chosen.headers["location"], follow_redirects=False)
    assert callback.headers["location"] == "/account"


def test_an_unreachable_provider_gets_a_page_not_a_crash(database, clock):
    from litestar.testing import TestClient

    from web.app import create_app
    from web.settings import load_settings

    with running_provider((CLIENT,)) as gone:
        issuer = gone.issuer  # a port that nothing listens on once the provider stops
    forget_provider_metadata()
    settings = msgspec.structs.replace(
        load_settings(),
        personas_enabled=False,
        oidc_issuer_url=issuer,
        oidc_client_id=CLIENT.client_id,
        oidc_client_secret=CLIENT.client_secret,
    )
    with TestClient(create_app(settings, clock=clock)) as client:
        response = client.get("/sign-in", follow_redirects=True)
    assert response.status_code == 503
    assert "Sorry, DfE Sign-in is not available" in response.text


def test_without_dfe_sign_in_its_routes_do_not_exist(database, clock):
    from litestar.testing import TestClient

    from web.app import create_app
    from web.settings import load_settings

    settings = msgspec.structs.replace(load_settings(), oidc_issuer_url="")
    with TestClient(create_app(settings, clock=clock)) as plain:
        assert plain.get("/sign-in/dfe-sign-in").status_code == 404
        assert plain.get("/auth/callback?code=x&state=y").status_code == 404
        assert "Sign in with DfE Sign-in" not in plain.get("/sign-in").text
    off = msgspec.structs.replace(settings, personas_enabled=False)
    with TestClient(create_app(off, clock=clock)) as nothing:
        assert nothing.get("/sign-in").status_code == 404


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("https://oidc.signin.education.gov.uk", "https://oidc.signin.education.gov.uk:443", True),
        ("https://oidc.signin.education.gov.uk/", "https://oidc.signin.education.gov.uk", True),
        ("http://127.0.0.1:8100", "http://127.0.0.1:8100/", True),
        ("https://oidc.signin.education.gov.uk", "https://pp-oidc.signin.education.gov.uk", False),
        ("https://oidc.example", "http://oidc.example", False),
        ("https://oidc.example:8443", "https://oidc.example", False),
        ("https://oidc.example/tenant-a", "https://oidc.example/tenant-b", False),
    ],
)
def test_issuers_compare_by_what_they_name(left, right, same):
    assert same_issuer(left, right) is same


def test_a_discovery_document_for_another_issuer_is_not_used(database, clock, provider, caplog):
    from litestar.testing import TestClient

    from web.app import create_app
    from web.settings import load_settings

    impostor = provider.issuer.replace("127.0.0.1", "localhost")
    settings = msgspec.structs.replace(
        load_settings(),
        personas_enabled=False,
        oidc_issuer_url=impostor,
        oidc_client_id=CLIENT.client_id,
        oidc_client_secret=CLIENT.client_secret,
    )
    with TestClient(create_app(settings, clock=clock)) as client:
        response = client.get("/sign-in", follow_redirects=True)
    assert response.status_code == 503
    assert "discovery document is for issuer" in caplog.text
