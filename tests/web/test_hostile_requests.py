"""Hostile values in every form field, query parameter and path id of every route.

The routes come from the app itself and the field names from the templates, so a new page is
fuzzed as soon as it exists. Whatever is sent, signed in or not: no server error, nothing sent
reflected unescaped, and a refused request (an error page or a form with errors) writes nothing.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import msgspec
import pytest
from litestar.routes import HTTPRoute

import web.steps
from db.piccolo_app import APP_CONFIG
from db.tables import Claim, MailboxMessage
from tests.fixtures.claim_journey import journey_school, run_in_app, start_claim
from tests.fixtures.client import TODAY, ServiceClient
from tests.fixtures.factories import new_user

pytestmark = pytest.mark.db

TEMPLATES = Path(__file__).parents[2] / "web" / "templates"
FUZZED_METHODS = ("GET", "POST")

SCRIPT = '"><script>alert("hostile")</script><b onmouseover=alert(1)>x</b>'
# Markup that must never come back as markup.
REFLECTED = ('<script>alert("hostile")', "<b onmouseover")
CONTROL = "\x00a\x01\x08\x1b[31m\x7f\x85b\u202e"
LONG = "x" * 10_000
TEXT = [
    "",
    " \t  ",
    LONG,
    "👩‍🏫 Zoë ✓ 中文",
    CONTROL,
    "' OR '1'='1' --",
    SCRIPT,
    "-1",
    "1.5",
    str(2**64),
]
IDS = ["0", "-1", str(2**31), str(2**64), "%00"]
# Signed out, every school page sends the user to sign in before reading anything.
SIGNED_OUT_TEXT = [SCRIPT, CONTROL, LONG]
SIGNED_OUT_IDS = [str(2**31), "%00"]
HTMX_TEXT = [SCRIPT, CONTROL, LONG]


def _form_fields() -> list[str]:
    """Every field name the templates render and the journey's steps read."""
    names = {
        field.name
        for module in pkgutil.iter_modules(web.steps.__path__)
        if hasattr(step := importlib.import_module(f"web.steps.{module.name}"), "Form")
        for field in msgspec.structs.fields(step.Form)
    }
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        names.update(re.findall(r'\bname="([\w-]+)"', text))
        names.update(re.findall(r'"name":\s*"([\w-]+)"', text))
    return sorted(names - {"_csrf_token"})


FIELDS = _form_fields()


def _settings():
    """Research mode on, so that its pages are fuzzed too."""
    from web.settings import load_settings

    return load_settings({**os.environ, "RESEARCH_MODE": "true"})


def _routes() -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(method, path template, path parameter names, query parameter names) of every route."""
    from web.app import create_app

    found = []
    for route in create_app(_settings()).routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, (_, kwargs) in route.route_handler_map.items():
            if method in FUZZED_METHODS:
                queries = tuple(sorted(each.field_alias for each in kwargs.expected_query_params))
                found.append((method, route.path, tuple(route.path_parameters), queries))
    return sorted(found)


ROUTES = _routes()


class World:
    """A school of the fuzz's own, with one of everything a path can name."""

    def __init__(self, client: ServiceClient) -> None:
        db = run_in_app(client)
        self.school = db(journey_school)
        self.colleague, _ = db(new_user, self.school.school_id, first_name="Colleague")
        self.client = client
        self.sign_in()
        claim = start_claim(client, self.school)
        self.message = db(_mailbox_message)
        self.valid = {
            "school_id": str(self.school.school_id),
            "claim_id": claim.rsplit("/", 1)[1],
            "mentor_id": str(self.school.mentors["Hopper"]),
            "user_id": str(self.colleague),
            "message_id": str(self.message),
            # A seeded claim window: the support console's pages are a 404 to this school user.
            "window_id": "1",
            # A download link the service never signed: the page saying it is not valid.
            "token": "forged.0000",
            # A payment action on a claim: the console's, so a 404 to this school user.
            "action": "paid",
            "file_id": "1",
            "step": "mentors",
            "file_path": "app.js",
            "code": self._research_session(),
        }
        self.db = db

    def _research_session(self) -> str:
        response = self.client.post_form(
            "/research/sessions", {"scenario": "first-claim"}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].split("/")[3].split("?")[0]

    def sign_in(self) -> None:
        """Sign in as the school's user."""
        self.client.cookies.clear()
        assert self.client.sign_in(self.school.user_key).status_code == 303

    def sign_out(self) -> None:
        """Forget the session, keeping a CSRF token."""
        self.client.cookies.clear()
        self.client.csrf_token()

    def rows(self) -> dict[str, int]:
        """How many rows every table holds."""
        counts = ", ".join(
            f'(SELECT count(*) FROM "{table._meta.tablename}") AS "{table._meta.tablename}"'
            for table in APP_CONFIG.table_classes
        )
        return self.db(Claim.raw(f"SELECT {counts}").run)[0]


