"""The console's claims: search, filters as tags, pages of 25, the CSV download and a claim's page."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import uuid
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest

from domain.claim_status import ClaimStatus
from tests.fixtures.factories import new_claim, new_mentor, new_school, provider_id

CLAIMS = "/support/claims"


class World(dict):
    """One school's claims, by letter, with the school's URN and the support user's id."""


async def _world(assignee_id: int) -> World:
    from db.tables import Claim, School

    school_id = await new_school(
        name="Claims Search Primary School",
        local_authority_code="893",
        local_authority_name="Shropshire",
        establishment_type_code="3",
        establishment_type_name="Voluntary controlled school",
        establishment_group="Local authority maintained schools",
    )
    urn = (await School.select(School.urn).where(School.id == school_id).first())["urn"]
    surname = f"Quill{uuid.uuid4().hex[:6]}"
    ada = await new_mentor(school_id, first_name="Ada", last_name=surname)
    bo = await new_mentor(school_id, first_name="Bo", last_name="Other")
    first, second = await provider_id(0), await provider_id(1)
    world = World(urn=urn, school_id=school_id, surname=surname, first=first, second=second)
    world["a"] = await new_claim(
        school_id,
        [(ada, 10, "initial")],
        provider=first,
        year=2025,
        submitted_at=datetime(2026, 6, 2, 10, 30, tzinfo=UTC),
        hourly_rate_pence=5370,
        amount_pence=53700,
    )
    world["b"] = await new_claim(
        school_id,
        [(bo, 5, "refresher")],
        provider=second,
        year=2024,
        status=ClaimStatus.PAID,
        submitted_at=datetime(2025, 6, 10, 9, 0, tzinfo=UTC),
        hourly_rate_pence=5370,
        amount_pence=26850,
    )
    world["c"] = await new_claim(
        school_id,
        [(bo, 3, "refresher"), (ada, 2, "initial")],
        provider=first,
        year=2025,
        status=ClaimStatus.PAYMENT_IN_PROGRESS,
        # 23:30 UTC on 20 July is 00:30 on 21 July in the UK: the date filters use UK dates.
        submitted_at=datetime(2026, 7, 20, 23, 30, tzinfo=UTC),
        hourly_rate_pence=5370,
        amount_pence=26850,
    )
    world["draft"] = await new_claim(school_id, [(ada, 1)], provider=first, status="draft")
    await Claim.update({Claim.assigned_to: assignee_id}).where(Claim.id == world["c"])
    refs = await Claim.select(Claim.id, Claim.reference).where(Claim.school == school_id)
    world["ref"] = {row["id"]: row["reference"] for row in refs}
    return world


@pytest.fixture
def world(support, database) -> World:
    _, assignee = support.user("Ash", "Assignee")
    made = asyncio.run(_world(assignee))
    made["assignee"] = assignee
    return made


@pytest.fixture
def signed_in(client, support):
    key, user_id = support.user("Sue", "Searcher")
    client.sign_in(key)
    client.support_user_id = user_id
    return client


def _listed(html: str) -> list[int]:
    return [
        int(each) for each in re.findall(r'<a class="govuk-link" href="/support/claims/(\d+)', html)
    ]


def _found(client, world: World, **filters: str) -> set[str]:
    """Which of the world's claims the search lists (by letter)."""
    response = client.get(CLAIMS, params={"school": world["urn"], **filters})
    assert response.status_code == 200
    ids = set(_listed(response.text))
    return {letter for letter in ("a", "b", "c", "draft") if world[letter] in ids}


def test_every_submitted_claim_newest_first_and_never_a_draft(signed_in, world):
    page = signed_in.get(CLAIMS, params={"school": world["urn"]}).text
    assert _listed(page) == [world["c"], world["a"], world["b"]]
    assert "3 claims" in page


def test_search_by_part_of_a_reference_in_any_case(signed_in, world):
    reference = world["ref"][world["a"]]
    assert _found(signed_in, world, reference=reference[2:6].lower()) == {"a"}
    assert _found(signed_in, world, reference="%") == set()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"academic_year": "2024"}, {"b"}),
        ({"academic_year": "2025"}, {"a", "c"}),
        ({"training_type": "refresher"}, {"b", "c"}),
        ({"training_type": "initial"}, {"a", "c"}),
        ({"status": "paid"}, {"b"}),
        ({"status": "payment_in_progress"}, {"c"}),
        ({"status": "draft"}, {"a", "b", "c"}),
        ({"mentor": "bo other"}, {"b", "c"}),
        (
            {
                "submitted_from-day": "21",
                "submitted_from-month": "7",
                "submitted_from-year": "2026",
            },
            {"c"},
        ),
        (
            {"submitted_to-day": "20", "submitted_to-month": "7", "submitted_to-year": "2026"},
            {"a", "b"},
        ),
        ({"assigned": "unassigned"}, {"a", "b"}),
    ],
)
def test_each_filter_narrows_the_claims(signed_in, world, filters, expected):
    assert _found(signed_in, world, **filters) == expected


