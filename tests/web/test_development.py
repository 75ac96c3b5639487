"""Development pages: the local teachers a mentor can be found as, linked from the footer."""

from __future__ import annotations

import os
import re

import pytest

from tests.fixtures.client import ServiceClient, _check_html
from web.routes.development import footer_links, local_mailbox, local_teaching_record
from web.settings import Settings


def test_the_footer_links_to_the_local_mailbox_and_teachers(client):
    page = client.get("/")
    assert 'href="/mailbox"' in page.text
    assert 'href="/development/teachers"' in page.text


def test_the_local_teachers_can_be_added_as_mentors(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    page = client.get("/development/teachers")
    assert page.status_code == 200
    rows = re.findall(
        r'<td class="govuk-table__cell">(\d{7})</td>\s*'
        r'<td class="govuk-table__cell">(\d{1,2}) (\w+) (\d{4})</td>',
        page.text,
    )
    assert len(rows) == 50
    trn, day, month, year = rows[0]

    found = client.post_form(
        f"/schools/{school_id}/mentors/add",
        {
            "trn": trn,
            "date-of-birth-day": day,
            "date-of-birth-month": month[:3],
            "date-of-birth-year": year,
        },
    )

    assert found.status_code == 200
    assert "Confirm mentor details" in found.text


@pytest.mark.parametrize(
    ("settings", "teachers", "mailbox"),
    [
        (Settings(), True, True),
        (Settings(teaching_record_api_url="https://trs.example"), False, True),
        (Settings(notify_api_key="key"), True, False),
        (Settings(environment="production"), False, False),
    ],
)
def test_development_pages_exist_only_outside_production(settings, teachers, mailbox):
    assert local_teaching_record(settings) is teachers
    assert local_mailbox(settings) is mailbox
    assert len(footer_links(settings)) == teachers + mailbox


def test_the_teachers_page_is_not_found_with_the_real_teaching_record(database, clock):
    from web.app import create_app
    from web.settings import load_settings

    environ = {**os.environ, "TEACHING_RECORD_API_URL": "https://trs.example"}
    app = create_app(load_settings(environ), clock=clock)
    with ServiceClient(app) as client:
        client.event_hooks = {"request": [], "response": [_check_html]}
        assert client.get("/development/teachers").status_code == 404
        assert 'href="/development/teachers"' not in client.get("/").text
