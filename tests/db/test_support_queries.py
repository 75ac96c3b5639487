"""The support console's queries on the real database: schools, support users, events, windows."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from db.queries.support_events import EVENTS_PER_PAGE, events, record_event
from db.queries.support_schools import SCHOOLS_PER_PAGE, search_schools
from db.queries.support_users import (
    add_support_user,
    is_support_email,
    is_support_user,
    remove_support_user,
    support_user,
    support_users,
)
from db.queries.windows import (
    academic_years,
    add_window,
    all_windows,
    change_window,
    managed_window,
    managed_windows,
    remove_window,
)
from db.tables import SupportEvent
from domain.academic_years import AcademicYear
from tests.fixtures.database import run

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def _email() -> str:
    return f"db-{uuid.uuid4().hex[:10]}@education.gov.uk"


def test_search_matches_name_any_case_urn_exactly_and_postcode_without_its_space(make):
    school_id = make.school(name="Quixotic Search Academy")
    by_name, total = run(search_schools("quixotic search", 1))
    assert [each.id for each in by_name] == [school_id] and total == 1
    by_urn, _ = run(search_schools("123457", 1))
    assert [each.name for each in by_urn] == ["Adderley CofE Primary School"]
    by_postcode, _ = run(search_schools("tf93tf", 1))
    assert "Adderley CofE Primary School" in [each.name for each in by_postcode]
    # A URN is matched whole: part of one is not a search for every URN containing it.
    assert "Adderley CofE Primary School" not in [e.name for e in run(search_schools("2345", 1))[0]]


def test_search_pages_hold_25_schools_and_a_blank_search_lists_every_school():
    first, total = run(search_schools("", 1))
    second, _ = run(search_schools("  ", 2))
    assert len(first) == SCHOOLS_PER_PAGE and total > 2 * SCHOOLS_PER_PAGE
    assert not {each.id for each in first} & {each.id for each in second}


def test_a_support_user_is_added_removed_and_restored_as_the_same_account():
    email = _email()
    added = run(add_support_user("Ann", "Agent", email, NOW))
    assert added is not None and added.email == email
    assert run(is_support_user(added.id)) and run(is_support_email(email))
    assert added in run(support_users())
    # Added twice (a double click): the second is refused.
    assert run(add_support_user("Ann", "Agent", email, NOW)) is None
    assert run(remove_support_user(added.id, NOW)) == added
    assert run(remove_support_user(added.id, NOW)) is None
    assert not run(is_support_user(added.id)) and run(support_user(added.id)) is None
    assert added not in run(support_users())
    restored = run(add_support_user("Another", "Name", email, NOW))
    assert restored == added


def test_a_school_user_made_a_support_user_keeps_their_account(make):
    key = make.user(make.school())
    email = f"{key}@example.org"
    added = run(add_support_user("Different", "Names", email, NOW))
    assert added is not None and added.first_name == "Test"


def test_events_are_listed_newest_first_a_page_at_a_time():
    user = run(add_support_user("Eve", "Events", _email(), NOW))
    # Later than anything else recorded, so they fill the first page; deleted afterwards so
    # other tests' events are on the first page again.
    later = NOW + timedelta(days=3650)
    action = f"test-{uuid.uuid4().hex[:8]}"
    try:
        for minutes in range(EVENTS_PER_PAGE + 1):
            at = later + timedelta(minutes=minutes)
            run(record_event(user.id, action, f"event {minutes}", at))
        shown, total = run(events(1))
        assert total >= EVENTS_PER_PAGE + 1
        assert [each.description for each in shown[:2]] == [
            f"event {EVENTS_PER_PAGE}",
            f"event {EVENTS_PER_PAGE - 1}",
        ]
        assert shown[0].by == "Eve Events"
        assert len(shown) == EVENTS_PER_PAGE
        assert run(events(2))[0][0].description == "event 0"
    finally:
        run(SupportEvent.delete().where(SupportEvent.action == action).run())


def test_windows_added_changed_and_removed_and_removed_ones_are_ignored(support):
    year = AcademicYear(2025)
    window_id = run(add_window(date(2032, 1, 1), date(2032, 1, 31), year))
    assert run(managed_window(window_id)).window.dates == "1 January 2032 to 31 January 2032"
    assert run(change_window(window_id, date(2032, 1, 2), date(2032, 1, 30), year))
    assert run(managed_window(window_id)).window.starts_on == date(2032, 1, 2)
    assert run(remove_window(window_id, NOW))
    assert not run(remove_window(window_id, NOW))
    assert not run(change_window(window_id, date(2032, 1, 2), date(2032, 1, 30), year))
    assert run(managed_window(window_id)) is None
    assert window_id not in [each.id for each in run(managed_windows())]
    assert date(2032, 1, 2) not in [each.starts_on for each in run(all_windows())]


def test_academic_years_are_every_year_the_service_knows():
    assert [year.start_year for year in run(academic_years())] == [2023, 2024, 2025, 2026]
