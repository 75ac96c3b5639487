"""A provider's claims: its list with filters as tags, pages of 25, the CSV and a claim's page."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import UTC, datetime

import pytest

from db.personas import CLAIMS_PROVIDER_CODE
from tests.fixtures.factories import (
    new_claim,
    new_mentor,
    new_provider,
    new_provider_user,
    new_school,
)
from tests.fixtures.providers import provider_with_claims


class World(dict):
    """A provider of the test's own, its user, two schools' claims and claims it must not see."""

    @property
    def claims(self) -> str:
        return f"/providers/{self['provider']}/claims"


async def _world() -> World:
    made = await provider_with_claims()
    return World(made, other=made["other_provider"])


@pytest.fixture
def world(database) -> World:
    return asyncio.run(_world())


@pytest.fixture
def signed_in(client, world):
    client.sign_in(world["user"])
    return client


def _listed(html: str) -> list[int]:
    return [int(each) for each in re.findall(r'href="/providers/\d+/claims/(\d+)[?"]', html)]


def test_a_provider_user_lands_on_their_providers_claims(client, world):
    signed_in = client.sign_in(world["user"])
    assert signed_in.headers["location"] == "/schools"
    landing = client.get("/schools", follow_redirects=True)
    assert landing.url.path == world.claims
    assert "<title>Claims - " in landing.text
    # The service navigation is the provider's, with the provider's name over the heading.
    assert f'href="{world.claims}"' in landing.text
    assert "govuk-service-navigation__item--active" in landing.text
    assert "Quillfield Test Partnership" in landing.text
    assert 'href="/schools/' not in landing.text and 'href="/support' not in landing.text


def test_the_list_is_the_providers_submitted_claims_newest_first(signed_in, world):
    page = signed_in.get(world.claims).text
    assert _listed(page) == [world["vale_2025"], world["hill_2025"], world["hill_2024"]]
    assert "3 claims" in page
    # The status tags the schools see.
    assert '<strong class="govuk-tag govuk-tag--green">Paid</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--purple">Audit requested</strong>' in page
    assert "£700.80" in page and "2024 to 2025" in page


@pytest.mark.parametrize(
    ("filters", "expected", "tags"),
    [
        ({"school": "hill"}, ["hill_2025", "hill_2024"], ["School: Hill Primary School"]),
        ({"academic_year": "2024"}, ["hill_2024"], ["Academic year: 2024 to 2025"]),
        (
            {"school": "hill", "academic_year": "2025"},
            ["hill_2025"],
            ["School: Hill Primary School", "Academic year: 2025 to 2026"],
        ),
    ],
)
def test_filters_narrow_the_list_and_show_as_tags(signed_in, world, filters, expected, tags):
    params = {name: str(world.get(value, value)) for name, value in filters.items()}
    page = signed_in.get(world.claims, params=params).text
    assert _listed(page) == [world[name] for name in expected]
    shown = re.findall(r'Remove filter </span>([^<]+?) <span aria-hidden="true">', page)
    assert [text.replace("&#39;", "'") for text in shown] == tags
    assert f'href="{world.claims}">Clear filters</a>' in page


def test_each_tag_removes_its_own_filter(signed_in, world):
    page = signed_in.get(
        world.claims, params={"school": world["hill"], "academic_year": "2025"}
    ).text
    assert f'<a class="govuk-tag govuk-tag--grey" href="{world.claims}?academic_year=2025">' in page
    assert (
        f'<a class="govuk-tag govuk-tag--grey" href="{world.claims}?school={world["hill"]}">'
    ) in page


def test_the_filter_form_offers_only_the_providers_schools_and_years(signed_in, world):
    page = signed_in.get(world.claims).text
    start = page.index('<form method="get"')
    form = page[start : page.index("</form>", start)]
    assert f'action="{world.claims}"' in form
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', form)
    assert options == [
        ("", "Any"),
        (str(world["vale"]), "=HYPERLINK(1) Vale Academy"),
        (str(world["hill"]), "Hill Primary School"),
        ("", "Any"),
        ("2025", "2025 to 2026"),
        ("2024", "2024 to 2025"),
    ]


@pytest.mark.parametrize("school", ["elsewhere", "nonsense", "-1", "9" * 40])
def test_a_school_the_form_did_not_offer_filters_nothing(signed_in, world, school):
    # Another provider's school in the address filters nothing: the list stays the provider's.
    value = school
    if school == "elsewhere":
        other_school = asyncio.run(new_school(name="Elsewhere School"))
        asyncio.run(new_claim(other_school, [], provider=world["other"]))
        value = str(other_school)
    page = signed_in.get(world.claims, params={"school": value}).text
    assert len(_listed(page)) == 3
    assert "Remove filter" not in page


def test_no_claim_of_another_provider_or_draft_is_listed(signed_in, world):
    page = signed_in.get(world.claims).text
    assert world["ref"][world["elsewhere"]] not in page
    assert world["ref"][world["draft"]] not in page


def test_a_claims_page_shows_it_read_only_and_back_keeps_the_filters(signed_in, world):
    listing = signed_in.get(world.claims, params={"school": world["hill"]}).text
    link = f"{world.claims}/{world['hill_2025']}?school={world['hill']}"
    assert f'href="{link}"' in listing
    response = signed_in.get(link)
    page = response.text
    assert f'<h1 class="govuk-heading-l">Claim {world["ref"][world["hill_2025"]]}</h1>' in page
    assert f'<a href="{world.claims}?school={world["hill"]}" class="govuk-back-link"' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in page
    assert "Hill Primary School" in page and "2025 to 2026" in page
    assert "Ada Lovelace" in page and "10 hours" in page and "Alan Turing" in page
    assert "16 hours" in page and "£43.80" in page and "£700.80" in page
    # Read only, and nothing of the school's users.
    main = page[page.index("<main") : page.index("</main>")]
    assert "<form" not in main and "<button" not in main
    assert "Sally" not in main and "Submitter" not in main and "@example.org" not in main


def test_another_providers_claim_a_draft_and_no_claim_are_not_found(signed_in, world):
    for claim in (world["elsewhere"], world["draft"], 2**31 - 1):
        response = signed_in.get(f"{world.claims}/{claim}")
        assert response.status_code == 404, claim
        assert "<title>Page not found" in response.text
    # The other provider's own address for its claim is not found either.
    assert (
        signed_in.get(f"/providers/{world['other']}/claims/{world['elsewhere']}").status_code == 404
    )


def _csv(client, world, **filters) -> list[dict]:
    response = client.get(f"{world.claims}/download", params=filters)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_csv_has_exactly_the_filtered_claims(signed_in, world):
    everything = _csv(signed_in, world)
    assert sorted(row["claim_reference"] for row in everything) == sorted(
        world["ref"][world[name]] for name in ("hill_2025", "vale_2025", "hill_2024")
    )
    rows = _csv(signed_in, world, school=world["hill"], academic_year="2025")
    assert rows == [
        {
            "claim_reference": world["ref"][world["hill_2025"]],
            "school_urn": rows[0]["school_urn"],
            "school_name": "Hill Primary School",
            "academic_year": "2025 to 2026",
            "mentors": "Ada Lovelace (10 hours); Alan Turing (6 hours)",
            "total_hours": "16",
            "claim_amount": "700.80",
            "claim_submission_date": "2026-06-03T09:00:00+00:00",
            "claim_status": "Submitted",
        }
    ]
    page = signed_in.get(world.claims, params={"academic_year": "2025", "school": world["hill"]})
    download = f"{world.claims}/download?school={world['hill']}&amp;academic_year=2025"
    assert f'href="{download}"' in page.text


def test_csv_cells_never_run_as_spreadsheet_formulas(signed_in, world):
    (vale,) = _csv(signed_in, world, school=world["vale"])
    assert vale["school_name"] == "'=HYPERLINK(1) Vale Academy"


def test_the_csv_is_written_a_batch_of_claims_at_a_time(signed_in, world, monkeypatch):
    from db.queries import provider_claims
    from web.routes import providers as route

    log: list[str] = []

    async def batches(provider_id, search, batch=None, scope=provider_claims.EVERY_CLAIM):
        async for each in provider_claims.provider_claim_batches(provider_id, search, 1, scope):
            log.append(f"read {len(each)}")
            yield each

    def lines(rows):
        async def written():
            async for chunk in route_csv_lines(rows):
                log.append(f"wrote {chunk.count(chr(10))}")
                yield chunk

        return written()

    route_csv_lines = route.csv_lines
    monkeypatch.setattr(route, "provider_claim_batches", batches)
    monkeypatch.setattr(route, "csv_lines", lines)
    response = signed_in.get(f"{world.claims}/download")
    assert "content-length" not in response.headers
    # Each batch is written before the next is read: the file is never held whole.
    assert log == ["wrote 1"] + ["read 1", "wrote 1"] * 3
    assert len(response.text.splitlines()) == 4


async def _many_claims(provider: int, count: int) -> tuple[int, list[int]]:
    school = await new_school(name="Busy Primary School")
    mentor = await new_mentor(school)
    ids = [
        await new_claim(
            school,
            [(mentor, 1, "initial")],
            provider=provider,
            submitted_at=datetime(2026, 6, 1, 9, minute, tzinfo=UTC),
        )
        for minute in range(count)
    ]
    return school, ids


def test_claims_come_25_a_page_and_paging_keeps_the_filters(signed_in, world):
    school, ids = asyncio.run(_many_claims(world["provider"], 26))
    first = signed_in.get(world.claims, params={"school": school}).text
    assert _listed(first) == ids[::-1][:25]
    assert f'href="{world.claims}?school={school}&amp;page=2"' in first
    second = signed_in.get(world.claims, params={"school": school, "page": "2"}).text
    assert _listed(second) == [ids[0]]
    claim = signed_in.get(f"{world.claims}/{ids[0]}?school={school}&page=2").text
    assert f'<a href="{world.claims}?school={school}&amp;page=2" class="govuk-back-link"' in claim
    # A page past the last shows the last.
    assert _listed(signed_in.get(world.claims, params={"school": school, "page": "99"}).text) == [
        ids[0]
    ]


def test_a_provider_with_no_claims_says_so(client):
    provider = asyncio.run(new_provider())
    _, key = asyncio.run(new_provider_user(provider))
    client.sign_in(key)
    page = client.get(f"/providers/{provider}/claims").text
    assert "0 claims" in page and "No school has submitted a claim" in page
    assert "Download CSV" not in page


def test_a_user_of_several_providers_chooses_one(client):
    first, second = (
        asyncio.run(new_provider("Alpha Partnership")),
        asyncio.run(new_provider("Beta Partnership")),
    )
    _, key = asyncio.run(new_provider_user(first, second))
    client.sign_in(key)
    page = client.get("/schools", follow_redirects=True)
    assert page.url.path == "/providers"
    assert f'href="/providers/{first}/claims"' in page.text
    assert f'href="/providers/{second}/claims"' in page.text
    account = client.get("/account").text
    assert "Alpha Partnership" in account and "Beta Partnership" in account
    assert "You have not been added to any organisations" not in account


@pytest.mark.parametrize(
    "value", ["'; DROP TABLE claim; --", "\x00", "%_\\", "9" * 60, "<script>x</script>", "-1"]
)
def test_hostile_filter_values_get_a_page_never_a_server_error(signed_in, world, value):
    everything = {"school": value, "academic_year": value, "page": value}
    listed = signed_in.get(world.claims, params=everything)
    assert listed.status_code == 200
    assert "<script>x</script>" not in listed.text
    assert signed_in.get(f"{world.claims}/download", params=everything).status_code == 200
    claim = signed_in.get(f"{world.claims}/{world['hill_2025']}", params=everything)
    assert claim.status_code == 200
    assert "<script>x</script>" not in claim.text


def test_the_provider_persona_sees_seeded_claims_from_more_than_one_school(client):
    client.sign_in("provider")
    page = client.get("/schools", follow_redirects=True)
    assert re.fullmatch(r"/providers/\d+/claims", page.url.path)
    assert "Bath Spa University" in page.text
    schools = set(re.findall(r'<td class="govuk-table__cell">([^<]+)<br><span', page.text))
    assert len(_listed(page.text)) >= 3 and len(schools) >= 2, schools
    rows = list(csv.DictReader(io.StringIO(client.get(f"{page.url.path}/download").text)))
    assert {row["claim_status"] for row in rows} >= {"Submitted", "Paid"}
    assert (
        CLAIMS_PROVIDER_CODE
        in client.get(f"{page.url.path}/download").headers["content-disposition"]
    )
