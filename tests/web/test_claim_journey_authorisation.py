"""Every add-claim route: anonymous → sign in, member → the page, another school → 404."""

from __future__ import annotations

import pytest

from db.queries.claim_drafts import DraftLine, create_draft, save_draft
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from tests.fixtures.claim_journey import journey_school
from tests.fixtures.client import TODAY
from tests.fixtures.factories import new_school, new_user, stored_claim

pytestmark = pytest.mark.db

# (method, address, form, what a member gets): {school}, {claim}, {mentor}, {submitted}.
ROUTES = [
    ("GET", "/schools/{school}/claims/new", None, 200),
    ("POST", "/schools/{school}/claims/new", {"provider": ""}, 200),
    ("GET", "/schools/{school}/claims/new/provider-results?provider=leeds", None, 200),
    ("POST", "/schools/{school}/claims/new/provider-results", {"provider": "leeds"}, 200),
    ("GET", "/schools/{school}/claims/{claim}/provider", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/provider", {"provider": ""}, 200),
    ("GET", "/schools/{school}/claims/{claim}/provider-results?provider=leeds", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/provider-results", {"provider": "leeds"}, 200),
    ("GET", "/schools/{school}/claims/{claim}/mentors", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/mentors", {}, 200),
    ("GET", "/schools/{school}/claims/{claim}/hours/{mentor}", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/hours/{mentor}", {}, 200),
    ("GET", "/schools/{school}/claims/{claim}/confirm-hours", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/confirm-hours", {}, 200),
    ("GET", "/schools/{school}/claims/{claim}/resume", None, 303),
    ("GET", "/schools/{school}/claims/{claim}/summary", None, 200),
    ("POST", "/schools/{school}/claims/{claim}/submit", {}, 303),
    ("GET", "/schools/{school}/claims/{submitted}/submitted", None, 200),
]
CASES = [pytest.param(*route, id=f"{route[0]} {route[1].split('/claims')[1]}") for route in ROUTES]
# Routes about one claim, which another school's member must not reach through their school.
CLAIM_CASES = [
    case for case in CASES if "{claim}" in case.values[1] or "{submitted}" in case.values[1]
]


@pytest.fixture
def rows(db):
    """A school with a draft (hours answered) and a submitted claim, and a school nearby."""
    school = db(journey_school, surnames=("Lovelace",))
    mentor = school.mentors["Lovelace"]
    claim = db(
        create_draft,
        school.school_id,
        school.user_id,
        school.provider_id,
        AcademicYear(2025),
        TODAY,
    )
    db(save_draft, claim, school.school_id, school.provider_id, [DraftLine(mentor, 4)], TODAY)
    submitted = db(
        stored_claim,
        school.school_id,
        school.provider_id,
        2026,
        [(mentor, 2)],
        ClaimStatus.SUBMITTED,
    )
    other_school = db(new_school, name="Another School")
    _, other_user = db(new_user, other_school)
    _, outsider = db(new_user, db(new_school))
    return {
        "school": school,
        "values": {
            "school": school.school_id,
            "claim": claim,
            "mentor": mentor,
            "submitted": submitted,
        },
        "other_school": other_school,
        "other_user": other_user,
        "outsider": outsider,
    }


def send(client, method: str, url: str, form: dict | None):
    if method == "GET":
        return client.get(url, follow_redirects=False)
    return client.post_form(url, form or {}, follow_redirects=False)


@pytest.mark.parametrize(("method", "path", "form", "_"), CASES)
def test_anonymous_user_is_sent_to_sign_in(client, rows, method, path, form, _):
    response = send(client, method, path.format(**rows["values"]), form)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in")


@pytest.mark.parametrize(("method", "path", "form", "status"), CASES)
def test_member_sees_the_page(client, rows, method, path, form, status):
    client.sign_in(rows["school"].user_key)

    response = send(client, method, path.format(**rows["values"]), form)

    assert response.status_code == status


@pytest.mark.parametrize(("method", "path", "form", "_"), CASES)
def test_someone_from_another_school_gets_not_found(client, rows, method, path, form, _):
    client.sign_in(rows["outsider"])

    response = send(client, method, path.format(**rows["values"]), form)

    assert response.status_code == 404
    assert "Journey Test School" not in response.text


@pytest.mark.parametrize(("method", "path", "form", "_"), CLAIM_CASES)
def test_another_schools_claim_is_not_found_from_your_own_school(
    client, rows, method, path, form, _
):
    client.sign_in(rows["other_user"])
    values = {**rows["values"], "school": rows["other_school"]}

    response = send(client, method, path.format(**values), form)

    assert response.status_code == 404