def test_filters_by_school_name_provider_mentor_trn_and_assignee(signed_in, world):
    assert _found(signed_in, world, provider=str(world["second"])) == {"b"}
    assert _found(signed_in, world, mentor=world["surname"].lower()) == {"a", "c"}
    assert _found(signed_in, world, assigned=str(world["assignee"])) == {"c"}
    by_name = signed_in.get(
        CLAIMS, params={"school": "claims search primary", "mentor": world["surname"]}
    )
    assert set(_listed(by_name.text)) == {world["a"], world["c"]}


def test_a_claim_window_finds_the_claims_submitted_in_it(signed_in, world, support):
    window = support.window(date(2026, 7, 21), date(2026, 7, 31))
    assert _found(signed_in, world, window=str(window)) == {"c"}


def test_options_not_offered_filter_nothing(signed_in, world):
    for junk in (
        {"academic_year": "1999"},
        {"provider": "-1"},
        {"assigned": "x"},
        {"window": "9" * 30},
    ):
        assert _found(signed_in, world, **junk) == {"a", "b", "c"}, junk


def test_selected_filters_are_tags_that_each_remove_one_filter(signed_in, world):
    page = signed_in.get(
        CLAIMS, params={"school": world["urn"], "status": "paid", "academic_year": "2024"}
    ).text
    tags = {
        text.strip(): href.replace("&amp;", "&")
        for href, text in re.findall(
            r'<a class="govuk-tag govuk-tag--grey" href="([^"]+)">'
            r'<span class="govuk-visually-hidden">Remove filter </span>([^<]+)',
            page,
        )
    }
    assert set(tags) == {"Academic year: 2024 to 2025", "Status: Paid", f"School: {world['urn']}"}
    without_status = signed_in.get(tags["Status: Paid"]).text
    assert "Status: Paid" not in without_status and "Academic year: 2024 to 2025" in without_status
    assert 'href="/support/claims">Clear filters</a>' in page
    assert "Clear filters" not in signed_in.get(CLAIMS).text


def test_bad_dates_get_govuk_errors_and_keep_what_was_typed(signed_in, world):
    response = signed_in.get(
        CLAIMS,
        params={
            "school": world["urn"],
            "submitted_from-day": "31",
            "submitted_from-month": "2",
            "submitted_from-year": "2026",
            "submitted_to-day": "x",
            "submitted_to-month": "",
            "submitted_to-year": "2026",
        },
    )
    assert response.status_code == 200
    page = response.text
    assert "<title>Error: Claims" in page
    assert 'href="#submitted_from-day">The start date must be a real date' in page
    assert 'href="#submitted_to-month">The end date must include a month' in page
    assert 'name="submitted_from-day" type="text" value="31"' in page
    # Only the boxes in error are marked: the end date's month, not its day or year.
    errored = re.findall(r'govuk-input--error" id="(submitted_[a-z]+-[a-z]+)"', page)
    assert "submitted_to-month" in errored and "submitted_to-year" not in errored, errored
    # The rest of the search still applies.
    assert set(_listed(page)) == {world["a"], world["b"], world["c"]}


def test_an_end_date_before_the_start_date_is_an_error(signed_in, world):
    page = signed_in.get(
        CLAIMS,
        params={
            "submitted_from-day": "2",
            "submitted_from-month": "6",
            "submitted_from-year": "2026",
            "submitted_to-day": "1",
            "submitted_to-month": "6",
            "submitted_to-year": "2026",
        },
    ).text
    assert "The end date must be the same as or after the start date" in page


async def _many_claims(count: int) -> tuple[str, list[int]]:
    from db.tables import School

    school_id = await new_school(name="Many Claims School")
    mentor = await new_mentor(school_id)
    first = await provider_id(0)
    ids = [
        await new_claim(
            school_id,
            [(mentor, 1, "initial")],
            provider=first,
            submitted_at=datetime(2026, 6, 1, 9, minute, tzinfo=UTC),
        )
        for minute in range(count)
    ]
    urn = (await School.select(School.urn).where(School.id == school_id).first())["urn"]
    return urn, ids


