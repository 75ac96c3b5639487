"""Hostile values in every form field, query parameter and path id of every route.

The routes come from the app itself, the field names from the templates and the query names
from the handlers, so a new page is fuzzed as soon as it exists. Every step of the claim journey
and of the support console's tasks is fuzzed once the answers before it are given. Whatever is
sent, signed out, as a school user, a support user or a provider user: no server error, nothing sent reflected
unescaped, and a refused request (an error page or a form with errors) changes no stored row.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pkgutil
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import msgspec
import pytest
from litestar.routes import HTTPRoute

import web.steps
from db.piccolo_app import APP_CONFIG
from db.tables import (
    Claim,
    ClaimWindow,
    Eligibility,
    MailboxMessage,
    ResearchEvent,
    School,
    TeacherRecord,
    WebSession,
)
from devtools.local_oidc_provider import Client, running_provider
from tests.fixtures.claim_journey import (
    answer,
    at_hours,
    complete_claim,
    journey_school,
    run_in_app,
    start_claim,
)
from tests.fixtures.client import TODAY, ServiceClient
from tests.fixtures.factories import (
    audit_file,
    clawback_file,
    new_claim,
    new_provider,
    new_provider_user,
    new_school,
    new_user,
    payment_file,
    provider_id,
)
from tests.fixtures.support import claim_windows, make_support_user, make_window, put_windows_back
from web import wizard
from web.journey import CLAIM, hours_step
from web.onboarding_task import ONBOARDING
from web.research.recorder import VIA_PARAMETER
from web.routes.mentors import ADD_MENTOR
from web.routes.support.claim_windows import CLAIM_WINDOW
from web.routes.support.development import RESET
from web.routes.support.payments import SEND_TO_PAYER
from web.routes.support.users import ADD_SUPPORT_USER
from web.routes.users import ADD_USER

pytestmark = pytest.mark.db

WEB = Path(__file__).parents[2] / "web"
TEMPLATES = WEB / "templates"
FUZZED_METHODS = ("GET", "POST")
SERVICE = "http://testserver.local"
CALLBACK = "/auth/callback"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

SCRIPT = '"><script>alert("hostile")</script><b onmouseover=alert(1)>x</b>'
# Markup that must never come back as markup.
REFLECTED = ('<script>alert("hostile")', "<b onmouseover")
CONTROL = "\x00a\x01\x08\x1b[31m\x7f\x85b\u202e"
# Longer than anything the service takes (a research note's 1,000 characters; the longest column
# holds 500), and no longer: the test client checks a URL's every character in Python, several
# times a request, so a 10,000-character value cost a fifth of this file's time.
LONG = "x" * 2_500
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


def _queries_read_directly() -> list[str]:
    """Query names handlers and steps read themselves, which no route signature lists."""
    names = {VIA_PARAMETER}
    for module in WEB.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        names.update(
            re.findall(r'\b(?:query|query_params|params)(?:\.get\(|\[)\s*"([\w-]+)"', text)
        )
    # The support console's pagination builds a dict called params: its keys are no query.
    return sorted(names - {"previous", "next"})


QUERIES = _queries_read_directly()


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

SIGNED_OUT, SCHOOL_USER, SUPPORT_USER, PROVIDER_USER = (
    "signed out",
    "school user",
    "support user",
    "provider user",
)
CLAIM_STEP = "/schools/{school_id:int}/claims/{claim_id:int}/{step:path}"
NEW_CLAIM_STEP = "/schools/{school_id:int}/claims/new/{step:path}"
CLAIM_AGAIN = "/schools/{school_id:int}/claims/{claim_id:int}/claim-again"
# Every step of the claim journey and each of its views (provider results), by step id; a
# repeated step (hours, once per mentor) as one of its repeats.
CLAIM_STEPS = [
    hours_step(0) if hasattr(module, "keys") else module.ID for module in CLAIM.steps
] + list(CLAIM.views)
# Before a claim exists, only the provider question (its own route) and its results are asked.
NEW_CLAIM_STEPS = [step for step, view in CLAIM.views.items() if view.VIEW_OF == CLAIM.steps[0].ID]
ONBOARD = "/support/organisations/onboard/{kind:str}/{step:path}"
# Every other task's address for its steps after the first (the first is at the bare address).
TASKS: dict[str, wizard.Journey] = {
    "/schools/{school_id:int}/users/add/{step:path}": ADD_USER,
    "/schools/{school_id:int}/mentors/add/{step:path}": ADD_MENTOR,
    "/support/users/add/{step:path}": ADD_SUPPORT_USER,
    "/support/settings/claim-windows/new/{step:path}": CLAIM_WINDOW,
    "/support/settings/claim-windows/{window_id:int}/change/{step:path}": CLAIM_WINDOW,
    "/support/claims/payments/send/{step:path}": SEND_TO_PAYER,
    "/support/settings/reset/{step:path}": RESET,
    ONBOARD: ONBOARDING,
}
# Onboarding asks why a school can claim only when its trainee withdrew.
WITHDRAWN_STEPS = {"reason"}


def task_steps(template: str) -> list[str]:
    """The steps and views a task's `{step}` address serves, by id: all but the first, which
    is at the bare address, except for onboarding (two ways in, each with its own address)."""
    journey = TASKS[template]
    steps = [m.ID for m in journey.steps if m.ID != journey.first or template == ONBOARD]
    return steps + list(journey.views)


def _cases() -> Iterator[tuple[str, str, str, tuple, tuple, str | None]]:
    """(role, method, path, path parameters, query names, step) of every request sequence."""
    for method, template, params, queries in ROUTES:
        yield SIGNED_OUT, method, template, params, queries, None
        console = template.startswith("/support")
        steps = {CLAIM_STEP: CLAIM_STEPS, NEW_CLAIM_STEP: NEW_CLAIM_STEPS}.get(template, [None])
        if template in TASKS and not console:
            steps = task_steps(template)
        for step in steps:
            yield SCHOOL_USER, method, template, params, queries, step
        # Only a support user gets past the console's access check to its handlers.
        if console:
            for step in task_steps(template) if template in TASKS else [None]:
                yield SUPPORT_USER, method, template, params, queries, step
        # Only the provider's own users get past its pages' access check.
        if template.startswith("/providers"):
            yield PROVIDER_USER, method, template, params, queries, None


CASES = list(_cases())


def _case_id(role, method, template, params, queries, step) -> str:
    return f"{role} {method} {template}" + (f" [{step}]" if step else "")


class World:
    """A school, two support users and a provider user of the fuzz's own, with one of everything
    a path can name: a claim at every step of the journey, a claim naming the provider, a claim
    window, a mailbox message, a research session.
    """

    def __init__(self, client: ServiceClient) -> None:
        db = run_in_app(client)
        self.db = db
        self.client = client
        self._digest: dict[str, str | int] | None = None
        self._mark: object = None
        if not POSTGRES:
            self._sqlite = sqlite3.connect(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
        self.school = db(journey_school)
        self.colleague, _ = db(new_user, self.school.school_id, first_name="Colleague")
        self.support_key, _ = db(make_support_user, "Fuzz", "Support")
        _, self.other_support_user = db(make_support_user, "Other", "Support")
        # In December 2026, clear of the seeded windows, and not yet past on the fuzz's clock.
        self.window = db(make_window, date(2026, 12, 1), date(2026, 12, 10), 2025)
        self.provider = db(new_provider, "Fuzz Partnership")
        _, self.provider_key = db(new_provider_user, self.provider)
        self.provider_claim = db(
            new_claim,
            self.school.school_id,
            [(self.school.mentors["Hopper"], 2, "initial")],
            provider=self.provider,
            amount_pence=8760,
        )
        self.sign_in(SCHOOL_USER)
        # Fuzzed by every claim route but the journey's steps: it may be removed on the way.
        any_claim = start_claim(client, self.school)
        at_mentors = start_claim(client, self.school)
        lovelace = self.school.mentors["Lovelace"]
        at_hours_url = at_hours(client, self.school, "Lovelace")
        answered = at_hours(client, self.school, "Lovelace")
        at_confirm = answered.rsplit("/hours/", 1)[0]
        answer(client, answered, {"hours": "another", "custom_hours": "3"})
        at_check = complete_claim(client, self.school, {"Lovelace": 2})
        # The claim whose answers reach each step, so that its own handler reads what is sent.
        self.claims = {
            "provider": at_mentors,
            "provider-results": at_mentors,
            "mentors": at_mentors,
            hours_step(0): at_hours_url.rsplit("/hours/", 1)[0],
            "confirm-hours": at_confirm,
            "check-answers": at_check,
        }
        self.lovelace = lovelace
        # A claim submitted in the fuzz's window, for sending to the payer.
        self.submitted = db(
            new_claim,
            self.school.school_id,
            [(lovelace, 2)],
            provider=db(provider_id),
            submitted_at=datetime(2026, 12, 5, 12, 0, tzinfo=UTC),
        )
        # A school not yet onboarded for the window's year, for onboarding.
        self.newcomer = db(new_school, "Fuzz Newcomer School", eligible_years=())
        self.message = db(_mailbox_message)
        self.payment_file = db(payment_file)
        self.audit_file = db(audit_file)
        self.clawback_file = db(clawback_file)
        self.valid = {
            "school_id": str(self.school.school_id),
            "claim_id": any_claim.rsplit("/", 1)[1],
            "mentor_id": str(self.school.mentors["Hopper"]),
            "user_id": str(self.colleague),
            "message_id": str(self.message),
            "window_id": str(self.window),
            "step": "mentors",
            "file_path": "app.js",
            "kind": "by-search",
            "reminder": "schools-with-no-claims",
            "upload_id": "1",
            "event_id": "1",
            # A download link the service never signed: the page saying it is not valid.
            "token": "forged.0000",
            # A payment action on a claim: the console's, so a 404 to this school user.
            "action": "paid",
            "file_id": str(self.payment_file),
            "provider_id": str(self.provider),
            "audit_file_id": str(self.audit_file),
            "clawback_file_id": str(self.clawback_file),
            "rejection": "provider-rejected",
            "code": self._research_session(),
        }
        # Steps that need the answers before them, given again before every request because
        # confirming one ends its task.
        onboard = ONBOARD
        self.primers: dict[tuple[str, str], Callable[[], None]] = {
            ("/schools/{school_id:int}/users/add/{step:path}", "check"): (
                self._school_user_answers
            ),
            ("/schools/{school_id:int}/mentors/add/{step:path}", "confirm"): self._mentor_answers,
            ("/support/settings/claim-windows/new/{step:path}", "check"): (
                self._new_window_answers
            ),
            ("/support/settings/claim-windows/{window_id:int}/change/{step:path}", "check"): (
                self._changed_window_answers
            ),
            ("/support/users/add/{step:path}", "check"): self._support_user_answers,
            ("/support/claims/payments/send/{step:path}", "check"): self._payment_answers,
            # Only the scenario chosen: the check page resets nothing without it sent back.
            ("/support/settings/reset/{step:path}", "check"): self._reset_answers,
            (onboard, "window"): lambda: self._onboarding_answers("by-search", window=False),
            (onboard, "check"): lambda: self._onboarding_answers("by-search"),
            (onboard, "reason"): lambda: self._onboarding_answers("withdrawn-trainee"),
        }

    def valid_for(self, role: str, step: str | None, template: str = "") -> dict[str, str]:
        """Real values of every path parameter for the role (and the claim or task's step)."""
        valid = dict(self.valid)
        if role == SUPPORT_USER:
            valid["user_id"] = str(self.other_support_user)
        if role == PROVIDER_USER:
            valid["claim_id"] = str(self.provider_claim)
        if template == CLAIM_AGAIN:
            # A submitted claim, so that claiming again gets past "not found" to its own work.
            valid["claim_id"] = str(self.submitted)
        if step is not None and template in TASKS:
            valid["step"] = step
            if step in WITHDRAWN_STEPS:
                valid["kind"] = "withdrawn-trainee"
        elif step is not None:
            valid["step"] = hours_step(self.lovelace) if step == hours_step(0) else step
            valid["claim_id"] = self.claims[step].rsplit("/", 1)[1]
        return valid

    def _research_session(self) -> str:
        response = self.client.post_form(
            "/research/sessions", {"scenario": "first-claim"}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        return response.headers["location"].split("/")[3].split("?")[0]

    def _prime(self, url: str, data: dict[str, str]) -> None:
        response = self.client.post_form(url, data, follow_redirects=False)
        assert response.status_code == 303, response.text

    def _school_user_answers(self) -> None:
        address = f"fuzz-{uuid.uuid4().hex[:10]}@example.org"
        self._prime(
            f"/schools/{self.school.school_id}/users/add",
            {"first_name": "Fuzz", "last_name": "Colleague", "email": address},
        )

    def _support_user_answers(self) -> None:
        address = f"fuzz-{uuid.uuid4().hex[:10]}@education.gov.uk"
        self._prime(
            "/support/users/add", {"first_name": "Fuzz", "last_name": "Agent", "email": address}
        )

    def _mentor_answers(self) -> None:
        # A teacher of its own each time: confirming makes the last one the school's mentor.
        trn = str(uuid.uuid4().int % 9_000_000 + 1_000_000)
        self.db(
            TeacherRecord.insert(
                TeacherRecord(
                    trn=trn, date_of_birth=date(1980, 1, 2), first_name="Fuzz", last_name="Mentor"
                )
            ).run
        )
        self._prime(
            f"/schools/{self.school.school_id}/mentors/add",
            {
                "trn": trn,
                "date-of-birth-day": "2",
                "date-of-birth-month": "1",
                "date-of-birth-year": "1980",
            },
        )

    def _payment_answers(self) -> None:
        # Sending moves the claim on: it is put back to Submitted for the next request.
        self.db(Claim.update({Claim.status: "submitted"}).where(Claim.id == self.submitted).run)
        self._prime("/support/claims/payments/send", {"window": str(self.window)})

    def _reset_answers(self) -> None:
        self._prime("/support/settings/reset", {"scenario": "seeded"})

    def _onboarding_answers(self, kind: str, window: bool = True) -> None:
        # Onboarding makes the school eligible: it is made a newcomer again first.
        self.db(Eligibility.delete().where(Eligibility.school == self.newcomer).run)
        task = f"/support/organisations/onboard/{kind}"
        self._prime(f"{task}/school", {"school_id": str(self.newcomer)})
        if window:
            self._prime(f"{task}/window", {"window_id": str(self.window)})

    def _window_dates(self, url: str, starts: int, ends: int) -> None:
        self._prime(
            url,
            {
                "starts_on-day": str(starts),
                "starts_on-month": "12",
                "starts_on-year": "2026",
                "ends_on-day": str(ends),
                "ends_on-month": "12",
                "ends_on-year": "2026",
                "academic_year": "2025",
            },
        )

    def _new_window_answers(self) -> None:
        # The window a request before this one may have added would overlap: gone first.
        self.db(ClaimWindow.delete().where(ClaimWindow.starts_on == date(2026, 12, 20)).run)
        self._window_dates("/support/settings/claim-windows/new", 20, 24)

    def _changed_window_answers(self) -> None:
        self._window_dates(f"/support/settings/claim-windows/{self.window}/change", 2, 9)

    def prime(self, role: str, template: str, step: str | None) -> bool:
        """Give the answers a step needs before it, as a user who may; whether it did."""
        primer = self.primers.get((template, step or ""))
        console = template.startswith("/support")
        if primer is None or role != (SUPPORT_USER if console else SCHOOL_USER):
            return False
        primer()
        return True

    def close(self) -> None:
        """Let go of the database."""
        if not POSTGRES:
            self._sqlite.close()

    def sign_in(self, role: str) -> None:
        """Start afresh as the role: signed out keeps only a CSRF token."""
        self.client.cookies.clear()
        if role == SIGNED_OUT:
            self.client.csrf_token()
            return
        key = {SUPPORT_USER: self.support_key, PROVIDER_USER: self.provider_key}.get(
            role, self.school.user_key
        )
        assert self.client.sign_in(key).status_code == 303

    def dfe_sign_in_state(self) -> str:
        """The state of a DfE Sign-in this session has just started, for its callback."""
        started = self.client.get("/sign-in/dfe-sign-in", follow_redirects=False)
        assert started.status_code == 303, started.text
        return parse_qs(urlsplit(started.headers["location"]).query)["state"][0]

    def rows(self) -> dict[str, str]:
        """A digest of every stored row of every table, in id order.

        Sessions are compared by count only: a session's expiry and its one-off banners change
        as it is used, and are nobody's data. Research events are left out: they record the
        requests themselves (refused ones too) while a research participant is watched, after
        the response. Hashing every row takes longer than most requests, so it is done again
        only when the database says something was written.
        """
        mark = self._write_mark()
        if self._digest is None or mark != self._mark:
            self._mark, self._digest = mark, self._digests()
        return self._digest

    def _write_mark(self) -> object:
        """Changes whenever anything has been written to the database since it was last read."""
        if POSTGRES:
            # Every writing transaction takes a transaction id: the next one to be given out
            # moves on (other databases on the server move it too, costing a needless digest).
            query = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS mark"
            return self.db(Claim.raw(query).run)[0]["mark"]
        # SQLite counts the commits other connections made since this connection last asked.
        return self._sqlite.execute("PRAGMA data_version").fetchone()[0]

    def _digests(self) -> dict[str, str | int]:
        digests = ", ".join(
            f'({_count(table) if table is WebSession else _contents(table)}) AS "{name}"'
            for table in APP_CONFIG.table_classes
            if table is not ResearchEvent
            for name in [table._meta.tablename]
        )
        row = self.db(Claim.raw(f"SELECT {digests}").run)[0]
        return {
            name: value if isinstance(value, int) else hashlib.sha256(value.encode()).hexdigest()
            for name, value in row.items()
        }


def _count(table) -> str:
    return f'SELECT count(*) FROM "{table._meta.tablename}"'


def _contents(table) -> str:
    """SQL for the table's rows in id order as one text (PostgreSQL hashes it where it is)."""
    name = table._meta.tablename
    if POSTGRES:
        return f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM \"{name}\" t"
    columns = " || ',' || ".join(
        f'quote("{column._meta.db_column_name}")' for column in table._meta.columns
    )
    return (
        f"SELECT coalesce(group_concat(line, '|'), '') "
        f'FROM (SELECT {columns} AS line FROM "{name}" ORDER BY id)'
    )


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
    """The app, a client without the page checker (speed: thousands of pages), and its data.

    DfE Sign-in points at a local provider, so that its callback reads what is sent. The claim
    windows are put back afterwards: the console's tasks add and change them.
    """
    from tests.fixtures.client import FixedClock
    from web.app import create_app
    from web.integrations.dfe_sign_in import forget_provider_metadata

    client_of_provider = Client(
        client_id="claims-fuzz",
        client_secret="claims-fuzz-secret",
        redirect_uris=(f"{SERVICE}{CALLBACK}",),
        post_logout_redirect_uris=(f"{SERVICE}/signed-out",),
    )
    windows = run_in_app_once(claim_windows)
    with running_provider((client_of_provider,)) as provider:
        forget_provider_metadata()
        settings = msgspec.structs.replace(
            _settings(),
            service_url=SERVICE,
            oidc_issuer_url=provider.issuer,
            oidc_client_id=client_of_provider.client_id,
            oidc_client_secret=client_of_provider.client_secret,
        )
        try:
            with ServiceClient(create_app(settings, clock=FixedClock())) as client:
                world = World(client)
                yield world
                world.close()
        finally:
            forget_provider_metadata()
            run_in_app_once(put_windows_back, windows)


def run_in_app_once(function, *args):
    """Run a database coroutine outside the app (before it starts, after it stops)."""
    import asyncio

    return asyncio.run(function(*args))


def _path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+):\w+\}", lambda match: values[match.group(1)], template)


