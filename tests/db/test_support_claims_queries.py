"""The console's claim queries on the real database: filters, pages, download batches, a claim."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from db.queries.support_claims import (
    Named,
    assign_claim,
    claim_batches,
    find_claims,
    search_options,
    set_ticket_link,
    support_claim,
    support_user_options,
)
from db.queries.support_events import events
from db.tables import School
from domain.academic_years import AcademicYear
from domain.claim_search import UNASSIGNED, ClaimSearch
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.windows import ClaimWindow
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


async def _school_claims() -> dict:
    school_id = await new_school(name="Query Test School")
    urn = (await School.select(School.urn).where(School.id == school_id).first())["urn"]
    mentor = await new_mentor(school_id, first_name="Grace", last_name="Hopperton")
    other = await new_mentor(school_id)
    first, second = await provider_id(0), await provider_id(1)
    made = {"urn": urn, "school_id": school_id, "mentor": mentor}
    made["june"] = await new_claim(
        school_id,
        [(mentor, 6, "initial")],
        provider=first,
        submitted_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),  # 1 July in the UK
        amount_pence=32220,
    )
    made["may"] = await new_claim(
        school_id,
        [(other, 4, "refresher")],
        provider=second,
        status=ClaimStatus.PAID,
        submitted_at=datetime(2026, 5, 20, 9, 0, tzinfo=UTC),
        amount_pence=21480,
    )
    made["draft"] = await new_claim(school_id, [(mentor, 2)], provider=first, status="draft")
    made["first"], made["second"] = first, second
    return made


@pytest.fixture
def school(database) -> dict:
    return run(_school_claims())


def _ids(search: ClaimSearch) -> list[int]:
    rows, total = run(find_claims(search, 1, 25))
    assert total == len(rows)
    return [row.id for row in rows]


def _in_school(school: dict, **filters) -> ClaimSearch:
    return ClaimSearch(school=school["urn"], **filters)


def test_the_search_lists_submitted_claims_newest_first(school):
    assert _ids(_in_school(school)) == [school["june"], school["may"]]


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({"status": ClaimStatus.PAID}, ["may"]),
        ({"training_type": TrainingType.INITIAL}, ["june"]),
        ({"mentor": "grace hopperton"}, ["june"]),
        ({"academic_year": AcademicYear(2024)}, []),
        ({"academic_year": AcademicYear(2025)}, ["june", "may"]),
        ({"submitted_from": date(2026, 7, 1)}, ["june"]),
        ({"submitted_to": date(2026, 6, 30)}, ["may"]),
        ({"assigned": UNASSIGNED}, ["june", "may"]),
        (
            {"window": ClaimWindow(date(2026, 5, 1), date(2026, 5, 31), AcademicYear(2025))},
            ["may"],
        ),
    ],
)
def test_each_filter(school, filters, found):
    assert _ids(_in_school(school, **filters)) == [school[name] for name in found]


def test_reference_provider_and_school_name(school):
    from db.tables import Claim

    reference = run(Claim.select(Claim.reference).where(Claim.id == school["may"]).first().run())
    # Part of a reference, within the school: another test's claim may share six characters.
    part = reference["reference"][1:7]
    assert _ids(_in_school(school, reference=part)) == [school["may"]]
    assert school["may"] in _ids(ClaimSearch(reference=part))
    assert _ids(_in_school(school, provider_id=school["second"])) == [school["may"]]
    assert school["june"] in _ids(ClaimSearch(school="query test", mentor="Hopperton"))
    # LIKE's wildcards are searched for as themselves.
    assert _ids(_in_school(school, mentor="%")) == []


def test_pages_and_counts(school):
    rows, total = run(find_claims(_in_school(school), 2, 1))
    assert total == 2 and [row.id for row in rows] == [school["may"]]


def test_the_download_comes_in_batches_of_exactly_the_search(school):
    async def collect():
        return [batch async for batch in claim_batches(ClaimSearch(), batch=7)]

    batches = run(collect())
    assert len(batches) > 1 and all(len(batch) == 7 for batch in batches[:-1])
    ids = [claim.id for batch in batches for claim in batch]
    listed, total = run(find_claims(ClaimSearch(), 1, 10_000))
    assert len(ids) == total == len(set(ids))
    assert set(ids) == {row.id for row in listed}
    assert school["draft"] not in ids

    async def filtered():
        return [c async for batch in claim_batches(_in_school(school), batch=1) for c in batch]

    rows = run(filtered())
    assert [row.id for row in rows] == [school["may"], school["june"]]
    assert rows[0].school_urn == school["urn"] and rows[0].amount_pence == 21480


def test_a_claim_with_its_school_users_assignee_ticket_and_history(school, support):
    _, assignee = support.user("Ali", "Assigned")
    run(new_user(school["school_id"], first_name="Uma", last_name="User"))
    run(new_user(school["school_id"], first_name="Zed", last_name="Able"))
    run(assign_claim(school["june"], "REF", Named(assignee, "Ali Assigned"), assignee, NOW))
    run(set_ticket_link(school["june"], "REF", "https://t.example/1", assignee, NOW))
    claim = run(support_claim(school["june"]))
    assert claim is not None and claim.assigned_to == assignee
    assert claim.assigned_name == "Ali Assigned"
    assert claim.support_ticket_url == "https://t.example/1"
    assert [user.name for user in claim.users] == ["Zed Able", "Uma User"]
    assert claim.assignable == run(support_user_options())
    assert Named(assignee, "Ali Assigned") in claim.assignable
    assert [line.name for line in claim.lines] == ["Grace Hopperton"] and claim.total_hours == 6
    assert [entry.what for entry in claim.history] == [
        "Support ticket for claim REF set to https://t.example/1",
        "Claim REF assigned to Ali Assigned",
        "Claim submitted",
    ]
    assert _ids(_in_school(school, assigned=assignee)) == [school["june"]]
    logged, _ = run(events(1))
    assert "Claim REF assigned to Ali Assigned" in [event.description for event in logged]
    assert run(support_claim(school["draft"])) is None
    assert run(support_claim(987_654_321)) is None


def test_the_options_offer_support_users_and_providers_on_claims(school, support):
    _, someone = support.user("Opal", "Options")
    options = run(search_options())
    assert someone in {each.id for each in options.support_users}
    assert {school["first"], school["second"]} <= {each.id for each in options.providers}
    assert AcademicYear(2025) in options.academic_years
    assert options.choices.provider_ids >= {school["first"]}
