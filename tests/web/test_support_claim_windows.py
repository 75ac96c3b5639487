"""Settings: claim windows. The table, adding, changing and removing, with every rule."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from db.tables import ClaimWindow
from tests.fixtures.database import run

WINDOWS = "/support/settings/claim-windows"


def _dates(starts: tuple, ends: tuple, year: str = "2025") -> dict:
    return {
        "starts_on-day": str(starts[0]),
        "starts_on-month": str(starts[1]),
        "starts_on-year": str(starts[2]),
        "ends_on-day": str(ends[0]),
        "ends_on-month": str(ends[1]),
        "ends_on-year": str(ends[2]),
        "academic_year": year,
    }


def _errors(html: str) -> list[str]:
    summary = html[html.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)
    ]


def _rows(html: str) -> list[tuple[str, str, str]]:
    body = html[html.index('<tbody class="govuk-table__body">') :]
    return re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell"><strong class="govuk-tag [^"]+">([^<]+)</strong>',
        body,
    )


def _window_id(starts_on: date) -> int:
    row = run(
        ClaimWindow.select(ClaimWindow.id)
        .where((ClaimWindow.starts_on == starts_on) & ClaimWindow.removed_at.is_null())
        .first()
        .run()
    )
    return row["id"]


@pytest.fixture
def signed_in(client, support):
    key, _ = support.user(first_name="Wendy", last_name="Windows")
    client.sign_in(key)
    return client


def test_the_table_lists_every_window_with_its_status(signed_in):
    page = signed_in.get(WINDOWS)
    assert page.status_code == 200
    assert _rows(page.text) == [
        ("1 May 2024 to 19 July 2024", "2023 to 2024", "Past"),
        ("1 May 2025 to 18 July 2025", "2024 to 2025", "Past"),
        ("5 May 2026 to 17 July 2026", "2025 to 2026", "Current"),
        ("1 September 2026 to 30 September 2026", "2025 to 2026", "Upcoming"),
    ]
    # Past windows cannot be changed or removed, so they offer neither.
    assert f'{WINDOWS}/{_window_id(date(2024, 5, 1))}/change"' not in page.text
    assert f'{WINDOWS}/{_window_id(date(2024, 5, 1))}/remove"' not in page.text
    assert f'{WINDOWS}/{_window_id(date(2026, 9, 1))}/change"' in page.text
    assert f'{WINDOWS}/{_window_id(date(2026, 5, 5))}/remove"' in page.text


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        # 23:59 on 17 July in London (BST) is still inside the window...
        (datetime(2026, 7, 17, 22, 59, tzinfo=UTC), "Current"),
        # ...and 00:00 on 18 July in London is 23:00 UTC on the 17th: the window is over.
        (datetime(2026, 7, 17, 23, 0, tzinfo=UTC), "Past"),
        # 00:00 on 5 May in London is 23:00 UTC on 4 May.
        (datetime(2026, 5, 4, 22, 59, tzinfo=UTC), "Upcoming"),
        (datetime(2026, 5, 4, 23, 0, tzinfo=UTC), "Current"),
    ],
)
def test_status_follows_uk_dates(signed_in, clock, moment, status):
    clock.moment = moment
    rows = _rows(signed_in.get(WINDOWS).text)
    assert ("5 May 2026 to 17 July 2026", "2025 to 2026", status) in rows


def test_add_a_window_checks_it_then_opens_it(signed_in):
    answers = signed_in.post_form(
        f"{WINDOWS}/new", _dates((1, 8, 2026), (10, 8, 2026)), follow_redirects=False
    )
    assert answers.status_code == 303
    assert answers.headers["location"] == f"{WINDOWS}/new/check"
    check = signed_in.get(f"{WINDOWS}/new/check")
    assert "<title>Check the claim window - " in check.text
    assert "1 August 2026" in check.text and "10 August 2026" in check.text
    assert "2025 to 2026" in check.text
    typed = 'name="ends_on-year" type="text" value="2026"'
    assert typed in signed_in.get(f"{WINDOWS}/new").text
    saved = signed_in.post_form(f"{WINDOWS}/new/check", follow_redirects=False)
    assert saved.headers["location"] == WINDOWS
    table = signed_in.get(WINDOWS).text
    assert "Claim window from 1 August 2026 to 10 August 2026 added" in table
    assert ("1 August 2026 to 10 August 2026", "2025 to 2026", "Upcoming") in _rows(table)
    log = signed_in.get("/support/settings/activity").text
    assert "Wendy Windows" in log
    assert "Claim window from 1 August 2026 to 10 August 2026 added" in log
    # The answers are cleared: a new window starts blank.
    assert typed not in signed_in.get(f"{WINDOWS}/new").text


def test_the_check_page_needs_the_dates_first(signed_in):
    response = signed_in.get(f"{WINDOWS}/new/check", follow_redirects=False)
    assert response.headers["location"] == f"{WINDOWS}/new"


def test_every_missing_answer_is_reported_at_once(signed_in):
    page = signed_in.post_form(f"{WINDOWS}/new", {})
    assert page.status_code == 200
    assert "<title>Error: Add claim window" in page.text
    assert _errors(page.text) == [
        "Enter the opening date",
        "Enter the closing date",
        "Select the academic year",
    ]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (_dates((31, 2, 2026), (10, 8, 2026)), "The opening date must be a real date"),
        (_dates((1, "", 2026), (10, 8, 2026)), "The opening date must include a month"),
        (_dates((1, 8, 2026), (10, 8, 26)), "Year must include 4 numbers"),
        (
            _dates((10, 8, 2026), (9, 8, 2026)),
            "End date must be the same as or after 10 August 2026",
        ),
        (
            _dates((17, 7, 2026), (20, 7, 2026)),
            "Dates must not overlap the claim window from 5 May 2026 to 17 July 2026",
        ),
        (
            # A window enclosing another overlaps it.
            _dates((1, 8, 2026), (31, 10, 2026)),
            "Dates must not overlap the claim window from 1 September 2026 to 30 September 2026",
        ),
        (
            _dates((1, 8, 2026), (10, 8, 2026), year="2026"),
            (
                "Funding for the academic year 2026 to 2027 is not confirmed yet, so no claim "
                "window can be opened for it"
            ),
        ),
        (_dates((1, 8, 2026), (10, 8, 2026), year="1999"), "Select the academic year"),
    ],
)
def test_a_window_breaking_a_rule_is_refused_with_the_answers_kept(signed_in, form, message):
    page = signed_in.post_form(f"{WINDOWS}/new", form)
    assert page.status_code == 200
    assert message in _errors(page.text)
    assert f'value="{form["ends_on-year"]}"' in page.text


def test_unconfirmed_years_are_offered_with_the_reason_they_cannot_be_chosen(signed_in):
    page = signed_in.get(f"{WINDOWS}/new").text
    assert "2026 to 2027" in page
    assert "Funding is not confirmed yet, so no window can be opened for this year" in page


@pytest.mark.parametrize(
    ("starts", "ends"),
    [((18, 7, 2026), (18, 7, 2026)), ((18, 7, 2026), (31, 8, 2026))],
)
def test_a_window_may_be_one_day_and_may_start_the_day_after_another_ends(signed_in, starts, ends):
    answers = signed_in.post_form(f"{WINDOWS}/new", _dates(starts, ends), follow_redirects=False)
    assert answers.status_code == 303


def test_a_window_added_meanwhile_is_caught_on_confirming(signed_in, support):
    signed_in.post_form(f"{WINDOWS}/new", _dates((1, 8, 2026), (10, 8, 2026)))
    support.window(date(2026, 8, 5), date(2026, 8, 6))
    page = signed_in.post_form(f"{WINDOWS}/new/check")
    assert page.status_code == 200
    assert "<title>Error: Add claim window" in page.text
    assert "Dates must not overlap the claim window from 5 August 2026 to 6 August 2026" in _errors(
        page.text
    )


def test_change_an_upcoming_window(signed_in):
    window_id = _window_id(date(2026, 9, 1))
    page = signed_in.get(f"{WINDOWS}/{window_id}/change")
    assert "<title>Change claim window - " in page.text
    assert 'value="9"' in page.text and 'value="30"' in page.text
    assert "This claim window is open" not in page.text
    signed_in.post_form(f"{WINDOWS}/{window_id}/change", _dates((2, 9, 2026), (25, 9, 2026)))
    saved = signed_in.post_form(f"{WINDOWS}/{window_id}/change/check", follow_redirects=False)
    assert saved.headers["location"] == WINDOWS
    table = signed_in.get(WINDOWS).text
    assert ("2 September 2026 to 25 September 2026", "2025 to 2026", "Upcoming") in _rows(table)
    log = signed_in.get("/support/settings/activity").text
    assert (
        "Claim window from 1 September 2026 to 30 September 2026 (2025 to 2026) changed to "
        "2 September 2026 to 25 September 2026 (2025 to 2026)"
    ) in log


def test_a_window_can_keep_its_own_dates_when_changed(signed_in):
    window_id = _window_id(date(2026, 9, 1))
    response = signed_in.post_form(
        f"{WINDOWS}/{window_id}/change", _dates((1, 9, 2026), (30, 9, 2026)), follow_redirects=False
    )
    assert response.status_code == 303


def test_changing_the_open_window_warns_that_schools_may_lose_it(signed_in):
    window_id = _window_id(date(2026, 5, 5))
    for url in (f"{WINDOWS}/{window_id}/change",):
        assert "This claim window is open" in signed_in.get(url).text
    signed_in.post_form(f"{WINDOWS}/{window_id}/change", _dates((5, 5, 2026), (16, 7, 2026)))
    assert "This claim window is open" in signed_in.get(f"{WINDOWS}/{window_id}/change/check").text


@pytest.mark.parametrize("action", ["change", "change/check", "remove"])
def test_a_past_window_is_locked(signed_in, action):
    window_id = _window_id(date(2025, 5, 1))
    page = signed_in.get(f"{WINDOWS}/{window_id}/{action}")
    assert page.status_code == 200
    assert "<title>You cannot change this claim window - " in page.text
    assert "The claim window from 1 May 2025 to 18 July 2025 has closed" in page.text
    posted = signed_in.post_form(
        f"{WINDOWS}/{window_id}/{action}", _dates((1, 5, 2025), (19, 7, 2025))
    )
    assert "has closed, so it cannot be changed" in posted.text
    assert ("1 May 2025 to 18 July 2025", "2024 to 2025", "Past") in _rows(
        signed_in.get(WINDOWS).text
    )


def test_remove_a_window_asks_first_then_keeps_it_out_of_sight(signed_in):
    window_id = _window_id(date(2026, 9, 1))
    page = signed_in.get(f"{WINDOWS}/{window_id}/remove")
    assert "<title>Are you sure you want to remove this claim window? - " in page.text
    assert "This claim window is open" not in page.text
    removed = signed_in.post_form(f"{WINDOWS}/{window_id}/remove", follow_redirects=False)
    assert removed.headers["location"] == WINDOWS
    table = signed_in.get(WINDOWS).text
    assert "Claim window from 1 September 2026 to 30 September 2026 removed" in table
    assert "1 September 2026 to 30 September 2026" not in str(_rows(table))
    # Kept for history, but no longer a window anywhere.
    row = run(ClaimWindow.select().where(ClaimWindow.id == window_id).first().run())
    assert row["removed_at"] is not None
    assert signed_in.get(f"{WINDOWS}/{window_id}/remove").status_code == 404
    assert "removed" in signed_in.get("/support/settings/activity").text


def test_removing_the_open_window_warns_first(signed_in):
    window_id = _window_id(date(2026, 5, 5))
    page = signed_in.get(f"{WINDOWS}/{window_id}/remove").text
    assert "If you remove it, schools will not be able to submit claims" in page


def test_school_pages_follow_the_windows_at_once(client, support, make, clock):
    # 5 August 2026: between the seeded windows, so the school cannot claim.
    clock.moment = datetime(2026, 8, 5, 9, 0, tzinfo=UTC)
    school_id = make.school()
    member = make.user(school_id)
    key, _ = support.user()
    client.sign_in(member)
    claims = client.get(f"/schools/{school_id}/claims").text
    assert "You have until" not in claims
    client.sign_in(key)
    client.post_form(f"{WINDOWS}/new", _dates((1, 8, 2026), (10, 8, 2026)))
    client.post_form(f"{WINDOWS}/new/check")
    client.sign_in(member)
    claims = client.get(f"/schools/{school_id}/claims").text
    assert "You have until 11:59pm on Monday 10 August 2026" in claims
    client.sign_in(key)
    window_id = _window_id(date(2026, 8, 1))
    client.post_form(f"{WINDOWS}/{window_id}/remove")
    client.sign_in(member)
    assert "You have until" not in client.get(f"/schools/{school_id}/claims").text
