"""The claims list's tables: academic year tabs, rows, amounts, drafts and pagination."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree.ElementTree import Element

import html5lib


def _document(html: str) -> Element:
    return html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)


def _text(element: Element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _by_id(document: Element, element_id: str) -> Element:
    found = document.find(f".//*[@id='{element_id}']")
    assert found is not None, f"no element with id {element_id}"
    return found


def _rows(element: Element) -> list[list[str]]:
    """The text of each body cell of the tables inside the element."""
    return [[_text(cell) for cell in row.findall("td")] for row in element.findall(".//tbody/tr")]


def _tab_labels(document: Element) -> list[tuple[str, str]]:
    return [
        (_text(link), link.get("href"))
        for link in document.findall(".//*[@class='govuk-tabs__list']//a")
    ]


def _list(client, school_id: int, query: str = "") -> Element:
    response = client.get(f"/schools/{school_id}/claims{query}")
    assert response.status_code == 200
    return _document(response.text)


def test_each_academic_year_has_a_tab_newest_first(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    older = claims.submitted(
        school_id, [(mentor, 20, "initial")], hourly_rate_pence=4380, amount_pence=87600, year=2023
    )
    middle = claims.submitted(
        school_id, [(mentor, 6, "refresher")], hourly_rate_pence=4380, amount_pence=26280, year=2024
    )
    current = claims.draft(school_id, [(mentor, 2)])
    client.sign_in(make.user(school_id))
    document = _list(client, school_id)
    assert _tab_labels(document) == [
        ("2025 to 2026", "#claims-2025-to-2026"),
        ("2024 to 2025", "#claims-2024-to-2025"),
        ("2023 to 2024", "#claims-2023-to-2024"),
    ]
    for panel, claim_id in [
        ("claims-2025-to-2026", current),
        ("claims-2024-to-2025", middle),
        ("claims-2023-to-2024", older),
    ]:
        rows = _rows(_by_id(document, panel))
        assert [row[0] for row in rows] == [claims.reference(claim_id)]
    # Without JavaScript every panel is on the page; the first is the one shown with it.
    assert "govuk-tabs__panel--hidden" not in _by_id(document, "claims-2025-to-2026").get("class")
    assert "govuk-tabs__panel--hidden" in _by_id(document, "claims-2023-to-2024").get("class")


def test_the_open_windows_year_has_a_tab_even_without_claims(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    claims.submitted(
        school_id, [(mentor, 20, "initial")], hourly_rate_pence=4380, amount_pence=87600, year=2023
    )
    client.sign_in(make.user(school_id))
    document = _list(client, school_id)
    assert [label for label, _ in _tab_labels(document)] == ["2025 to 2026", "2023 to 2024"]
    assert _text(_by_id(document, "claims-2025-to-2026")).endswith(
        "There are no claims for 2025 to 2026."
    )


def test_one_year_is_shown_without_tabs(client, make, claims):
    school_id = make.school()
    claims.mentor(school_id)
    client.sign_in(make.user(school_id))
    document = _list(client, school_id)
    assert document.find(".//*[@class='govuk-tabs']") is None
    assert "2025 to 2026 There are no claims for 2025 to 2026." in _text(document.find(".//main"))


def test_no_claims_and_no_open_window(client, make, clock):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    clock.moment = datetime(2026, 8, 1, tzinfo=UTC)
    text = _text(_list(client, school_id).find(".//main"))
    assert "Your organisation has not made any claims yet." in text


def test_a_row_shows_reference_provider_mentors_amount_date_and_status(client, make, claims):
    school_id = make.school()
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    bob = claims.mentor(school_id, first_name="Bob", last_name="Brown")
    claim_id = claims.submitted(
        school_id,
        [(ada, 16, "initial"), (bob, 4, "initial")],
        hourly_rate_pence=4380,
        amount_pence=87600,
        provider="Best Practice Network",
        status="paid",
        submitted_at=datetime(2026, 11, 2, 23, 30, tzinfo=UTC),
    )
    client.sign_in(make.user(school_id))
    response = client.get(f"/schools/{school_id}/claims")
    document = _document(response.text)
    headers = [_text(cell) for cell in document.findall(".//thead//th")]
    assert headers[:6] == [
        "Reference",
        "Accredited provider",
        "Mentors",
        "Amount",
        "Date submitted",
        "Status",
    ]
    reference = claims.reference(claim_id)
    # 11:30pm UTC on 2 November is still 2 November in London (GMT).
    assert _rows(document) == [
        [
            reference,
            "Best Practice Network",
            "Ada Lovelace Bob Brown",
            "£876.00",
            "2 November 2026",
            "Paid",
        ]
    ]
    assert f'href="/schools/{school_id}/claims/{claim_id}">{reference}</a>' in response.text
    assert '<strong class="govuk-tag govuk-tag--green">Paid</strong>' in response.text
    # A submitted claim cannot be continued or removed.
    assert f"/claims/{claim_id}/remove" not in response.text
    assert f"/claims/{claim_id}/resume" not in response.text


def test_a_submitted_amount_is_the_stored_one_not_todays_rate(client, make, claims):
    school_id = make.school(region="Rest of England")
    mentor = claims.mentor(school_id)
    # Stored at a rate unlike today's (£43.80), as if the rate changed after submission.
    claims.submitted(
        school_id, [(mentor, 10, "initial")], hourly_rate_pence=4000, amount_pence=40000
    )
    client.sign_in(make.user(school_id))
    rows = _rows(_list(client, school_id))
    assert rows[0][3] == "£400.00"


def test_a_draft_can_be_continued_or_removed_and_its_amount_is_worked_out(client, make, claims):
    school_id = make.school(region="Inner London")
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    bob = claims.mentor(school_id, first_name="Bob", last_name="Brown")
    draft = claims.draft(school_id, [(ada, 16), (bob, None)])
    client.sign_in(make.user(school_id))
    response = client.get(f"/schools/{school_id}/claims")
    reference = claims.reference(draft)
    [row] = _rows(_document(response.text))
    # 16 hours at the Inner London rate; Bob's hours are not answered yet.
    assert row == [
        reference,
        "2Schools Consortium",
        "Ada Lovelace Bob Brown",
        "£857.60",
        "Not submitted",
        "Draft",
        f"Continue claim {reference} Remove claim {reference}",
    ]
    assert f'href="/schools/{school_id}/claims/{draft}/resume"' in response.text
    assert f'href="/schools/{school_id}/claims/{draft}/remove"' in response.text
    assert '<strong class="govuk-tag govuk-tag--grey">Draft</strong>' in response.text


def test_a_draft_without_a_provider_or_mentors_yet(client, make, claims):
    school_id = make.school()
    claims.draft(school_id, no_provider=True)
    client.sign_in(make.user(school_id))
    [row] = _rows(_list(client, school_id))
    assert row[1:6] == ["Not chosen yet", "None yet", "£0.00", "Not submitted", "Draft"]


def test_drafts_come_first_then_the_latest_submitted(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    early = claims.submitted(
        school_id,
        [(mentor, 1, "initial")],
        hourly_rate_pence=4380,
        amount_pence=4380,
        submitted_at=datetime(2026, 10, 10, tzinfo=UTC),
    )
    late = claims.submitted(
        school_id,
        [(mentor, 1, "initial")],
        hourly_rate_pence=4380,
        amount_pence=4380,
        submitted_at=datetime(2026, 11, 10, tzinfo=UTC),
    )
    draft = claims.draft(school_id, [(mentor, 1)], created_at=datetime(2026, 10, 6, tzinfo=UTC))
    client.sign_in(make.user(school_id))
    references = [row[0] for row in _rows(_list(client, school_id))]
    assert references == [claims.reference(each) for each in (draft, late, early)]


def _thirty_claims(make, claims) -> tuple[int, list[str]]:
    """A school with 30 submitted claims this year; references newest first."""
    school_id = make.school()
    mentor = claims.mentor(school_id)
    start = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)
    ids = [
        claims.submitted(
            school_id,
            [(mentor, 1, "initial")],
            hourly_rate_pence=4380,
            amount_pence=4380,
            submitted_at=start + timedelta(hours=number),
        )
        for number in range(30)
    ]
    return school_id, [claims.reference(each) for each in reversed(ids)]


def test_claims_are_shown_25_a_page(client, make, claims):
    school_id, references = _thirty_claims(make, claims)
    client.sign_in(make.user(school_id))
    first = client.get(f"/schools/{school_id}/claims")
    document = _document(first.text)
    assert [row[0] for row in _rows(document)] == references[:25]
    text = _text(document.find(".//main"))
    assert "Showing 1 to 25 of 30 claims" in text
    next_link = document.find(".//*[@class='govuk-pagination__next']/a")
    assert next_link.get("href") == (
        f"/schools/{school_id}/claims?year=2025&page=2#claims-2025-to-2026"
    )
    assert document.find(".//*[@class='govuk-pagination__prev']") is None
    current = document.find(".//a[@aria-current='page']")
    assert _text(current) == "1"

    second = _document(client.get(next_link.get("href").split("#")[0]).text)
    assert [row[0] for row in _rows(second)] == references[25:]
    assert "Showing 26 to 30 of 30 claims" in _text(second.find(".//main"))
    assert second.find(".//*[@class='govuk-pagination__next']") is None
    previous = second.find(".//*[@class='govuk-pagination__prev']/a")
    assert previous.get("href") == (
        f"/schools/{school_id}/claims?year=2025&page=1#claims-2025-to-2026"
    )


def test_a_page_past_the_end_shows_the_last_page_and_junk_shows_the_first(client, make, claims):
    school_id, references = _thirty_claims(make, claims)
    client.sign_in(make.user(school_id))
    past_end = _list(client, school_id, "?year=2025&page=9")
    assert [row[0] for row in _rows(past_end)] == references[25:]
    for junk in (
        "?year=2025&page=abc",
        "?year=2025&page=-1",
        "?year=abc&page=2",
        "?page=%EF%BC%92",
    ):
        assert [row[0] for row in _rows(_list(client, school_id, junk))] == references[:25]


def test_paging_one_year_leaves_the_other_years_on_their_first_page(client, make, claims):
    school_id, references = _thirty_claims(make, claims)
    mentor = claims.mentor(school_id)
    older = claims.submitted(
        school_id, [(mentor, 2, "initial")], hourly_rate_pence=4380, amount_pence=8760, year=2024
    )
    client.sign_in(make.user(school_id))
    document = _list(client, school_id, "?year=2025&page=2")
    assert [row[0] for row in _rows(_by_id(document, "claims-2025-to-2026"))] == references[25:]
    assert [row[0] for row in _rows(_by_id(document, "claims-2024-to-2025"))] == [
        claims.reference(older)
    ]
    # Each year's pagination is its own landmark, named for the year.
    labels = [
        nav.get("aria-label") for nav in document.findall(".//nav[@class='govuk-pagination']")
    ]
    assert labels == ["Pages of claims for 2025 to 2026"]


def test_another_schools_claims_are_not_listed(client, make, claims):
    school_id = make.school()
    other = make.school()
    claims.draft(other, [(claims.mentor(other), 3)])
    client.sign_in(make.user(school_id))
    assert _rows(_list(client, school_id)) == []
