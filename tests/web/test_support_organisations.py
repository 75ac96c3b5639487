"""The console's organisations: every school searched by name, URN or postcode, 25 a page."""

from __future__ import annotations

import re

import pytest

ORGANISATIONS = "/support/organisations"


def _names(html: str) -> list[str]:
    body = html[html.index('<tbody class="govuk-table__body">') :]
    return re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">'
        r'<a class="govuk-link" href="/schools/\d+">([^<]+)</a></td>',
        body,
    )


def _urns(html: str) -> list[str]:
    body = html[html.index('<tbody class="govuk-table__body">') :]
    return re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">.+?</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>',
        body,
    )


@pytest.fixture
def signed_in(client):
    client.sign_in("support", next_path="/schools")
    return client


def test_a_signed_in_support_user_lands_on_organisations(client):
    signed = client.sign_in("support", next_path="/schools")
    landing = client.get(signed.headers["location"], follow_redirects=True)
    assert landing.url.path == ORGANISATIONS
    assert "<title>Organisations - " in landing.text
    # The console's navigation, in support.md's order.
    nav = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', landing.text)
    assert nav[:4] == [
        "/support/organisations",
        "/support/claims",
        "/support/users",
        "/support/settings",
    ]
    assert client.get("/support", follow_redirects=False).headers["location"] == ORGANISATIONS


def test_every_school_is_listed_25_a_page_by_name(signed_in):
    first = signed_in.get(ORGANISATIONS).text
    assert len(_names(first)) == 25
    second = signed_in.get(f"{ORGANISATIONS}?page=2").text
    assert len(_names(second)) == 25
    # Other tests add schools with the same name: URNs tell the rows apart.
    assert len(set(_urns(first) + _urns(second))) == 50
    assert 'href="/support/organisations?page=2"' in first
    assert 'rel="prev"' in second


@pytest.mark.parametrize(
    ("query", "school"),
    [
        ("adderley", "Adderley CofE Primary School"),
        ("123457", "Adderley CofE Primary School"),
        ("tf9 3tf", "Adderley CofE Primary School"),
        ("TF93TF", "Adderley CofE Primary School"),
    ],
)
def test_search_by_name_urn_or_postcode(signed_in, query, school):
    page = signed_in.get(ORGANISATIONS, params={"q": query}).text
    assert school in _names(page)
    assert "123457" in page and "TF9 3TF" in page


def test_a_search_with_no_results_says_so(signed_in):
    page = signed_in.get(ORGANISATIONS, params={"q": "no school is called this"}).text
    assert "No organisations found for ‘no school is called this’" in page


@pytest.mark.parametrize("page_number", ["0", "-1", "abc", "99999", "9" * 30])
def test_a_page_number_out_of_range_shows_a_page_of_results(signed_in, page_number):
    response = signed_in.get(ORGANISATIONS, params={"page": page_number})
    assert response.status_code == 200
    assert len(_names(response.text)) >= 1
