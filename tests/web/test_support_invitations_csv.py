"""Organisations: invite users to schools from an `email, school_urn, first_name, last_name`
CSV file, on the console's one CSV pattern."""

from __future__ import annotations

import random
import re
import uuid

import pytest

from db.tables import EmailOutbox, Membership, School, SupportEvent, User
from tests.fixtures.database import run

INVITE = "/support/organisations/invite-csv"
HEADER = "email,school_urn,first_name,last_name"


def _errors(html: str) -> list[str]:
    summary = html[html.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r">([^<]+)</a>", summary)]


def _row_errors(html: str) -> list[tuple[str, str, str]]:
    table = html[html.index('id="row-errors"') :]
    return re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>',
        table[: table.index("</table>")],
    )


@pytest.fixture
def schools(database):
    """Two schools with six-digit URNs of this test's own: (urn, id) each."""
    base = random.randrange(600_000, 699_000, 10)
    made = []
    for n in range(2):
        urn = str(base + n)
        rows = run(
            School.insert(
                School(
                    urn=urn, name=f"Invite School {urn}", postcode="IN1 1VT", region="Inner London"
                )
            )
            .returning(School.id)
            .run()
        )
        made.append((urn, rows[0]["id"]))
    yield made
    run(School.delete().where(School.urn.is_in([urn for urn, _ in made])).run())


@pytest.fixture
def staff(client, support):
    key, user_id = support.user(first_name="Ines", last_name="Invite")
    client.sign_in(key)
    return user_id


def _post(client, content: str | bytes, name: str = "people.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        INVITE,
        data={"_csrf_token": client.csrf_token()},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )


def _email() -> str:
    return f"invitee-{uuid.uuid4().hex[:10]}@example.org"


def _members(school_id: int) -> set[str]:
    rows = run(
        Membership.select(Membership.user.email.as_alias("email"))
        .where(Membership.school == school_id)
        .run()
    )
    return {row["email"] for row in rows}


def _invitations(address: str) -> list[dict]:
    return run(
        EmailOutbox.select(EmailOutbox.kind, EmailOutbox.personalisation)
        .where(EmailOutbox.to_address == address)
        .run()
    )


def test_the_invite_page_is_linked_and_works_without_javascript(client, staff):
    organisations = client.get("/support/organisations")
    assert f'href="{INVITE}"' in organisations.text
    page = client.get(INVITE)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    for column in HEADER.split(","):
        assert f"<code>{column}</code>" in page.text


def test_a_good_file_previews_then_confirm_invites_new_and_existing_people(
    client, staff, schools, make
):
    (first_urn, first_id), (second_urn, second_id) = schools
    new_person = _email()
    # Someone with an account already (another school's user), typed in capitals in the file.
    other_school = make.school(eligible_years=())
    existing = make.user(other_school, first_name="Erin", last_name="Existing")
    existing_email = f"{existing}@example.org"
    content = (
        f"{HEADER}\r\n"
        f"{new_person},{first_urn},Nadia,New\r\n"
        f"{new_person},{second_urn},Nadia,New\r\n"
        f"{existing_email.upper()},{first_urn},Erin,Existing\r\n"
    )
    response = _post(client, content, "autumn-users.csv")
    assert response.status_code == 303
    preview = client.get(response.headers["location"])
    assert preview.status_code == 200
    assert "Check the users to invite" in preview.text
    assert f"Invite School {first_urn} ({first_urn})" in preview.text
    assert "autumn-users.csv" in preview.text
    # Nothing changes before Confirm.
    assert _members(first_id) == set()
    assert run(User.count().where(User.email == new_person).run()) == 0

    done = client.post_form(response.headers["location"], {}, follow_redirects=False)
    assert done.status_code == 303
    assert _members(first_id) == {new_person, existing_email}
    assert _members(second_id) == {new_person}
    # One account for the new person, at both schools; the existing one reused.
    assert run(User.count().where(User.email == new_person).run()) == 1
    assert run(User.count().where(User.email == existing_email.upper()).run()) == 0
    sent = _invitations(new_person)
    assert [each["kind"] for each in sent] == ["user_invited", "user_invited"]
    assert len(_invitations(existing_email)) == 1
    events = run(
        SupportEvent.select(SupportEvent.action, SupportEvent.description, SupportEvent.file)
        .where(SupportEvent.user == staff)
        .run()
    )
    assert [event["action"] for event in events] == ["users_invited_by_csv"]
    assert events[0]["description"] == (
        "3 users invited to 2 schools from the file ‘autumn-users.csv’"
    )
    assert events[0]["file"] == int(response.headers["location"].rsplit("/", 1)[1])
    assert "3 users invited" in client.get("/support/organisations").text


def test_a_double_clicked_confirm_invites_once(client, staff, schools):
    person = _email()
    response = _post(client, f"{HEADER}\r\n{person},{schools[0][0]},Dee,Double\r\n")
    preview = response.headers["location"]
    client.post_form(preview, {}, follow_redirects=False)
    client.post_form(preview, {}, follow_redirects=False)
    assert len(_invitations(person)) == 1
    assert run(SupportEvent.count().where(SupportEvent.user == staff).run()) == 1
    assert "have already been invited" in client.get("/support/organisations").text
    again = client.get(preview)
    assert "These users have already been invited from this file." in again.text
    assert ">Confirm<" not in again.text


