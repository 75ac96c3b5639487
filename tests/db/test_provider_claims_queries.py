"""A provider's claim queries on the real database: only its own submitted claims, filtered."""

from __future__ import annotations

import pytest

from db.queries.provider_claims import (
    find_provider_claims,
    provider_claim,
    provider_claim_batches,
    provider_claim_options,
)
from db.queries.provider_users import (
    is_provider_user,
    providers_for_user,
    viewer_with_provider,
)
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.provider_claim_search import ProviderClaimSearch
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_provider_user, new_school, new_user
from tests.fixtures.providers import HILL, VALE, provider_with_claims


@pytest.fixture
def claims(database) -> dict:
    return run(provider_with_claims())


def _ids(claims: dict, search: ProviderClaimSearch, page: int = 1, per_page: int = 25) -> list:
    rows, _ = run(find_provider_claims(claims["provider"], search, page, per_page))
    names = {claims[name]: name for name in ("hill_2025", "vale_2025", "hill_2024")}
    return [names.get(row.id, row.id) for row in rows]


def test_the_list_is_the_providers_submitted_claims_newest_first(claims):
    assert _ids(claims, ProviderClaimSearch()) == ["vale_2025", "hill_2025", "hill_2024"]
    rows, total = run(find_provider_claims(claims["provider"], ProviderClaimSearch(), 1, 25))
    assert total == 3
    first = rows[0]
    assert (first.school_name, first.status, first.academic_year, first.amount_pence) == (
        VALE,
        ClaimStatus.PAID,
        AcademicYear(2025),
        17520,
    )


@pytest.mark.parametrize(
    ("school", "year", "found"),
    [
        ("hill", None, ["hill_2025", "hill_2024"]),
        ("vale", None, ["vale_2025"]),
        (None, 2024, ["hill_2024"]),
        ("hill", 2025, ["hill_2025"]),
        ("vale", 2024, []),
    ],
)
def test_filters_by_school_and_academic_year(claims, school, year, found):
    search = ProviderClaimSearch(
        school_id=claims[school] if school else None,
        academic_year=AcademicYear(year) if year else None,
    )
    assert _ids(claims, search) == found


def test_pages_count_every_claim_found_and_a_page_past_the_last_is_empty(claims):
    rows, total = run(find_provider_claims(claims["provider"], ProviderClaimSearch(), 2, 2))
    assert ([row.id for row in rows], total) == ([claims["hill_2024"]], 3)
    rows, total = run(find_provider_claims(claims["provider"], ProviderClaimSearch(), 5, 2))
    assert (rows, total) == ([], 3)


def test_the_options_are_the_schools_and_years_of_the_providers_claims(claims):
    options = run(provider_claim_options(claims["provider"]))
    assert [school.name for school in options.schools] == [VALE, HILL]
    assert options.academic_years == (AcademicYear(2025), AcademicYear(2024))
    # A school whose only claim with the provider is a draft is not offered.
    drafts_only = run(_school_with_only_a_draft(claims["provider"]))
    assert drafts_only not in run(provider_claim_options(claims["provider"])).choices.school_ids


async def _school_with_only_a_draft(provider: int) -> int:
    school = await new_school(name="Draft Only School")
    await new_claim(school, [], provider=provider, status="draft")
    return school


def test_a_claim_is_read_only_through_its_own_provider(claims):
    claim = run(provider_claim(claims["provider"], claims["hill_2025"]))
    assert claim is not None
    assert (claim.school_name, claim.status, claim.hourly_rate_pence, claim.amount_pence) == (
        HILL,
        ClaimStatus.SUBMITTED,
        4380,
        70080,
    )
    assert [(line.name, line.hours, line.training_type) for line in claim.lines] == [
        ("Ada Lovelace", 10, TrainingType.INITIAL),
        ("Alan Turing", 6, TrainingType.REFRESHER),
    ]
    assert claim.total_hours == 16
    # Another provider's claim, a draft and no claim at all read the same: nothing.
    assert run(provider_claim(claims["provider"], claims["elsewhere"])) is None
    assert run(provider_claim(claims["other_provider"], claims["hill_2025"])) is None
    assert run(provider_claim(claims["provider"], claims["draft"])) is None
    assert run(provider_claim(claims["provider"], 2**31 - 1)) is None


def _download(provider: int, search: ProviderClaimSearch, batch: int) -> list[list]:
    async def read() -> list[list]:
        return [each async for each in provider_claim_batches(provider, search, batch)]

    return run(read())


def test_the_download_comes_in_batches_of_exactly_the_search(claims):
    batches = _download(claims["provider"], ProviderClaimSearch(), batch=2)
    assert [[claim.id for claim in batch] for batch in batches] == [
        sorted((claims["hill_2025"], claims["vale_2025"], claims["hill_2024"]), reverse=True)[:2],
        [min(claims["hill_2025"], claims["vale_2025"], claims["hill_2024"])],
    ]
    hill = _download(claims["provider"], ProviderClaimSearch(school_id=claims["hill"]), batch=10)
    assert [claim.id for claim in hill[0]] == sorted(
        (claims["hill_2025"], claims["hill_2024"]), reverse=True
    )
    newest = next(claim for claim in hill[0] if claim.id == claims["hill_2025"])
    assert [(line.name, line.hours) for line in newest.lines] == [
        ("Ada Lovelace", 10),
        ("Alan Turing", 6),
    ]
    assert newest.total_hours == 16
    nothing = ProviderClaimSearch(school_id=claims["vale"], academic_year=AcademicYear(2024))
    assert _download(claims["provider"], nothing, batch=10) == []


async def _users(provider: int, other: int) -> dict:
    provider_user, _ = await new_provider_user(provider)
    both, _ = await new_provider_user(provider, other)
    school_user, _ = await new_user(await new_school())
    return {"provider_user": provider_user, "both": both, "school_user": school_user}


def test_a_user_reaches_a_provider_only_through_a_membership(claims):
    users = run(_users(claims["provider"], claims["other_provider"]))
    mine = run(viewer_with_provider(users["provider_user"], claims["provider"]))
    assert mine.provider is not None and mine.provider.id == claims["provider"]
    assert (
        run(viewer_with_provider(users["provider_user"], claims["other_provider"])).provider is None
    )
    assert run(viewer_with_provider(users["school_user"], claims["provider"])).provider is None
    assert run(viewer_with_provider(2**31 - 1, claims["provider"])) is None
    assert run(is_provider_user(users["provider_user"]))
    assert not run(is_provider_user(users["school_user"]))
    assert {each.id for each in run(providers_for_user(users["both"]))} == {
        claims["provider"],
        claims["other_provider"],
    }