async def _mailbox_message() -> int:
    rows = await MailboxMessage.insert(
        MailboxMessage(
            kind="colleague_added",
            to_address="fuzz@example.org",
            subject="A message to fuzz",
            body="Hello",
            created_at=TODAY,
        )
    ).returning(MailboxMessage.id)
    return rows[0]["id"]


@pytest.fixture(scope="module")
def world(database):
    """The app, a client without the page checker (speed: thousands of pages), and its data."""
    from tests.fixtures.client import FixedClock
    from web.app import create_app

    with ServiceClient(create_app(_settings(), clock=FixedClock())) as client:
        yield World(client)


def _path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda match: values[match.group(1)], template)


def _requests(world: World, method: str, template: str, params, queries, signed_in: bool):
    """(description, request arguments) for each hostile request to one route."""
    valid = _path(template, world.valid)
    texts, ids = (TEXT, IDS) if signed_in else (SIGNED_OUT_TEXT, SIGNED_OUT_IDS)
    for name in params:
        for value in ids if name.endswith("_id") else texts:
            encoded = value if name.endswith("_id") else quote(value[:200], safe="")
            path = _path(template, {**world.valid, name: encoded})
            yield f"{name}={value[:20]!r}", {"url": path}
    for value in texts:
        query = dict.fromkeys(queries or ("q",), value)
        if method == "GET":
            yield f"query {value[:20]!r}", {"url": valid, "params": query}
            if value in HTMX_TEXT:
                yield (
                    f"htmx query {value[:20]!r}",
                    {
                        "url": valid,
                        "params": query,
                        "headers": {"HX-Request": "true"},
                    },
                )
        else:
            form = {**dict.fromkeys(FIELDS, value), "_csrf_token": world.client.csrf_token()}
            yield f"form {value[:20]!r}", {"url": valid, "params": query, "data": form}
    if method == "POST":
        token = {"x-csrftoken": world.client.csrf_token()}
        duplicated = [(field, value) for field in FIELDS for value in ("1", SCRIPT)]
        yield (
            "duplicated fields",
            {
                "url": valid,
                "content": urlencode(duplicated),
                "headers": {**token, "content-type": "application/x-www-form-urlencoded"},
            },
        )
        yield (
            "JSON body",
            {
                "url": valid,
                "content": json.dumps(dict.fromkeys(FIELDS, SCRIPT)),
                "headers": {**token, "content-type": "application/json"},
            },
        )
        yield (
            "wrong content type",
            {
                "url": valid,
                "content": "provider=x&mentors=1",
                "headers": {**token, "content-type": "text/plain"},
            },
        )
        yield (
            "multipart without boundary",
            {
                "url": valid,
                "content": "--x\r\n",
                "headers": {**token, "content-type": "multipart/form-data"},
            },
        )


def _is_refused(response) -> bool:
    return response.status_code >= 400 or "govuk-error-summary" in response.text


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "signed out"])
@pytest.mark.parametrize(
    ("method", "template", "params", "queries"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES]
)
def test_hostile_values_get_a_page_and_change_nothing_when_refused(
    world, method, template, params, queries, signed_in
):
    problems = []
    world.sign_in() if signed_in else world.sign_out()
    before = world.rows()
    for description, arguments in _requests(world, method, template, params, queries, signed_in):
        response = world.client.request(method, follow_redirects=False, **arguments)

        if response.status_code >= 500:
            problems.append(f"{description}: {response.status_code}")
        if any(marker in response.text for marker in REFLECTED):
            problems.append(f"{description}: reflected unescaped")
        after = world.rows()
        if _is_refused(response) and after != before:
            problems.append(f"{description}: refused ({response.status_code}) but wrote rows")
        before = after
        # Signing out (or in as nobody) ends the session: start the next request as before.
        if signed_in and "session" not in world.client.cookies:
            world.sign_in()
            before = world.rows()
    assert not problems, "\n".join(problems)


def test_every_route_is_fuzzed():
    paths = {template for _, template, *_ in ROUTES}
    assert "/schools/{school_id:int}/claims/{claim_id:int}/{step:path}" in paths
    assert "/sign-in/persona" in paths
    assert {"provider", "first_name", "persona", "mentors", "hours"} <= set(FIELDS)
