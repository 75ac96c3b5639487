"""Organisations: onboard one school, by search (with and without HTMX) or as the withdrawn case."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from db.tables import Eligibility, EmailOutbox, SupportEvent
from tests.fixtures.database import run

ONBOARD = "/support/organisations/onboard/by-search"
WITHDRAWN = "/support/organisations/onboard/withdrawn-trainee"


def _errors(html: str) -> list[str]:
    summary = html[html.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)
    ]


def _urn(school_id: int) -> str:
    from db.tables import School

    return run(School.select(School.urn).where(School.id == school_id).first().run())["urn"]


def _eligible_years(school_id: int) -> list[int]:
    rows = run(
        Eligibility.select(Eligibility.academic_year.start_year.as_alias("year"))
        .where(Eligibility.school == school_id)
        .run()
    )
    return sorted(row["year"] for row in rows)


def _queued(address: str) -> list[dict]:
    return run(
        EmailOutbox.select(EmailOutbox.kind, EmailOutbox.personalisation)
        .where(EmailOutbox.to_address == address)
        .output(load_json=True)
        .run()
    )


def _events(user_id: int) -> list[dict]:
    return run(
        SupportEvent.select(SupportEvent.action, SupportEvent.description)
        .where(SupportEvent.user == user_id)
        .order_by(SupportEvent.id)
        .run()
    )


def _window_ids() -> dict[date, int]:
    from db.tables import ClaimWindow

    rows = run(
        ClaimWindow.select(ClaimWindow.id, ClaimWindow.starts_on)
        .where(ClaimWindow.removed_at.is_null())
        .run()
    )
    return {row["starts_on"]: row["id"] for row in rows}


@pytest.fixture
def staff(client, support):
    key, user_id = support.user(first_name="Olive", last_name="Onboard")
    client.sign_in(key)
    return user_id


@pytest.fixture
def school(make):
    """A school of the test's own, eligible before 2025 to 2026 only, with one user."""
    school_id = make.school(name="Quarry Lane Primary", eligible_years=(2023, 2024))
    key = make.user(school_id, first_name="Uma")
    return school_id, f"{key}@example.org"