def _requests(
    world: World, role: str, method: str, template: str, params, queries, step: str | None
) -> Iterator[tuple[str, dict]]:
    """(description, request arguments) for each hostile request to one route.

    Every hostile value goes at least once into every path parameter, form field and query
    name (all fields at once), not in every combination: the run stays a minute or two.
    """
    values = world.valid_for(role, step, template)
    valid = _path(template, values)
    texts, ids = (TEXT, IDS) if role != SIGNED_OUT else (SIGNED_OUT_TEXT, SIGNED_OUT_IDS)
    # A journey's or task's path itself is fuzzed once; its other steps get the forms and queries.
    first_task_step = task_steps(template)[0] if template in TASKS else None
    fuzz_path = step in (None, "mentors", first_task_step) or step in NEW_CLAIM_STEPS
    for name in params if fuzz_path else ():
        for value in ids if name.endswith("_id") else texts:
            encoded = value if name.endswith("_id") else quote(value[:200], safe="")
            path = _path(template, {**values, name: encoded})
            yield f"{name}={value[:20]!r}", {"url": path}
    names = sorted({*queries, *QUERIES})
    if template == CALLBACK and role != SIGNED_OUT:
        yield from _callback_requests(world, texts)
    for value in texts:
        queries_of_value = _queries(names, value)
        if method == "GET":
            for query in queries_of_value:
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
            query = queries_of_value[0]
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