def test_claims_come_25_a_page_and_paging_keeps_the_filters(signed_in, world):
    urn, ids = asyncio.run(_many_claims(26))
    first = signed_in.get(CLAIMS, params={"school": urn}).text
    assert _listed(first) == ids[::-1][:25]
    assert f'href="/support/claims?school={urn}&amp;page=2"' in first
    second = signed_in.get(CLAIMS, params={"school": urn, "page": "2"}).text
    assert _listed(second) == [ids[0]]
    # Into a claim from the second page and back again: the same page of the same search.
    claim = signed_in.get(f"{CLAIMS}/{ids[0]}?school={urn}&page=2").text
    assert f'<a href="/support/claims?school={urn}&amp;page=2" class="govuk-back-link"' in claim
    assert f'href="/support/claims/{ids[0]}?school={urn}&amp;page=2"' in second
    # A page past the last shows the last.
    assert _listed(signed_in.get(CLAIMS, params={"school": urn, "page": "99"}).text) == [ids[0]]


def _csv(client, **filters) -> list[dict]:
    response = client.get(f"{CLAIMS}/download", params=filters)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_csv_has_exactly_the_filtered_claims(signed_in, world):
    rows = _csv(signed_in, school=world["urn"], academic_year="2025")
    assert [row["claim_reference"] for row in rows] == [
        world["ref"][world["c"]],
        world["ref"][world["a"]],
    ]
    a = rows[1]
    assert a["school_urn"] == world["urn"]
    assert a["school_name"] == "Claims Search Primary School"
    assert a["claim_amount"] == "537.00"
    assert a["claim_submission_date"] == "2026-06-02T10:30:00+00:00"
    assert a["claim_status"] == "submitted"
    assert a["provider_code"] and a["provider_name"]
    assert a["school_local_authority"] == "Shropshire"
    assert a["school_establishment_type"] == "Voluntary controlled school"
    assert a["school_group"] == "Local authority maintained schools"
    page = signed_in.get(CLAIMS, params={"school": world["urn"], "academic_year": "2025"}).text
    assert f'href="/support/claims/download?academic_year=2025&amp;school={world["urn"]}"' in page


def test_the_csv_is_written_a_batch_of_claims_at_a_time(signed_in, world, monkeypatch):
    from db.queries import support_claims
    from web.routes.support import claims as route

    monkeypatch.setattr(support_claims, "CSV_BATCH", 1)
    log: list[str] = []

    async def batches(search, batch=None, *, scope=support_claims.EVERY_CLAIM):
        async for each in support_claims.claim_batches(search, batch, scope=scope):
            log.append(f"read {len(each)}")
            yield each

    async def lines(rows):
        async for chunk in route_csv_lines(rows):
            log.append(f"wrote {chunk.count(chr(10))}")
            yield chunk

    route_csv_lines = route.csv_lines
    monkeypatch.setattr(route, "claim_batches", batches)
    monkeypatch.setattr(route, "csv_lines", lines)
    response = signed_in.get(f"{CLAIMS}/download", params={"school": world["urn"]})
    assert "content-length" not in response.headers
    # Each batch is written before the next is read: the file is never held whole.
    assert log == ["wrote 1"] + ["read 1", "wrote 1"] * 3
    assert [line.split(",")[0] for line in response.text.splitlines()[1:]] == [
        world["ref"][world[letter]] for letter in ("c", "b", "a")
    ]


