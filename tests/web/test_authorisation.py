"""Every school page: anonymous → sign in, member → the page, anyone else → 404."""

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
        if parameters == ["school_id"]:
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
