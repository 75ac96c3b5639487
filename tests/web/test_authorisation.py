"""Every school page: anonymous → sign in, member or support user → the page, anyone else → 404."""

from __future__ import annotations

import re

import pytest

from web.app import create_app
from web.settings import load_settings


def _school_get_paths() -> list[str]:
    """GET routes whose only parameter is the school, from the app's own route table."""
    app = create_app(load_settings())
    paths = set()
    for route in app.routes:
        if "GET" not in getattr(route, "methods", set()):
            continue
        parameters = re.findall(r"{(\w+)(?::\w+)?}", route.path)
        # Support-only pages inside a school live under /support, in their own matrix.
        if parameters == ["school_id"] and route.path.startswith("/schools/"):
            paths.add(re.sub(r"{school_id(:\w+)?}", "{school_id}", route.path))
    return sorted(paths)


SCHOOL_PATHS = _school_get_paths()


def test_the_matrix_covers_the_school_pages():
    assert "/schools/{school_id}/organisation-details" in SCHOOL_PATHS
    assert "/schools/{school_id}/grant-conditions" in SCHOOL_PATHS


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_anonymous_user_is_sent_to_sign_in(client, make, path):
    school_id = make.school()
    url = path.format(school_id=school_id)
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_member_sees_the_page(client, make, path):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    response = client.get(path.format(school_id=school_id))
    assert response.status_code == 200


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_someone_from_another_school_gets_not_found(client, make, path):
    school_id = make.school(name="Private School Data")
    other_school = make.school()
    client.sign_in(make.user(other_school))
    response = client.get(path.format(school_id=school_id), follow_redirects=False)
    assert response.status_code == 404
    assert "Private School Data" not in response.text


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_a_support_user_sees_any_schools_page(client, make, support, path):
    # support.md: a support user acts inside any school with the school's own pages.
    school_id = make.school(name="Helped Primary School")
    key, _ = support.user()
    client.sign_in(key)
    response = client.get(path.format(school_id=school_id))
    assert response.status_code == 200
    assert "as a support user" in response.text
    assert "Helped Primary School" in response.text


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_a_removed_support_user_gets_not_found(client, make, support, path):
    school_id = make.school(name="Private School Data")
    key, user_id = support.user()
    _remove_support_user(user_id)
    client.sign_in(key)
    response = client.get(path.format(school_id=school_id), follow_redirects=False)
    assert response.status_code == 404
    assert "Private School Data" not in response.text


@pytest.mark.parametrize("path", SCHOOL_PATHS)
def test_a_member_of_another_school_who_was_a_support_user_gets_not_found(
    client, make, support, path
):
    # Membership of one school never opens another, even for an account that was support once.
    school_id = make.school(name="Private School Data")
    other_school = make.school()
    key, user_id = support.user()
    _add_membership(user_id, other_school)
    _remove_support_user(user_id)
    client.sign_in(key)
    response = client.get(path.format(school_id=school_id), follow_redirects=False)
    assert response.status_code == 404
    assert "Private School Data" not in response.text


def _remove_support_user(user_id: int) -> None:
    from datetime import UTC, datetime

    from db.queries.support_users import remove_support_user
    from tests.fixtures.database import run

    run(remove_support_user(user_id, datetime.now(UTC)))


def _add_membership(user_id: int, school_id: int) -> None:
    from datetime import UTC, datetime

    from db.tables import Membership
    from tests.fixtures.database import run

    run(
        Membership.insert(
            Membership(user=user_id, school=school_id, created_at=datetime.now(UTC))
        ).run()
    )
