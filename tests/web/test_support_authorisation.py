"""Every /support address is a page not found to anyone but a support user, GET and POST: the
anonymous, school users and provider users alike."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime

import pytest

from tests.fixtures.factories import audit_file, clawback_file, payment_file

NOT_FOUND_TITLE = "<title>Page not found"


def _support_routes(app) -> list[tuple[str, str]]:
    """Every registered /support route and method, so a new route cannot be left out."""
    found = []
    for route in app.routes:
        if not route.path.startswith("/support"):
            continue
        for handler in getattr(route, "route_handlers", []):
            found.extend((method, route.path) for method in handler.http_methods & {"GET", "POST"})
    return sorted(found)


# Path values that are words, not ids. A task's later steps share one route: its check page
# stands for them.
WORDS = {
    "kind": "by-search",
    "step": "check",
    "action": "paid",
    "reminder": "schools-with-no-claims",
    "rejection": "provider-rejected",
}


def _address(path: str, ids: dict) -> str:
    values = {**ids, **WORDS}
    if "{upload_id" in path:
        # Each kind of upload has its own: another kind's is not found at its address.
        values["upload_id"] = ids["uploads"][path.split("/{upload_id")[0]]
    return re.sub(r"\{(\w+):\w+\}", lambda match: str(values[match.group(1)]), path)


def _uploads(window_id: int, user_id: int) -> dict[str, int]:
    """A kept upload of every kind, by its address, each naming no rows, so confirming it
    changes nothing else."""
    from db.outbox import write_transaction
    from db.queries.uploads import keep_upload
    from tests.fixtures.database import run
    from web.csv_uploads import CsvUpload

    async def kept(upload: type[CsvUpload]) -> int:
        async with write_transaction():
            return await keep_upload(
                upload.kind,
                "authorisation.csv",
                [",".join(upload.columns) + "\r\n"],
                0,
                {"options": {"window_id": str(window_id)}},
                user_id,
                datetime.now(UTC),
            )

    return {each.path: run(kept(each)) for each in CsvUpload.__subclasses__()}


def _batch_event(file_id: int, user_id: int) -> int:
    """An activity log event for a batch, with its file."""
    from db.queries.support_events import record_event
    from db.tables import SupportEvent
    from tests.fixtures.database import run

    now = datetime.now(UTC)
    run(record_event(user_id, "claims_sent_to_payer", "0 claims sent", now, file_id=file_id))
    row = run(
        SupportEvent.select(SupportEvent.id).where(SupportEvent.file == file_id).first().run()
    )
    return row["id"]


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _submitted_claim(make, claims) -> int:
    school_id = make.school()
    mentor_id = claims.mentor(school_id)
    return claims.submitted(
        school_id, [(mentor_id, 4, "initial")], hourly_rate_pence=5370, amount_pence=21480
    )


def _files() -> dict[str, int]:
    """A file of each kind the console sends: payment, audit and clawback."""
    return {
        "file_id": asyncio.run(payment_file()),
        "audit_file_id": asyncio.run(audit_file()),
        "clawback_file_id": asyncio.run(clawback_file()),
    }


def test_the_console_has_routes_to_check(app):
    routes = _support_routes(app)
    assert ("GET", "/support/organisations") in routes
    assert ("POST", "/support/claims/{claim_id:int}/assign") in routes
    assert ("POST", "/support/settings/claim-windows/{window_id:int}/remove") in routes
    assert ("GET", "/support/organisations/onboard/{kind:str}/{step:path}") in routes
    assert ("POST", "/support/organisations/onboard-csv/{upload_id:int}") in routes


@pytest.mark.parametrize("role", ["anonymous", "school user", "provider user"])
def test_nobody_but_support_users_learns_the_console_exists(
    app, client, support, make, claims, role
):
    ids = {"window_id": support.window(date(2031, 1, 1), date(2031, 1, 2)), "user_id": 1}
    ids["claim_id"] = _submitted_claim(make, claims)
    ids.update(_files())
    _, ids["user_id"] = support.user()
    ids["uploads"] = _uploads(ids["window_id"], ids["user_id"])
    ids["school_id"] = make.school()
    ids["event_id"] = _batch_event(ids["file_id"], ids["user_id"])
    if role == "school user":
        client.sign_in("single-school")
    elif role == "provider user":
        client.sign_in(make.provider_user(make.provider()))
    ordinary = _main(client.get("/no-such-page").text)
    for method, path in _support_routes(app):
        url = _address(path, ids)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post_form(url, {}, follow_redirects=False)
        assert response.status_code == 404, (method, url)
        assert NOT_FOUND_TITLE in response.text, (method, url)
        # The very page any unknown address gets: nothing hints that this one exists.
        assert _main(response.text) == ordinary, (method, url)


def test_a_support_user_gets_every_console_page(app, client, support, make, claims):
    ids = {"window_id": support.window(date(2031, 1, 1), date(2031, 1, 2))}
    ids["claim_id"] = _submitted_claim(make, claims)
    ids.update(_files())
    key, _ = support.user()
    _, ids["user_id"] = support.user()
    ids["uploads"] = _uploads(ids["window_id"], ids["user_id"])
    ids["school_id"] = make.school()
    ids["event_id"] = _batch_event(ids["file_id"], ids["user_id"])
    client.sign_in(key)
    for method, path in _support_routes(app):
        url = _address(path, ids)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post_form(url, {}, follow_redirects=False)
        assert response.status_code in (200, 303), (method, url, response.status_code)


def test_a_support_user_acts_inside_any_school_with_its_own_pages(client, support, make):
    # support.md "Organisations": the school's own pages, marked as the console's.
    key, _ = support.user()
    school_id = make.school(name="Helped School")
    client.sign_in(key)
    for url in (f"/schools/{school_id}/claims", f"/schools/{school_id}/users"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 200, url
        assert "as a support user" in response.text, url


def test_a_removed_support_user_is_shown_page_not_found(client, support):
    key, user_id = support.user()
    other, _ = support.user()
    client.sign_in(other)
    client.post_form(f"/support/users/{user_id}/remove")
    client.sign_in(key)
    assert client.get("/support/organisations").status_code == 404


# The one address outside the console that gives out support's files, and it is public on
# purpose: the payer has no account (support.md "Who"), so the signed, single-use token is the
# only key. Without a token the service signed, everyone gets the same "not valid" page.
PUBLIC_DOWNLOAD = "/downloads/{token:str}"


def test_the_download_link_is_public_but_needs_a_signed_token(app, client, support):
    assert PUBLIC_DOWNLOAD in {route.path for route in app.routes}
    key, _ = support.user()
    for who in ("anonymous", "single-school", key):
        if who != "anonymous":
            client.sign_in(who)
        response = client.get("/downloads/forged.0000", follow_redirects=False)
        assert response.status_code == 404, who
        assert "This download link is not valid" in response.text, who