def test_the_csv_of_a_search_with_a_bad_date_goes_back_to_the_search(signed_in, world):
    response = signed_in.get(
        f"{CLAIMS}/download",
        params={"school": world["urn"], "submitted_from-day": "99"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"{CLAIMS}?school=")


def test_a_claims_page_shows_it_and_its_back_link_keeps_the_search(signed_in, world):
    # Kept in the form's order, whatever order the address had.
    query = urlencode({"status": "payment_in_progress", "school": world["urn"]})
    listing = signed_in.get(f"{CLAIMS}?{query}").text
    link = f"/support/claims/{world['c']}?{query}"
    assert f'href="{link.replace("&", "&amp;")}"' in listing
    page = signed_in.get(link).text
    assert f"Claim {world['ref'][world['c']]}" in page
    assert (
        f'<a href="/support/claims?{query.replace("&", "&amp;")}" class="govuk-back-link"' in page
    )
    assert "Claims Search Primary School" in page and world["urn"] in page
    assert "Payment in progress" in page and "£268.50" in page
    assert world["surname"] in page and "Bo Other" in page
    assert "Claim submitted" in page


def test_unknown_claims_and_drafts_are_not_found(signed_in, world):
    assert signed_in.get(f"{CLAIMS}/{world['draft']}").status_code == 404
    assert signed_in.get(f"{CLAIMS}/999999999").status_code == 404


def test_assigning_a_claim_records_it_in_its_history_and_the_activity_log(signed_in, world):
    url = f"{CLAIMS}/{world['a']}"
    query = f"?school={world['urn']}"
    response = signed_in.post_form(
        f"{url}/assign{query}",
        {"assigned_to": str(signed_in.support_user_id)},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"{url}{query}"
    page = signed_in.get(url).text
    reference = world["ref"][world["a"]]
    assert f"Claim {reference} assigned to Sue Searcher" in page
    assert "Claim assigned to Sue Searcher" in page  # the banner
    assert (
        f"Claim {reference} assigned to Sue Searcher"
        in signed_in.get("/support/settings/activity").text
    )
    assert _found(signed_in, world, assigned=str(signed_in.support_user_id)) == {"a"}
    signed_in.post_form(f"{url}/assign", {"assigned_to": ""})
    assert f"Claim {reference} no longer assigned to anyone" in signed_in.get(url).text


def test_assigning_someone_who_is_not_a_support_user_is_an_error(signed_in, world):
    response = signed_in.post_form(f"{CLAIMS}/{world['a']}/assign", {"assigned_to": "999999999"})
    assert response.status_code == 200
    assert 'href="#assigned_to">Select a support user, or nobody' in response.text


def test_a_support_ticket_link_is_kept_and_checked(signed_in, world):
    url = f"{CLAIMS}/{world['b']}"
    bad = signed_in.post_form(f"{url}/ticket", {"support_ticket_url": "javascript:alert(1)"})
    assert bad.status_code == 200
    assert (
        'href="#support_ticket_url">Enter a support ticket link in the correct format' in bad.text
    )
    assert 'value="javascript:alert(1)"' in bad.text
    link = "https://support.example.com/tickets/42"
    saved = signed_in.post_form(f"{url}/ticket", {"support_ticket_url": link})
    assert f'href="{link}"' in saved.text and "Support ticket link saved" in saved.text
    assert f"Support ticket for claim {world['ref'][world['b']]} set to {link}" in saved.text
    removed = signed_in.post_form(f"{url}/ticket", {"support_ticket_url": "  "})
    assert f'href="{link}"' not in removed.text


def test_the_console_navigation_has_claims_with_its_sub_navigation(signed_in):
    page = signed_in.get(CLAIMS).text
    assert re.search(
        r'govuk-service-navigation__item--active[^>]*>\s*<a[^>]*href="/support/claims"', page
    )
    assert 'href="/support/claims" aria-current="page">All claims' in page
    assert 'href="/support/settings/activity">Activity log' in page


def _statements(client, url: str) -> int:
    from db.query_count import counting_queries

    with counting_queries() as count:
        assert client.get(url).status_code == 200
    return len(count.statements)


def test_the_pages_make_a_few_queries_whatever_the_filters(signed_in, world):
    # Session (in the database unless Redis holds it) and support user, the filters' options,
    # and the page with how many were found.
    filtered = f"{CLAIMS}?school={world['urn']}&status=paid&training_type=refresher&mentor=bo"
    listed = _statements(signed_in, CLAIMS)
    assert listed == _statements(signed_in, filtered) and listed <= 4
    # A page past the last counts apart, then shows the last page.
    assert _statements(signed_in, f"{CLAIMS}?page=99") <= 6
    # Session and support user, the claim, its school's users, its events, support users.
    assert _statements(signed_in, f"{CLAIMS}/{world['a']}") <= 6


@pytest.mark.parametrize(
    "value",
    ["'; DROP TABLE claim; --", "\x00", "%_\\", "9" * 60, "<script>x</script>", "ｚ̈\u202e", "-1"],
)
def test_hostile_filter_values_get_a_page_never_a_server_error(signed_in, world, value):
    from domain.claim_search import FILTER_PARAMETERS

    everything = {name: value for name in FILTER_PARAMETERS} | {"page": value}
    listed = signed_in.get(CLAIMS, params=everything)
    assert listed.status_code == 200
    assert "<script>x</script>" not in listed.text
    assert signed_in.get(f"{CLAIMS}/download", params=everything).status_code in (200, 303)
    url = f"{CLAIMS}/{world['a']}"
    for action, field in (("assign", "assigned_to"), ("ticket", "support_ticket_url")):
        response = signed_in.post_form(f"{url}/{action}", {field: value}, params=everything)
        assert response.status_code in (200, 303), (action, response.status_code)