def test_someone_already_at_their_school_is_not_invited_again(client, staff, schools, make):
    urn, school_id = schools[0]
    member = make.user(school_id, first_name="Mo", last_name="Member")
    newcomer = _email()
    content = f"{HEADER}\r\n{member}@example.org,{urn},Mo,Member\r\n{newcomer},{urn},Nia,New\r\n"
    response = _post(client, content)
    preview = client.get(response.headers["location"])
    assert re.search(
        r"Already users of their school \(not invited again\)\s*</dt>\s*<dd[^>]*>\s*1\s*<",
        preview.text,
    )
    client.post_form(response.headers["location"], {})
    assert _invitations(f"{member}@example.org") == []
    assert len(_invitations(newcomer)) == 1
    event = run(
        SupportEvent.select(SupportEvent.description).where(SupportEvent.user == staff).run()
    )
    assert event[0]["description"].endswith("(1 already users of their school)")


def test_every_row_error_is_listed_and_nothing_changes(client, staff, schools):
    urn = schools[0][0]
    twice = _email()
    content = (
        f"{HEADER}\r\n"
        f"{twice},{urn},Tess,Twice\r\n"
        f"not-an-email,{urn},Bad,Email\r\n"
        f"{_email()},000001,Un,Known\r\n"
        f"{_email()},12345,Short,Urn\r\n"
        f"{_email()},{urn},,\r\n"
        f"{twice},{schools[1][0]},Tess,Other\r\n"
        f"{twice},{urn},Tess,Twice\r\n"
    )
    response = _post(client, content)
    assert response.status_code == 200
    assert _errors(response.text) == ["6 rows in the selected file have errors"]
    assert _row_errors(response.text) == [
        ("3", "email", "Enter an email address in the correct format, like name@example.com"),
        ("4", "school_urn", "No school has the URN 000001"),
        ("5", "school_urn", "URN must be 6 digits, like 100000"),
        ("6", "first_name", "Enter a first name"),
        ("6", "last_name", "Enter a last name"),
        (
            "7",
            "email",
            (
                f"{twice} is in the file more than once with different names "
                "(Tess Twice and Tess Other)"
            ),
        ),
        ("8", "email", f"{twice} is in the file more than once for the URN {urn}"),
    ]
    assert "Upload your file again" in response.text
    assert _members(schools[0][1]) == set()
    assert run(User.count().where(User.email == twice).run()) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "email,urn,first_name,last_name\r\na@example.org,100000,A,B\r\n",
            (
                "The selected file is missing the column ‘school_urn’ and has the column ‘urn’ "
                "that it should not have. It must have the columns: email, school_urn, first_name, "
                "last_name"
            ),
        ),
        (f"{HEADER}\r\n", "The selected file has no users in it"),
        ("", "The selected file is empty"),
    ],
)
def test_files_that_cannot_be_used_are_gov_uk_errors(client, staff, content, message):
    response = _post(client, content)
    assert response.status_code == 200
    assert _errors(response.text) == [message]


def test_no_file_is_an_error(client, staff):
    response = client.post(
        INVITE,
        data={"_csrf_token": client.csrf_token()},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 200
    assert _errors(response.text) == ["Select a CSV file"]


def test_a_windows_1252_file_is_read(client, staff, schools):
    person = _email()
    content = f"{HEADER}\r\n{person},{schools[0][0]},Zoë,O’Brien\r\n".encode("cp1252")
    response = _post(client, content)
    assert response.status_code == 303
    client.post_form(response.headers["location"], {})
    row = run(
        User.select(User.first_name, User.last_name).where(User.email == person).first().run()
    )
    assert (row["first_name"], row["last_name"]) == ("Zoë", "O’Brien")


def test_an_upload_of_another_kind_or_nobody_is_page_not_found(client, staff, schools):
    assert client.get(f"{INVITE}/999999999").status_code == 404
    onboarding = client.post(
        "/support/organisations/onboard-csv",
        data={"_csrf_token": client.csrf_token(), "window_id": ""},
        files={"file": ("schools.csv", b"name,urn\r\n", "text/csv")},
    )
    assert onboarding.status_code == 200
    person = _email()
    response = _post(client, f"{HEADER}\r\n{person},{schools[0][0]},Kay,Kind\r\n")
    upload_id = response.headers["location"].rsplit("/", 1)[1]
    assert client.get(f"/support/organisations/onboard-csv/{upload_id}").status_code == 404
    assert client.get(f"/support/claims/payments/response/{upload_id}").status_code == 404


def test_the_invitations_have_a_page_in_the_activity_log_with_the_uploaded_file(
    client, staff, schools
):
    person = _email()
    content = f"\ufeff{HEADER}\r\n{person},{schools[0][0]},Lou,Logged\r\n"
    response = _post(client, content.encode("utf-8"), "logged.csv")
    client.post_form(response.headers["location"], {})
    log = client.get("/support/settings/activity").text
    href = re.search(r'href="(/support/settings/activity/\d+)">1 user invited', log)[1]
    page = client.get(href)
    assert page.status_code == 200
    assert "Ines Invite" in page.text
    assert f"Invite School {schools[0][0]} ({schools[0][0]})" in page.text
    assert person in page.text
    download = client.get(f"{href}/file")
    # The file as uploaded, read as text (its byte order mark was only how it was saved).
    assert download.text == content.removeprefix("\ufeff")
