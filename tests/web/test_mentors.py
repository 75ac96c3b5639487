"""Mentors pages through the app: list, find by TRN and date of birth, confirm, add and remove."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import re
from datetime import UTC, date, datetime

import html5lib
import pytest

from db.teacher_records import fake_teachers
from domain.claim_status import ClaimStatus
from web.routes.mentors import pagination

TEACHERS = fake_teachers(300)
# The seed makes the first teachers mentors of persona schools; later ones are nobody's yet.
SEEDED_MENTOR = TEACHERS[0]
_references = itertools.count(random.Random().randrange(2 * 10**7, 9 * 10**7, 10**5))


def run(coroutine):
    return asyncio.run(coroutine)


def answers_for(trn="", day="", month="", year="") -> dict[str, str]:
    return {
        "trn": trn,
        "date-of-birth-day": day,
        "date-of-birth-month": month,
        "date-of-birth-year": year,
    }


def answers_of(teacher) -> dict[str, str]:
    born = teacher.date_of_birth
    return answers_for(teacher.trn, str(born.day), str(born.month), str(born.year))


def name_of(teacher) -> str:
    return f"{teacher.first_name} {teacher.last_name}"


def document(html: str):
    return html5lib.HTMLParser(namespaceHTMLElements=False).parse(html)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def error_summary(html: str) -> list[tuple[str, str]]:
    summary = document(html).find(".//*[@class='govuk-error-summary']")
    if summary is None:
        return []
    return [(text_of(link), link.get("href")) for link in summary.findall(".//a")]


def field_values(html: str, form_action: str | None = None) -> dict[str, str]:
    root = document(html)
    forms = [
        form
        for form in root.findall(".//form")
        if form_action is None or form.get("action") == form_action
    ]
    return {
        field.get("name"): field.get("value", "")
        for form in forms
        for field in form.findall(".//input")
        if field.get("name") and field.get("name") != "_csrf_token"
    }


def h1(html: str) -> str:
    return text_of(document(html).find(".//h1"))


def table_rows(html: str) -> list[list[str]]:
    body = document(html).find(".//tbody")
    if body is None:
        return []
    return [[text_of(cell) for cell in row] for row in body.findall("tr")]


async def _add_claim(school_id: int, mentor_id: int, status: ClaimStatus) -> str:
    from db.tables import AcademicYear, Claim, ClaimMentor

    year = await AcademicYear.objects().get(AcademicYear.start_year == 2026)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    reference = f"{next(_references):08d}"
    claim = Claim(
        reference=reference,
        school=school_id,
        academic_year=year.id,
        status=status.value,
        created_at=now,
        updated_at=now,
    )
    await claim.save()
    await ClaimMentor(claim=claim.id, mentor=mentor_id, hours=6).save()
    return reference


async def _hold(school_id: int, teacher) -> int:
    from db.queries.mentors import add_school_mentor

    await add_school_mentor(
        school_id, teacher.trn, teacher.first_name, teacher.last_name, datetime.now(UTC)
    )
    from db.tables import Mentor

    return (await Mentor.select(Mentor.id).where(Mentor.trn == teacher.trn).first())["id"]


@pytest.fixture
def school(client, make) -> int:
    """A fresh school, with the client signed in as its only member."""
    school_id = make.school()
    client.sign_in(make.user(school_id))
    return school_id


# --- Pagination ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "last", "shown"),
    [
        (1, 2, [1, 2]),
        (1, 5, [1, 2, "…", 5]),
        (3, 5, [1, 2, 3, 4, 5]),
        (5, 9, [1, "…", 4, 5, 6, "…", 9]),
        (9, 9, [1, "…", 8, 9]),
    ],
)
def test_pagination_shows_the_ends_and_the_pages_either_side(current, last, shown):
    links = pagination("/m", current, last)

    assert [item.get("number", "…") for item in links["items"]] == shown
    assert [item["number"] for item in links["items"] if item.get("current")] == [current]
    assert (links["previous"] is None) == (current == 1)
    assert (links["next"] is None) == (current == last)


def test_one_page_needs_no_pagination():
    assert pagination("/m", 1, 1) is None


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_the_schools_mentors(client, school):
    teachers = TEACHERS[200:203]
    for teacher in teachers:
        run(_hold(school, teacher))

    response = client.get(f"/schools/{school}/mentors")

    assert response.status_code == 200
    assert h1(response.text) == "Mentors"
    rows = table_rows(response.text)
    assert sorted(row[:2] for row in rows) == sorted(
        [name_of(teacher), teacher.trn] for teacher in teachers
    )
    assert f'href="/schools/{school}/mentors/add"' in response.text
    assert f'href="/schools/{school}/mentors" aria-current="true"' in response.text


def test_the_list_is_empty_until_a_mentor_is_added(client, school):
    response = client.get(f"/schools/{school}/mentors")

    assert "There are no mentors for Test Primary School yet." in response.text
    assert table_rows(response.text) == []
    assert "Add mentor" in response.text


def test_the_list_shows_25_mentors_a_page(client, school):
    for teacher in TEACHERS[150:180]:
        run(_hold(school, teacher))

    first = client.get(f"/schools/{school}/mentors")
    second = client.get(f"/schools/{school}/mentors?page=2")

    assert len(table_rows(first.text)) == 25
    assert len(table_rows(second.text)) == 5
    assert "Showing 1 to 25 of 30 mentors" in first.text
    assert "Showing 26 to 30 of 30 mentors" in second.text
    assert f'href="/schools/{school}/mentors?page=2" rel="next"' in first.text
    assert 'class="govuk-pagination' in first.text
    shown = {row[1] for row in table_rows(first.text) + table_rows(second.text)}
    assert shown == {teacher.trn for teacher in TEACHERS[150:180]}


# The number of mentors is read with the page: a page past the last is found empty, and one
# whose offset no database integer holds is not read at all.
@pytest.mark.parametrize(
    "number", ["3", "0", "-1", "two", "1.5", "²", "1000000000", "1000000001", "9" * 30]
)
def test_a_page_that_does_not_exist_is_not_found(client, school, number):
    for teacher in TEACHERS[150:180]:
        run(_hold(school, teacher))

    assert client.get(f"/schools/{school}/mentors?page={number}").status_code == 404


def test_seeded_persona_school_lists_its_mentors(client):
    from db.personas import SINGLE_SCHOOL_URN
    from db.tables import School

    school_id = (
        School.select(School.id).where(School.urn == SINGLE_SCHOOL_URN).first().run_sync()["id"]
    )
    client.sign_in("single-school")
    response = client.get(f"/schools/{school_id}/mentors")

    assert len(table_rows(response.text)) == 3


# --- Finding a mentor -----------------------------------------------------------------------


def test_the_find_page_asks_for_trn_and_date_of_birth(client, school):
    response = client.get(f"/schools/{school}/mentors/add")

    assert response.status_code == 200
    assert h1(response.text) == "Find a mentor"
    html = response.text
    assert text_of(document(html).find(".//*[@id='trn-hint']")) == "7 digits"
    assert 'class="govuk-details"' in html and "lost their TRN" in html
    for part in ("day", "month", "year"):
        assert f'name="date-of-birth-{part}"' in html
        assert f'autocomplete="bday-{part}"' in html
    assert 'aria-live="polite"' in html and 'id="mentor-preview"' in html
    assert f'hx-post="/schools/{school}/mentors/add"' in html
    assert f'href="/schools/{school}/mentors"' in html


@pytest.mark.parametrize(
    ("typed", "summary"),
    [
        (
            answers_for(),
            [
                ("Enter a teacher reference number (TRN)", "#trn"),
                ("Enter date of birth", "#date-of-birth-day"),
            ],
        ),
        (
            answers_for("junk", "", "", ""),
            [
                ("Teacher reference number (TRN) must be 7 digits", "#trn"),
                ("Enter date of birth", "#date-of-birth-day"),
            ],
        ),
        (
            answers_for("123456", "14", "3", "1980"),
            [("Teacher reference number (TRN) must be 7 digits", "#trn")],
        ),
        (
            answers_for("12345678", "14", "3", "1980"),
            [("Teacher reference number (TRN) must be 7 digits", "#trn")],
        ),
        (
            answers_for("1234567", "31", "4", "1980"),
            [("Date of birth must be a real date", "#date-of-birth-day")],
        ),
        (
            answers_for("1234567", "1", "12", "2026"),
            [("Date of birth must be in the past", "#date-of-birth-day")],
        ),
        (
            answers_for("1234567", "14", "3", ""),
            [("Date of birth must include a year", "#date-of-birth-year")],
        ),
        (
            answers_for("1234567", "14", "", ""),
            [("Date of birth must include a month and year", "#date-of-birth-month")],
        ),
        (
            answers_for("1234567", "14", "Smarch", "1980"),
            [("Date of birth must be a real date", "#date-of-birth-month")],
        ),
    ],
)
def test_every_error_is_shown_at_once_with_the_answers_kept(client, school, typed, summary):
    response = client.post_form(f"/schools/{school}/mentors/add", typed)

    assert response.status_code == 200
    assert error_summary(response.text) == summary
    assert "<title>Error: Find a mentor" in response.text
    assert field_values(response.text) == typed


def test_the_date_parts_in_error_are_highlighted(client, school):
    response = client.post_form(
        f"/schools/{school}/mentors/add", answers_for("1234567", "", "", "1980")
    )

    root = document(response.text)
    classes = {
        part: root.find(f".//input[@id='date-of-birth-{part}']").get("class")
        for part in ("day", "month", "year")
    }
    assert "govuk-input--error" in classes["day"]
    assert "govuk-input--error" in classes["month"]
    assert "govuk-input--error" not in classes["year"]


def test_a_found_teacher_is_shown_to_confirm(client, school):
    teacher = TEACHERS[290]

    found = client.post_form(
        f"/schools/{school}/mentors/add", answers_of(teacher), follow_redirects=False
    )
    assert found.status_code == 303
    assert found.headers["location"] == f"/schools/{school}/mentors/add/confirm"
    response = client.get(found.headers["location"])

    assert response.status_code == 200
    assert h1(response.text) == "Confirm mentor details"
    assert name_of(teacher) in text_of(document(response.text).find(".//*[@id='mentor-name']"))
    assert teacher.trn in response.text
    # Only the privacy confirmation is posted: the teacher found is kept on the server.
    assert field_values(response.text, f"/schools/{school}/mentors/add/confirm") == {
        "privacy": "confirmed"
    }
    assert f'href="/schools/{school}/mentors/add#trn"' in response.text
    # The date of birth is never kept, so it cannot be shown again.
    born = teacher.date_of_birth
    assert f"{born.day} {born:%B %Y}" not in response.text


def test_a_trn_typed_with_spaces_and_a_month_name_finds_the_teacher(client, school):
    teacher = TEACHERS[291]
    born = teacher.date_of_birth
    typed = answers_for(
        f"{teacher.trn[:3]} {teacher.trn[3:]}", f"0{born.day}"[-2:], f"{born:%b}", str(born.year)
    )

    response = client.post_form(f"/schools/{school}/mentors/add", typed)

    assert h1(response.text) == "Confirm mentor details"
    assert f">{teacher.trn}<" in response.text.replace("\n", "").replace(" ", "")


def test_a_wrong_date_of_birth_finds_no_teacher(client, school):
    teacher = TEACHERS[292]
    wrong = answers_for(teacher.trn, "1", "1", "1959")

    response = client.post_form(f"/schools/{school}/mentors/add", wrong)

    assert response.status_code == 200
    assert h1(response.text) == "No teacher found"
    assert name_of(teacher) not in response.text
    assert teacher.trn in response.text and "1 January 1959" in response.text
    assert field_values(response.text) == wrong
    back = document(response.text).find(".//a[@class='govuk-back-link']")
    assert back.get("href") == f"/schools/{school}/mentors/add"


def test_checking_the_details_after_no_teacher_found_keeps_the_answers(client, school):
    wrong = answers_for("1234567", "1", "1", "1959")

    response = client.post_form(f"/schools/{school}/mentors/add", {**wrong, "change": "search"})

    assert h1(response.text) == "Find a mentor"
    assert error_summary(response.text) == []
    assert field_values(response.text) == wrong


def test_change_on_the_confirm_page_goes_back_with_the_trn(client, school):
    teacher = TEACHERS[293]
    client.post_form(f"/schools/{school}/mentors/add", answers_of(teacher))

    response = client.get(f"/schools/{school}/mentors/add")

    assert h1(response.text) == "Find a mentor"
    assert response.text.count('class="govuk-back-link"') == 1
    # The TRN found is kept; the date of birth never is, so it is asked for again.
    assert field_values(response.text) == answers_for(teacher.trn)


def test_a_mentor_the_school_already_has_is_an_error_on_the_trn(client, school):
    teacher = TEACHERS[294]
    run(_hold(school, teacher))

    response = client.post_form(f"/schools/{school}/mentors/add", answers_of(teacher))

    assert error_summary(response.text) == [
        (f"{name_of(teacher)} has already been added as a mentor", "#trn")
    ]
    assert field_values(response.text) == answers_of(teacher)


# --- The preview as the answers are typed (HTMX) --------------------------------------------


def preview(client, school, typed) -> str:
    response = client.post_form(
        f"/schools/{school}/mentors/add", typed, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    assert "<html" not in response.text and "<h1" not in response.text
    return " ".join(response.text.split())


def test_the_preview_names_the_teacher_as_soon_as_the_answers_match(client, school):
    teacher = TEACHERS[295]

    shown = preview(client, school, answers_of(teacher))

    assert f"belong to <strong>{name_of(teacher)}</strong>" in shown.replace("&#39;", "'")


def test_the_preview_stays_empty_while_the_answers_are_incomplete(client, school):
    teacher = TEACHERS[295]
    typing = {**answers_of(teacher), "date-of-birth-year": str(teacher.date_of_birth.year)[:3]}

    assert preview(client, school, typing) == ""
    assert preview(client, school, answers_for(teacher.trn[:5])) == ""


def test_the_preview_says_when_no_teacher_matches(client, school):
    teacher = TEACHERS[295]

    shown = preview(client, school, {**answers_of(teacher), "date-of-birth-year": "1959"})

    assert "No teacher matches" in shown
    assert teacher.last_name not in shown


def test_the_preview_says_when_the_mentor_is_already_added(client, school):
    teacher = TEACHERS[296]
    run(_hold(school, teacher))

    shown = preview(client, school, answers_of(teacher))

    assert "has already been added as a mentor" in shown


# --- Confirming and adding ------------------------------------------------------------------


def find(client, school, teacher) -> None:
    """Find the teacher, as the first page of adding a mentor does."""
    response = client.post_form(
        f"/schools/{school}/mentors/add", answers_of(teacher), follow_redirects=False
    )
    assert response.headers["location"] == f"/schools/{school}/mentors/add/confirm"


def test_confirming_adds_the_mentor_and_shows_a_banner_once(client, school):
    teacher = TEACHERS[297]
    find(client, school, teacher)

    response = client.post_form(
        f"/schools/{school}/mentors/add/confirm", {"privacy": "confirmed"}, follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school}/mentors"
    listed = client.get(f"/schools/{school}/mentors")
    assert "govuk-notification-banner--success" in listed.text
    assert f"{name_of(teacher)} has been added as a mentor" in listed.text.replace("&#39;", "'")
    assert [name_of(teacher), teacher.trn] == table_rows(listed.text)[0][:2]
    again = client.get(f"/schools/{school}/mentors")
    assert "govuk-notification-banner" not in again.text
    # Done: adding another mentor starts afresh.
    assert field_values(client.get(f"/schools/{school}/mentors/add").text) == answers_for()


def test_confirming_needs_the_privacy_confirmation(client, school):
    teacher = TEACHERS[298]
    find(client, school, teacher)

    response = client.post_form(f"/schools/{school}/mentors/add/confirm", {})

    assert response.status_code == 200
    assert h1(response.text) == "Confirm mentor details"
    assert error_summary(response.text) == [
        (
            f"Confirm that you have told {name_of(teacher)} how DfE will use their information",
            "#privacy",
        )
    ]
    assert client.get(f"/schools/{school}/mentors").text.count("<tbody") == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_confirming_before_a_teacher_is_found_goes_to_the_find_page(client, school, method):
    # Only a teacher the Teaching Record System named can be added: posted fields name nobody.
    teacher = TEACHERS[298]
    url = f"/schools/{school}/mentors/add/confirm"
    data = {**answers_of(teacher), "trn": teacher.trn, "privacy": "confirmed"}

    if method == "GET":
        response = client.get(url, follow_redirects=False)
    else:
        response = client.post_form(url, data, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school}/mentors/add"
    assert table_rows(client.get(f"/schools/{school}/mentors").text) == []


def test_a_step_that_does_not_exist_is_not_found(client, school):
    assert client.get(f"/schools/{school}/mentors/add/nonsense").status_code == 404
    assert client.get(f"/schools/{school}/mentors/add/find").status_code == 404
    assert client.post_form(f"/schools/{school}/mentors/add/nonsense", {}).status_code == 404


def test_confirming_a_mentor_added_meanwhile_is_an_error_on_the_trn(client, school):
    teacher = TEACHERS[299]
    find(client, school, teacher)
    run(_hold(school, teacher))

    response = client.post_form(f"/schools/{school}/mentors/add/confirm", {"privacy": "confirmed"})

    assert h1(response.text) == "Find a mentor"
    assert error_summary(response.text) == [
        (f"{name_of(teacher)} has already been added as a mentor", "#trn")
    ]
    assert field_values(response.text)["trn"] == teacher.trn


def test_a_mentor_of_another_school_is_shared_not_copied(client, school):
    from db.tables import Mentor, SchoolMentor

    teacher = SEEDED_MENTOR
    [before] = Mentor.select(Mentor.id).where(Mentor.trn == teacher.trn).run_sync()
    schools_before = SchoolMentor.count().where(SchoolMentor.mentor == before["id"]).run_sync()

    find(client, school, teacher)
    client.post_form(f"/schools/{school}/mentors/add/confirm", {"privacy": "confirmed"})

    assert Mentor.select(Mentor.id).where(Mentor.trn == teacher.trn).run_sync() == [before]
    assert (
        SchoolMentor.count().where(SchoolMentor.mentor == before["id"]).run_sync()
        == schools_before + 1
    )
    assert table_rows(client.get(f"/schools/{school}/mentors").text)[0][1] == teacher.trn


def _sessions() -> bytes:
    """Every stored session, from Redis when the app keeps them there, else the database."""
    if redis_url := os.environ.get("REDIS_URL"):
        from redis import Redis

        with Redis.from_url(redis_url) as redis:
            keys = redis.keys("claims-sessions*")
            return b"".join(value or b"" for value in (redis.mget(keys) if keys else []))
    from db.tables import WebSession

    return b"".join(bytes(row["value"]) for row in WebSession.select(WebSession.value).run_sync())


def _assert_no_date_of_birth(stored: bytes, born: date) -> None:
    for shown in (born.isoformat(), f"{born.day}/{born.month}/{born.year}", f"{born:%d%m%Y}"):
        assert shown.encode() not in stored
    assert b"date-of-birth" not in stored and b"date_of_birth" not in stored
    assert f'"{born.year}"'.encode() not in stored


def test_after_finding_a_teacher_the_session_holds_the_trn_and_name_not_the_date_of_birth(
    client, school
):
    teacher = TEACHERS[288]

    find(client, school, teacher)

    stored = _sessions()
    assert f"add_mentor:{school}".encode() in stored
    assert teacher.trn.encode() in stored and teacher.last_name.encode() in stored
    _assert_no_date_of_birth(stored, teacher.date_of_birth)


def test_the_date_of_birth_is_not_kept_in_the_session_or_the_database(client, school):
    from db.tables import Mentor

    teacher = TEACHERS[289]
    client.post_form(f"/schools/{school}/mentors/add", answers_of(teacher))
    client.post_form(f"/schools/{school}/mentors/add/confirm", {})
    client.post_form(f"/schools/{school}/mentors/add/confirm", {"privacy": "confirmed"})

    assert table_rows(client.get(f"/schools/{school}/mentors").text)[0][1] == teacher.trn
    _assert_no_date_of_birth(_sessions(), teacher.date_of_birth)
    assert "date_of_birth" not in {column._meta.name for column in Mentor._meta.columns}


# --- Removing -------------------------------------------------------------------------------


def test_removing_asks_first_then_removes(client, school):
    teacher = TEACHERS[280]
    mentor_id = run(_hold(school, teacher))

    asked = client.get(f"/schools/{school}/mentors/{mentor_id}/remove")
    assert (
        h1(asked.text).replace("’", "'") == f"Are you sure you want to remove {name_of(teacher)}?"
    )
    assert "Remove mentor" in asked.text

    removed = client.post_form(
        f"/schools/{school}/mentors/{mentor_id}/remove", follow_redirects=False
    )
    assert removed.status_code == 303
    listed = client.get(f"/schools/{school}/mentors")
    assert f"{name_of(teacher)} has been removed" in listed.text.replace("&#39;", "'")
    assert table_rows(listed.text) == []


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED])
def test_a_mentor_on_a_draft_or_submitted_claim_cannot_be_removed(client, school, status):
    teacher = TEACHERS[281]
    mentor_id = run(_hold(school, teacher))
    reference = run(_add_claim(school, mentor_id, status))

    asked = client.get(f"/schools/{school}/mentors/{mentor_id}/remove")
    posted = client.post_form(f"/schools/{school}/mentors/{mentor_id}/remove")

    for response in (asked, posted):
        assert response.status_code == 200
        assert h1(response.text) == f"You cannot remove {name_of(teacher)} yet"
        assert [reference, status.label] in table_rows(response.text)
        [href] = re.findall(rf'<a class="govuk-link" href="([^"]+)">{reference}</a>', response.text)
        assert re.fullmatch(rf"/schools/{school}/claims/\d+", href)
        assert client.get(href).status_code == 200
    assert table_rows(client.get(f"/schools/{school}/mentors").text)[0][1] == teacher.trn


def test_a_mentor_on_a_paid_claim_can_be_removed(client, school):
    mentor_id = run(_hold(school, TEACHERS[282]))
    run(_add_claim(school, mentor_id, ClaimStatus.PAID))

    asked = client.get(f"/schools/{school}/mentors/{mentor_id}/remove")
    removed = client.post_form(
        f"/schools/{school}/mentors/{mentor_id}/remove", follow_redirects=False
    )

    assert h1(asked.text).startswith("Are you sure")
    assert removed.status_code == 303
    assert table_rows(client.get(f"/schools/{school}/mentors").text) == []


def test_another_schools_draft_does_not_stop_this_school_removing(client, school, make):
    other = make.school()
    mentor_id = run(_hold(school, TEACHERS[283]))
    run(_hold(other, TEACHERS[283]))
    run(_add_claim(other, mentor_id, ClaimStatus.DRAFT))

    removed = client.post_form(
        f"/schools/{school}/mentors/{mentor_id}/remove", follow_redirects=False
    )

    assert removed.status_code == 303


# --- Who may use the pages ------------------------------------------------------------------

PAGES = [
    ("GET", "/schools/{school}/mentors"),
    ("GET", "/schools/{school}/mentors/add"),
    ("POST", "/schools/{school}/mentors/add"),
    ("GET", "/schools/{school}/mentors/add/confirm"),
    ("POST", "/schools/{school}/mentors/add/confirm"),
    ("GET", "/schools/{school}/mentors/{mentor}/remove"),
    ("POST", "/schools/{school}/mentors/{mentor}/remove"),
]


def request(client, method: str, url: str):
    if method == "GET":
        return client.get(url, follow_redirects=False)
    return client.post_form(url, {}, follow_redirects=False)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, make, method, path):
    school_id = make.school()
    mentor_id = run(_hold(school_id, TEACHERS[270]))

    response = request(client, method, path.format(school=school_id, mentor=mentor_id))

    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_members_can_use_the_pages(client, make, method, path):
    school_id = make.school()
    mentor_id = run(_hold(school_id, TEACHERS[271]))
    client.sign_in(make.user(school_id))

    response = request(client, method, path.format(school=school_id, mentor=mentor_id))

    # Posting the remove form removes the mentor and goes back to the list; confirming before
    # a teacher is found goes to the find page.
    removing = path.endswith("remove") and method == "POST"
    expected = 303 if removing or path.endswith("confirm") else 200
    assert response.status_code == expected


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_other_schools_users_get_not_found(client, make, method, path):
    school_id = make.school(name="Private School Data")
    mentor_id = run(_hold(school_id, TEACHERS[272]))
    client.sign_in(make.user(make.school()))

    response = request(client, method, path.format(school=school_id, mentor=mentor_id))

    assert response.status_code == 404
    assert "Private School Data" not in response.text
    assert TEACHERS[272].last_name not in response.text


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_schools_mentor_is_not_found(client, make, school, method):
    other = make.school()
    theirs = run(_hold(other, TEACHERS[273]))

    response = request(client, method, f"/schools/{school}/mentors/{theirs}/remove")

    assert response.status_code == 404
    assert table_rows(client.get(f"/schools/{school}/mentors").text) == []
    assert run(_still_held(other, theirs))


async def _still_held(school_id: int, mentor_id: int) -> bool:
    from db.queries.mentors import school_mentor

    return await school_mentor(school_id, mentor_id) is not None


def test_a_school_must_accept_the_grant_conditions_first(client, make):
    school_id = make.school(accepted=False)
    client.sign_in(make.user(school_id))

    response = client.get(f"/schools/{school_id}/mentors", follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school_id}/grant-conditions"