def _choose(client, school_id: int, base: str = ONBOARD) -> None:
    urn = _urn(school_id)
    found = client.post_form(f"{base}/school", {"school": urn}, follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == f"{base}/school-results?school={urn}"
    results = client.get(found.headers["location"])
    assert "1 school found for" in results.text
    picked = client.post_form(
        f"{base}/school-results",
        {"school": urn, "school_id": str(school_id)},
        follow_redirects=False,
    )
    assert picked.headers["location"] == f"{base}/window"


def test_organisations_offers_the_three_ways_to_onboard(client, staff):
    page = client.get("/support/organisations")
    assert f'href="{ONBOARD}/school"' in page.text
    assert f'href="{WITHDRAWN}/school"' in page.text
    assert 'href="/support/organisations/onboard-csv"' in page.text


def test_a_blank_search_is_an_error_and_no_match_says_so(client, staff):
    blank = client.post_form(f"{ONBOARD}/school", {"school": "  "})
    assert blank.status_code == 200
    assert _errors(blank.text) == ["Enter a school name, URN or postcode"]
    none = client.get(f"{ONBOARD}/school-results", params={"school": "Zzyzx Nowhere Academy"})
    assert "No schools found for ‘Zzyzx Nowhere Academy’" in none.text
    # Picking nothing from results says so, and keeps the results.
    results = client.post_form(
        f"{ONBOARD}/school-results",
        {"school": "Zzyzx Nowhere Academy", "school_id": ""},
        follow_redirects=False,
    )
    assert results.status_code == 303


def test_the_results_page_without_javascript_lists_matches_as_radios(client, staff, make):
    first = make.school(name="Heron Marsh Infant School Onboarding")
    second = make.school(name="Heron Marsh Infant School Onboarding")
    page = client.get(f"{ONBOARD}/school-results", params={"school": "heron marsh infant"})
    assert page.status_code == 200
    assert 'type="radio"' in page.text
    assert f'value="{first}"' in page.text and f'value="{second}"' in page.text
    # Two schools of one name are told apart by URN.
    assert f"URN {_urn(first)}" in page.text and f"URN {_urn(second)}" in page.text
    unpicked = client.post_form(
        f"{ONBOARD}/school-results", {"school": "heron marsh infant", "school_id": ""}
    )
    assert _errors(unpicked.text) == ["Select the school to onboard"]


def test_suggestions_as_you_type_are_a_small_fragment(client, staff, school):
    school_id, _ = school
    page = client.get(f"{ONBOARD}/school")
    assert f'hx-get="{ONBOARD}/school-results"' in page.text
    typed = client.get(
        f"{ONBOARD}/school-results",
        params={"school": "Quarry Lane Primary"},
        headers={"HX-Request": "true"},
    )
    assert typed.status_code == 200
    assert typed.headers["vary"] == "HX-Request"
    assert "<html" not in typed.text
    assert f'name="school_id" value="{school_id}"' in typed.text
    # support.md: an autocomplete, not the page again: at most 5% of the page it enhances.
    assert len(typed.content) <= 0.05 * len(page.content), (len(typed.content), len(page.content))
    # Picking a suggestion posts the search form with the school's id.
    picked = client.post_form(
        f"{ONBOARD}/school",
        {"school": "Quarry", "school_id": str(school_id)},
        follow_redirects=False,
    )
    assert picked.headers["location"] == f"{ONBOARD}/window"


def test_steps_after_the_search_wait_for_their_answers(client, staff):
    later = client.get(f"{ONBOARD}/check", follow_redirects=False)
    assert later.status_code == 303
    assert later.headers["location"] == f"{ONBOARD}/school"
    assert client.get(f"{ONBOARD}/nonsense").status_code == 404
    assert client.get("/support/organisations/onboard/someone-else/school").status_code == 404


def test_onboarding_makes_the_school_eligible_emails_its_users_and_logs_it(client, staff, school):
    school_id, address = school
    _choose(client, school_id)
    page = client.get(f"{ONBOARD}/window")
    assert "5 May 2026 to 17 July 2026" in page.text
    assert "1 September 2026 to 30 September 2026" in page.text
    unchosen = client.post_form(f"{ONBOARD}/window", {"window_id": ""})
    assert _errors(unchosen.text) == ["Select the claim window"]
    window_id = _window_ids()[date(2026, 5, 5)]
    chosen = client.post_form(
        f"{ONBOARD}/window", {"window_id": str(window_id)}, follow_redirects=False
    )
    assert chosen.headers["location"] == f"{ONBOARD}/check"
    check = client.get(f"{ONBOARD}/check")
    assert "Quarry Lane Primary" in check.text
    assert "5 May 2026 to 17 July 2026 (academic year 2025 to 2026)" in check.text
    assert "1 user will be emailed" in check.text
    # Nothing changes before confirming.
    assert _eligible_years(school_id) == [2023, 2024]
    assert _queued(address) == []

    done = client.post_form(f"{ONBOARD}/check", {}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/support/organisations"
    assert _eligible_years(school_id) == [2023, 2024, 2025]
    [email] = _queued(address)
    assert email["kind"] == "school_onboarded"
    assert email["personalisation"]["school_name"] == "Quarry Lane Primary"
    assert email["personalisation"]["academic_year"] == "2025 to 2026"
    [event] = _events(staff)
    assert event["action"] == "school_onboarded"
    assert f"Quarry Lane Primary (URN {_urn(school_id)}) onboarded" in event["description"]
    banner = client.get("/support/organisations")
    assert "Quarry Lane Primary onboarded for the academic year 2025 to 2026" in banner.text
    activity = client.get("/support/settings/activity")
    assert "Quarry Lane Primary" in activity.text


def test_a_school_already_onboarded_for_the_year_is_an_error(client, staff, make):
    school_id = make.school(name="Kestrel Rise Primary")  # eligible every year
    _choose(client, school_id)
    window_id = _window_ids()[date(2026, 9, 1)]
    again = client.post_form(f"{ONBOARD}/window", {"window_id": str(window_id)})
    assert again.status_code == 200
    assert _errors(again.text) == [
        "Kestrel Rise Primary is already onboarded for the academic year 2025 to 2026"
    ]
    assert _events(staff) == []


def test_onboarded_meanwhile_is_caught_on_confirming(client, staff, school):
    school_id, address = school
    _choose(client, school_id)
    window_id = _window_ids()[date(2026, 5, 5)]
    client.post_form(f"{ONBOARD}/window", {"window_id": str(window_id)})
    # Another support user onboards it (or a file does) before this one confirms.
    from db.queries.onboarding import make_eligible
    from domain.academic_years import AcademicYear

    assert run(make_eligible(school_id, AcademicYear(2025))) is True
    late = client.post_form(f"{ONBOARD}/check", {})
    assert late.status_code == 200
    assert _errors(late.text) == [
        "Quarry Lane Primary is already onboarded for the academic year 2025 to 2026"
    ]
    assert _queued(address) == []
    assert _events(staff) == []


def test_no_current_or_upcoming_window_means_no_onboarding(client, staff, school, clock):
    school_id, _ = school
    # After the last seeded window has closed.
    clock.moment = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    _choose(client, school_id)
    page = client.get(f"{ONBOARD}/window")
    assert "There is no current or upcoming claim window" in page.text
    refused = client.post_form(f"{ONBOARD}/window", {"window_id": "1"})
    assert refused.status_code == 200
    assert _errors(refused.text)[0].startswith("There is no current or upcoming claim window")


def test_the_withdrawn_trainee_case_asks_why_and_records_it(client, staff, school):
    school_id, address = school
    _choose(client, school_id, WITHDRAWN)
    window_id = _window_ids()[date(2026, 5, 5)]
    chosen = client.post_form(
        f"{WITHDRAWN}/window", {"window_id": str(window_id)}, follow_redirects=False
    )
    assert chosen.headers["location"] == f"{WITHDRAWN}/reason"
    blank = client.post_form(f"{WITHDRAWN}/reason", {"reason": " "})
    assert _errors(blank.text) == ["Enter the support ticket reference or a note from the provider"]
    too_long = client.post_form(f"{WITHDRAWN}/reason", {"reason": "x" * 501})
    assert _errors(too_long.text) == ["The reason must be 500 characters or fewer"]
    given = client.post_form(
        f"{WITHDRAWN}/reason",
        {"reason": "Ticket 4821: provider emailed, trainee withdrew in March"},
        follow_redirects=False,
    )
    assert given.headers["location"] == f"{WITHDRAWN}/check"
    check = client.get(f"{WITHDRAWN}/check")
    assert "Ticket 4821: provider emailed" in check.text
    client.post_form(f"{WITHDRAWN}/check", {})
    assert _eligible_years(school_id) == [2023, 2024, 2025]
    assert len(_queued(address)) == 1
    [event] = _events(staff)
    assert event["action"] == "school_onboarded_withdrawn_trainee"
    assert event["description"].endswith(
        "Trainee withdrew: Ticket 4821: provider emailed, trainee withdrew in March"
    )


def test_the_search_way_in_never_asks_for_a_reason(client, staff, school):
    school_id, _ = school
    _choose(client, school_id)
    assert client.get(f"{ONBOARD}/reason", follow_redirects=False).status_code == 303
