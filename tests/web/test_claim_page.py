"""A claim's page: who submitted it, its mentors and hours, its funding; only for its school."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree.ElementTree import Element

import html5lib
import pytest


def _document(html: str) -> Element:
    return html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)


def _text(element: Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _summary(document: Element) -> dict[str, str]:
    """Every summary list row on the page, key to value."""
    return {
        _text(row.find("dt")): _text(row.find("dd"))
        for row in document.findall(".//*[@class='govuk-summary-list__row']")
    }


def _claim_page(client, school_id: int, claim_id: int) -> tuple[str, Element]:
    response = client.get(f"/schools/{school_id}/claims/{claim_id}")
    assert response.status_code == 200
    return response.text, _document(response.text)


def test_a_submitted_claim_shows_who_submitted_it_and_its_stored_funding(client, make, claims):
    school_id = make.school(name="Claim Page Primary", region="Rest of England")
    submitter = make.user(school_id, first_name="Sam", last_name="Submitter")
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    bob = claims.mentor(school_id, first_name="Bob", last_name="Brown")
    # Stored at £40.00 an hour: the page shows what was fixed at submission, not today's rate.
    claim_id = claims.submitted(
        school_id,
        [(ada, 16, "initial"), (bob, 6, "refresher")],
        hourly_rate_pence=4000,
        amount_pence=88000,
        provider="Best Practice Network",
        submitted_by=submitter,
        submitted_at=datetime(2026, 11, 2, 10, 30, tzinfo=UTC),
    )
    client.sign_in(make.user(school_id))
    html, document = _claim_page(client, school_id, claim_id)
    reference = claims.reference(claim_id)
    assert _text(document.find(".//h1")) == f"Claim {reference}"
    assert f"<title>Claim {reference} - " in html
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in html
    assert "Submitted by Sam Submitter on 2 November 2026 at 10:30am." in _text(document)
    assert _summary(document) == {
        "School": "Claim Page Primary",
        "Academic year": "2025 to 2026",
        "Accredited provider": "Best Practice Network",
        "Ada Lovelace": "16 hours Initial training",
        "Bob Brown": "6 hours Refresher training",
        "Total hours": "22 hours",
        "Hourly rate": "£40.00",
        "Claim amount": "£880.00",
    }
    assert "Remove claim" not in html
    assert f"/claims/{claim_id}/remove" not in html
    assert f'href="/schools/{school_id}/claims"' in html


def test_a_claim_in_a_later_status_shows_that_status(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    claim_id = claims.submitted(
        school_id,
        [(mentor, 4, "initial")],
        hourly_rate_pence=4380,
        amount_pence=17520,
        status="payment_not_approved",
    )
    client.sign_in(make.user(school_id))
    html, _ = _claim_page(client, school_id, claim_id)
    assert '<strong class="govuk-tag govuk-tag--red">Rejected by payer</strong>' in html
    assert "Remove claim" not in html


def test_a_draft_shows_its_answers_so_far_and_can_be_continued_or_removed(client, make, claims):
    school_id = make.school(name="Draft Primary", region="Outer London")
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    bob = claims.mentor(school_id, first_name="Bob", last_name="Brown")
    claim_id = claims.draft(school_id, [(ada, 10), (bob, None)])
    client.sign_in(make.user(school_id))
    html, document = _claim_page(client, school_id, claim_id)
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in html
    assert "This claim has not been submitted yet." in _text(document)
    summary = _summary(document)
    assert summary["Ada Lovelace"] == "10 hours Initial training"
    assert summary["Bob Brown"] == "Not answered yet Initial training"
    # Outer London's rate today, £48.25, times the 10 hours answered so far.
    assert summary["Total hours"] == "10 hours"
    assert summary["Hourly rate"] == "£48.25"
    assert summary["Claim amount"] == "£482.50"
    assert f'href="/schools/{school_id}/claims/{claim_id}/remove"' in html
    assert f'href="/schools/{school_id}/claims/{claim_id}/resume"' in html


def test_a_drafts_mentor_is_on_refresher_training_after_an_earlier_years_claim(
    client, make, claims
):
    school_id = make.school()
    other_school = make.school()
    ada = claims.mentor(school_id, other_school, first_name="Ada", last_name="Lovelace")
    bob = claims.mentor(school_id, first_name="Bob", last_name="Brown")
    cy = claims.mentor(school_id, first_name="Cy", last_name="Clay")
    # Ada trained with this provider last year through another school: refresher now.
    claims.submitted(
        other_school, [(ada, 16, "initial")], hourly_rate_pence=4380, amount_pence=70080, year=2024
    )
    # Bob's earlier claim is only a draft, which is not training: still initial.
    claims.draft(school_id, [(bob, 5)], year=2024)
    # Cy trained last year with a different provider: initial with this one.
    claims.submitted(
        school_id,
        [(cy, 16, "initial")],
        hourly_rate_pence=4380,
        amount_pence=70080,
        year=2024,
        provider="Best Practice Network",
    )
    claim_id = claims.draft(school_id, [(ada, 6), (bob, 16), (cy, 16)])
    client.sign_in(make.user(school_id))
    _, document = _claim_page(client, school_id, claim_id)
    summary = _summary(document)
    assert summary["Ada Lovelace"] == "6 hours Refresher training"
    assert summary["Bob Brown"] == "16 hours Initial training"
    assert summary["Cy Clay"] == "16 hours Initial training"


def test_a_draft_with_nothing_answered_yet(client, make, claims):
    school_id = make.school()
    claim_id = claims.draft(school_id, no_provider=True)
    client.sign_in(make.user(school_id))
    _, document = _claim_page(client, school_id, claim_id)
    assert "No mentors have been added to this claim yet." in _text(document)
    summary = _summary(document)
    assert summary["Accredited provider"] == "Not chosen yet"
    assert summary["Total hours"] == "0 hours"
    assert summary["Claim amount"] == "£0.00"


PATHS = ["/schools/{school_id}/claims/{claim_id}", "/schools/{school_id}/claims/{claim_id}/remove"]


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_user_is_sent_to_sign_in_and_back(client, make, claims, path):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    url = path.format(school_id=school_id, claim_id=claim_id)
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next={url}"


@pytest.mark.parametrize("path", PATHS)
def test_member_sees_the_page(client, make, claims, path):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(school_id))
    response = client.get(path.format(school_id=school_id, claim_id=claim_id))
    assert response.status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_someone_from_another_school_gets_not_found(client, make, claims, path):
    school_id = make.school(name="Private Claims School")
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(make.school()))
    response = client.get(path.format(school_id=school_id, claim_id=claim_id))
    assert response.status_code == 404
    assert "Private Claims School" not in response.text
    assert claims.reference(claim_id) not in response.text


@pytest.mark.parametrize("path", PATHS)
def test_another_schools_claim_under_your_school_is_not_found(client, make, claims, path):
    # A trust user belongs to both schools, but a claim is only found under its own school.
    school_id = make.school()
    other_school = make.school()
    claim_id = claims.draft(other_school)
    client.sign_in(make.user(school_id, other_school))
    response = client.get(path.format(school_id=school_id, claim_id=claim_id))
    assert response.status_code == 404
    assert claims.reference(claim_id) not in response.text


@pytest.mark.parametrize("path", PATHS)
def test_grant_conditions_come_first(client, make, claims, path):
    school_id = make.school(accepted=False)
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(school_id))
    response = client.get(
        path.format(school_id=school_id, claim_id=claim_id), follow_redirects=False
    )
    assert response.headers["location"] == f"/schools/{school_id}/grant-conditions"


def test_a_claim_that_does_not_exist_is_not_found(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    assert client.get(f"/schools/{school_id}/claims/999999999").status_code == 404


def test_a_claim_of_a_year_without_the_initial_and_refresher_split_names_no_training_type(
    client, make, claims
):
    # 2024 to 2025 allowed 20 hours per provider whatever the training (rules.md).
    school_id = make.school(name="Claim Page Primary", region="Rest of England")
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    claim_id = claims.submitted(
        school_id, [(ada, 20, "initial")], year=2024, hourly_rate_pence=4000, amount_pence=80000
    )
    client.sign_in(make.user(school_id))
    html, document = _claim_page(client, school_id, claim_id)
    summary = _summary(document)
    assert summary["Academic year"] == "2024 to 2025"
    assert summary["Ada Lovelace"] == "20 hours"
    assert "Initial training" not in html
