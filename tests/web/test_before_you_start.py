"""Before you start (journeys.md): what a claim needs, on the start page and the claims list."""

from __future__ import annotations

import html5lib

# GOV.UK's "Find a lost teacher reference number (TRN)" service, run by the Teaching Regulation
# Agency: the address a mentor without their TRN is sent to.
FIND_A_LOST_TRN = "https://find-a-lost-trn.education.gov.uk"
YOU_WILL_NEED = [
    (
        "each mentor’s teacher reference number (TRN) – a mentor who has lost theirs can use "
        "the Find a lost teacher reference number (TRN) service"
    ),
    "each mentor’s date of birth",
    "the name of the accredited provider that trained them",
    "the total hours of training each mentor completed with that provider",
]
TRAINING_COMPLETE = "You can only submit a claim once the mentors’ training is complete."


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _before_you_start(html: str) -> tuple[list[str], str, list[tuple[str, str]]]:
    """The section's list items, its text and the links in its list."""
    main = html5lib.HTMLParser(namespaceHTMLElements=False).parse(html).find(".//main")
    section, inside = [], False
    for element in main.iter():
        if element.tag == "h2":
            inside = _text(element) == "Before you start"
        elif inside:
            section.append(element)
    assert section, "no Before you start section"
    items = [_text(each) for each in section if each.tag == "li"]
    text = " ".join(_text(each) for each in section if each.tag in {"p", "ul"})
    links = [
        (_text(link), link.get("href"))
        for each in section
        if each.tag == "li"
        for link in each.iter("a")
    ]
    return items, text, links


def _check(html: str) -> None:
    items, text, links = _before_you_start(html)
    assert items == YOU_WILL_NEED
    assert "You will need:" in text
    assert TRAINING_COMPLETE in text
    assert links == [("Find a lost teacher reference number (TRN) service", FIND_A_LOST_TRN)]


def test_the_start_page_says_what_a_claim_needs(client):
    _check(client.get("/").text)


def test_the_claims_list_says_what_a_claim_needs_when_one_can_be_started(client, make, claims):
    school_id = make.school()
    claims.mentor(school_id)
    client.sign_in(make.user(school_id))

    page = client.get(f"/schools/{school_id}/claims")

    assert f'href="/schools/{school_id}/claims/new"' in page.text
    _check(page.text)


def test_the_find_a_mentor_page_links_the_lost_trn_service(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))

    page = client.get(f"/schools/{school_id}/mentors/add")

    main = html5lib.HTMLParser(namespaceHTMLElements=False).parse(page.text).find(".//main")
    links = [(_text(each), each.get("href")) for each in main.iter("a")]
    assert (
        "Find a lost teacher reference number (TRN) service (opens in new tab)",
        FIND_A_LOST_TRN,
    ) in links