def _queries(names: list[str], value: str) -> list[dict[str, str]]:
    """Every name with the value, in as few queries as fit in a URL (httpx allows 65,536)."""
    per_query = max(1, 50_000 // len(quote(value) + "&=" + max(names, key=len)))
    return [
        dict.fromkeys(names[start : start + per_query], value)
        for start in range(0, len(names), per_query)
    ]


def _callback_requests(world: World, texts: list[str]) -> Iterator[tuple[str, dict]]:
    """DfE Sign-in's answers to a sign-in this session started, each with one hostile value.

    The state must match for the handler to read the rest, and each state is good once, so
    every request starts a sign-in of its own (the generator runs just before each request).
    """
    for value in texts:
        for name in ("code", "error", "error_description", "iss"):
            params = {"state": world.dfe_sign_in_state(), "code": "fuzz", name: value}
            if name == "error_description":
                params["error"] = "access_denied"
            yield f"callback {name}={value[:20]!r}", {"url": CALLBACK, "params": params}


def _is_refused(response) -> bool:
    return response.status_code >= 400 or "govuk-error-summary" in response.text


def test_every_route_is_fuzzed():
    paths = {template for _, template, *_ in ROUTES}
    assert CLAIM_STEP in paths and NEW_CLAIM_STEP in paths
    assert "/sign-in/persona" in paths
    assert {"provider", "first_name", "persona", "mentors", "hours"} <= set(FIELDS)
    # Query names only handlers know about: the provider search, pages of lists, the callback.
    assert {"provider", "provider_id", "page", "code", "state", "email", VIA_PARAMETER} <= set(
        QUERIES
    )
    support_routes = {(m, t) for m, t, *_ in ROUTES if t.startswith("/support")}
    assert support_routes and support_routes == {
        (method, template) for role, method, template, *_ in CASES if role == SUPPORT_USER
    }
    provider_routes = {(m, t) for m, t, *_ in ROUTES if t.startswith("/providers")}
    assert provider_routes and provider_routes == {
        (method, template) for role, method, template, *_ in CASES if role == PROVIDER_USER
    }


def test_every_step_of_the_claim_journey_is_fuzzed_with_its_answers_before_it(world):
    journey = {hours_step(0) if hasattr(m, "keys") else m.ID for m in CLAIM.steps}
    assert journey | set(CLAIM.views) == set(CLAIM_STEPS) == set(world.claims)
    for step in CLAIM_STEPS:
        valid = world.valid_for(SCHOOL_USER, step)
        url = _path(CLAIM_STEP, valid)
        world.sign_in(SCHOOL_USER)
        # The results need a search to show; the fuzz sends its hostile ones.
        query = {"provider": "Bath"} if step in CLAIM.views else {}
        # Reachable: the step's own page, not a redirect to an unanswered question.
        page = world.client.get(url, params=query, follow_redirects=False)
        assert page.status_code == 200, url


def test_every_task_with_steps_is_fuzzed_step_by_step():
    stepped = {t for _, t, *_ in ROUTES if "{step:path}" in t} - {CLAIM_STEP, NEW_CLAIM_STEP}
    assert stepped == set(TASKS), "a new task's address: add it and its primers to TASKS"


def test_every_later_step_of_every_task_is_reached_once_primed(world):
    """Each step is its own page once the answers before it are given, not a redirect."""
    for template, journey in TASKS.items():
        role = SUPPORT_USER if template.startswith("/support") else SCHOOL_USER
        for step in task_steps(template):
            world.sign_in(role)
            primed = world.prime(role, template, step)
            assert primed or step in journey.views or step == journey.first, (template, step)
            url = _path(template, world.valid_for(role, step, template))
            query = {"school": "Fuzz Newcomer"} if step in journey.views else {}
            page = world.client.get(url, params=query, follow_redirects=False)
            assert page.status_code == 200, (url, page.status_code)


def test_the_callback_is_fuzzed_past_its_state_check(world):
    world.sign_in(SIGNED_OUT)
    state = world.dfe_sign_in_state()
    response = world.client.get(CALLBACK, params={"state": state, "code": SCRIPT})
    # The code reached DfE Sign-in (the local provider), which refused it.
    assert "Sorry, there is a problem signing you in" in response.text


def test_a_changed_row_is_seen(world):
    before = world.rows()
    school = world.school.school_id
    world.db(School.update({School.name: "Renamed by the fuzz"}).where(School.id == school).run)
    after = world.rows()
    world.db(School.update({School.name: "Journey Test School"}).where(School.id == school).run)
    assert [name for name in after if after[name] != before[name]] == ["school"]
    assert world.rows() == before


# The structural tests above run first: the fuzz below may change what they look at.
@pytest.mark.parametrize(
    ("role", "method", "template", "params", "queries", "step"),
    CASES,
    ids=[_case_id(*case) for case in CASES],
)
def test_hostile_values_get_a_page_and_change_nothing_when_refused(
    world, role, method, template, params, queries, step
):
    problems = []
    world.sign_in(role)
    before = None
    for description, arguments in _requests(world, role, method, template, params, queries, step):
        if world.prime(role, template, step) or before is None:
            before = world.rows()
        response = world.client.request(method, follow_redirects=False, **arguments)

        if response.status_code >= 500:
            problems.append(f"{description}: {response.status_code}")
        if any(marker in response.text for marker in REFLECTED):
            problems.append(f"{description}: reflected unescaped")
        after = world.rows()
        if _is_refused(response) and after != before:
            changed = sorted(name for name in after if after[name] != before[name])
            problems.append(
                f"{description}: refused ({response.status_code}) but changed {changed}"
            )
        before = after
        # Signing out (or in as nobody) ends the session: start the next request as before.
        if role != SIGNED_OUT and "session" not in world.client.cookies:
            world.sign_in(role)
            before = None
    assert not problems, "\n".join(problems)
