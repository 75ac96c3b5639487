"""Organisations: onboard many schools from a `name, urn` CSV file, the CSV pattern throughout."""

from __future__ import annotations

import asyncio
import os
import random
import re
import tracemalloc
from datetime import UTC, datetime

import pytest

from db.tables import Eligibility, EmailOutbox, School, StoredFile, SupportEvent
from tests.fixtures.database import run

UPLOAD = "/support/organisations/onboard-csv"


def _errors(html: str) -> list[str]:
    summary = html[html.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<a href="#[^"]+">([^<]+)</a>', summary)
    ]


def _row_errors(html: str) -> list[tuple[str, str, str]]:
    table = html[html.index('id="row-errors"') :]
    return re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>\s*'
        r'<td class="govuk-table__cell">([^<]+)</td>',
        table[: table.index("</table>")],
    )


async def _schools(urns: list[str], eligible_2024: bool = True) -> list[int]:
    from tests.fixtures.factories import year_id

    ids = []
    for urn in urns:
        rows = await School.insert(
            School(urn=urn, name=f"Upload School {urn}", postcode="UP1 1AD", region="Inner London")
        ).returning(School.id)
        ids.append(rows[0]["id"])
        if eligible_2024:
            await Eligibility(school=ids[-1], academic_year=await year_id(2024)).save()
    return ids


async def _remove_schools(urns: list[str]) -> None:
    await School.delete().where(School.urn.is_in(urns))


def _window_id(start_year: int = 2025) -> int:
    from db.tables import ClaimWindow

    row = run(
        ClaimWindow.select(ClaimWindow.id)
        .where(
            (ClaimWindow.academic_year.start_year == start_year) & ClaimWindow.removed_at.is_null()
        )
        .order_by(ClaimWindow.starts_on)
        .first()
        .run()
    )
    return row["id"]


def _eligible_2025(school_ids: list[int]) -> set[int]:
    rows = run(
        Eligibility.select(Eligibility.school)
        .where(
            Eligibility.school.is_in(school_ids) & (Eligibility.academic_year.start_year == 2025)
        )
        .run()
    )
    return {row["school"] for row in rows}


@pytest.fixture
def urns(database):
    """Three schools with six-digit URNs of this test's own (removed afterwards)."""
    base = random.randrange(800_000, 899_000, 10)
    made = [str(base + n) for n in range(3)]
    ids = run(_schools(made))
    yield list(zip(made, ids, strict=True))
    run(_remove_schools(made))


@pytest.fixture
def staff(client, support):
    key, user_id = support.user(first_name="Carys", last_name="Csv")
    client.sign_in(key)
    return user_id


def _post(client, content: bytes, name: str = "schools.csv", window_id: int | None = None):
    data = {"_csrf_token": client.csrf_token(), "window_id": str(window_id or _window_id())}
    return client.post(
        UPLOAD, data=data, files={"file": (name, content, "text/csv")}, follow_redirects=False
    )


def _csv(rows: list[tuple[str, str]], header: str = "name,urn") -> bytes:
    return ("\r\n".join([header, *(f"{name},{urn}" for name, urn in rows)]) + "\r\n").encode()


def test_the_upload_page_works_without_javascript(client, staff):
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'type="file"' in page.text
    assert "5 May 2026 to 17 July 2026" in page.text


def test_a_good_file_previews_then_confirm_onboards_every_school(client, staff, urns, make):
    from tests.fixtures.factories import new_user

    _user_id, key = run(new_user(urns[0][1], first_name="Fran"))
    response = _post(client, _csv([(f"School {urn}", urn) for urn, _ in urns]), "autumn.csv")
    assert response.status_code == 303
    preview = client.get(response.headers["location"])
    assert preview.status_code == 200
    for urn, _ in urns:
        assert f"Upload School {urn}" in preview.text
    assert "autumn.csv" in preview.text
    # Nothing changes before Confirm.
    ids = [school_id for _, school_id in urns]
    assert _eligible_2025(ids) == set()

    done = client.post_form(response.headers["location"], {}, follow_redirects=False)
    assert done.status_code == 303
    assert _eligible_2025(ids) == set(ids)
    emails = run(
        EmailOutbox.select(EmailOutbox.kind)
        .where(EmailOutbox.to_address == f"{key}@example.org")
        .run()
    )
    assert emails == [{"kind": "school_onboarded"}]
    events = run(
        SupportEvent.select(SupportEvent.action, SupportEvent.description)
        .where(SupportEvent.user == staff)
        .run()
    )
    assert [event["action"] for event in events] == ["schools_onboarded_by_csv"]
    assert "3 schools onboarded for the academic year 2025 to 2026" in events[0]["description"]
    assert "from the file ‘autumn.csv’" in events[0]["description"]
    page = client.get("/support/organisations")
    assert "3 schools onboarded for the academic year 2025 to 2026" in page.text


def test_a_double_clicked_confirm_applies_once(client, staff, urns):
    response = _post(client, _csv([("A", urn) for urn, _ in urns]))
    preview = response.headers["location"]
    first = client.post_form(preview, {}, follow_redirects=False)
    second = client.post_form(preview, {}, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    events = run(SupportEvent.count().where(SupportEvent.user == staff).run())
    assert events == 1
    page = client.get("/support/organisations")
    assert "have already been onboarded" in page.text
    again = client.get(preview)
    assert "These schools have already been onboarded from this file." in again.text
    assert ">Confirm<" not in again.text


def test_confirms_at_the_same_moment_apply_once(client, staff, urns):
    """Two confirms racing (two tabs, two servers): the applied mark lets one through."""
    from db.queries.uploads import kept_upload, mark_applied

    response = _post(client, _csv([("A", urn) for urn, _ in urns]))
    upload_id = int(response.headers["location"].rsplit("/", 1)[1])
    now = datetime.now(UTC)

    async def both() -> list[bool]:
        from db.outbox import write_transaction

        async def once() -> bool:
            async with write_transaction():
                return await mark_applied(upload_id, now)

        return list(await asyncio.gather(once(), once()))

    assert sorted(run(both())) == [False, True]
    assert run(kept_upload("onboarding_schools", upload_id)).confirmed_at is not None


def test_every_row_error_is_listed_with_row_column_and_what_is_wrong(client, staff, urns, make):
    onboarded = run(_schools([str(int(urns[0][0]) + 5)]))
    run(Eligibility(school=onboarded[0], academic_year=_year(2025)).save().run())
    already = str(int(urns[0][0]) + 5)
    rows = [
        ("Good", urns[0][0]),
        ("Blank", ""),
        ("Short", "12345"),
        ("Unknown", "000001"),
        ("Twice", urns[0][0]),
        ("Done", already),
    ]
    try:
        response = _post(client, _csv(rows))
        assert response.status_code == 200
        assert _errors(response.text) == ["5 rows in the selected file have errors"]
        assert _row_errors(response.text) == [
            ("3", "urn", "Enter a URN"),
            ("4", "urn", "URN must be 6 digits, like 100000"),
            ("5", "urn", "No school has the URN 000001"),
            ("6", "urn", f"The URN {urns[0][0]} is in the file more than once"),
            ("7", "urn", "The school is already onboarded for the academic year 2025 to 2026"),
        ]
        assert "Upload your file again" in response.text
        assert run(StoredFile.count().where(StoredFile.created_by == staff).run()) == 0
    finally:
        run(_remove_schools([already]))


def _year(start_year: int) -> int:
    from tests.fixtures.factories import year_id

    return run(year_id(start_year))


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "school,urn",
            (
                "The selected file is missing the column ‘name’ and has the column ‘school’ "
                "that it should not have. It must have the columns: name, urn"
            ),
        ),
        (
            "name,urn,region",
            (
                "The selected file has the column ‘region’ that it should not have. "
                "It must have the columns: name, urn"
            ),
        ),
        (
            "name",
            "The selected file is missing the column ‘urn’. It must have the columns: name, urn",
        ),
    ],
)
def test_missing_and_extra_columns_are_named(client, staff, urns, header, message):
    response = _post(client, (header + "\r\nA,100000\r\n").encode())
    assert response.status_code == 200
    assert _errors(response.text) == [message]


def test_a_utf8_file_with_a_bom_is_read(client, staff, urns):
    content = f"\ufeffname,urn\r\nYsgol Gymraeg – “Caerdydd”,{urns[0][0]}\r\n"
    response = _post(client, content.encode("utf-8"))
    assert response.status_code == 303


def test_a_windows_1252_file_is_read(client, staff, urns):
    content = f"name,urn\r\nSt Mary’s – Café School,{urns[0][0]}\r\n"
    response = _post(client, content.encode("cp1252"))
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("schools.csv", b"", "The selected file is empty"),
        ("schools.csv", b"name,urn\r\n\r\n", "The selected file has no schools in it"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", "The selected file must be a CSV"),
        # Bytes that are neither UTF-8 nor Windows-1252.
        (
            "schools.csv",
            b"name,urn\r\n\x81\x8d,100000\r\n",
            "The selected file must be saved as a CSV file in UTF-8",
        ),
    ],
)
def test_files_that_cannot_be_used_are_gov_uk_errors(client, staff, name, content, message):
    response = _post(client, content, name)
    assert response.status_code == 200
    assert _errors(response.text) == [message]


def test_a_binary_file_named_csv_and_a_huge_line_are_errors_not_failures(client, staff):
    binary = _post(client, b"name,urn\r\n\x00\x01\x02,100000\r\n")
    assert binary.status_code == 200
    assert _errors(binary.text)[0].startswith("The selected file is not a CSV file")
    huge = _post(client, b"name,urn\r\n" + b"x" * 300_000 + b",100000\r\n")
    assert huge.status_code == 200
    assert _errors(huge.text)[0].startswith("The selected file is not a CSV file")


def test_no_window_or_no_file_is_an_error_and_nothing_is_lost(client, staff):
    response = client.post(
        UPLOAD,
        data={"_csrf_token": client.csrf_token(), "window_id": ""},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 200
    assert _errors(response.text) == ["Select the claim window", "Select a CSV file"]
    window_id = _window_id()
    kept = client.post(
        UPLOAD,
        data={"_csrf_token": client.csrf_token(), "window_id": str(window_id)},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert f'value="{window_id}" checked' in kept.text


def test_an_upload_nobody_has_is_page_not_found(client, staff):
    assert client.get(f"{UPLOAD}/999999999").status_code == 404


ROWS = int(os.environ.get("ONBOARDING_BULK_ROWS", "100000"))
# A part of the file, to compare the memory a 20th of the rows takes.
PART = ROWS // 20
BULK_URNS = [str(900_000 + n) for n in range(ROWS)]


async def _bulk_schools() -> None:
    from db.tables import School

    await School.delete().where(School.urn.is_in(BULK_URNS[:1]))
    # One statement, so 100,000 schools take a second rather than minutes.
    await School.raw(
        f"WITH RECURSIVE n(i) AS (SELECT 900000 UNION ALL SELECT i + 1 FROM n WHERE i < {899_999 + ROWS}) "
        "INSERT INTO school (urn, name, postcode, region, address1, town, district_admin_code, "
        "telephone, website) "
        "SELECT CAST(i AS VARCHAR(10)), 'Bulk School ' || CAST(i AS VARCHAR(10)), '', "
        "'Rest of England', '', '', '', '', '' FROM n"
    )


async def _remove_bulk() -> None:
    await StoredFile.delete().where(StoredFile.filename == "bulk.csv")
    await School.raw("DELETE FROM school WHERE urn >= '900000' AND urn <= '999999'")


@pytest.fixture
def bulk(database, tmp_path):
    path = tmp_path / "bulk.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("name,urn\r\n")
        for urn in BULK_URNS:
            handle.write(f"Bulk School {urn},{urn}\r\n")
    run(_bulk_schools())
    yield path
    run(_remove_bulk())


def test_a_100000_row_file_streams_in_bounded_memory(client, staff, bulk):
    from db.queries.uploads import kept_upload
    from web.csv_uploads import check, keep
    from web.routes.support.onboarding_csv import OnboardingCsv
    from web.settings import Settings

    size = bulk.stat().st_size
    options = {"window_id": str(_window_id())}

    async def check_and_keep(path, rows: int) -> int:
        upload = OnboardingCsv(staff, datetime(2026, 6, 10, 12, tzinfo=UTC), Settings())
        assert await upload.choose(options) == []
        with path.open("rb") as file:
            checked = await check(upload, file)
            assert (checked.rows, checked.errors) == (rows, [])
            return await keep(upload, file, "bulk.csv", options, checked)

    def peak_of(path, rows: int) -> tuple[int, int]:
        tracemalloc.start()
        try:
            result = run(check_and_keep(path, rows))
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    part = bulk.parent / "part.csv"
    part.write_bytes(b"".join(bulk.read_bytes().splitlines(keepends=True)[: 1 + PART]))
    # Once first, so what every first query loads (modules, caches) is not counted.
    run(check_and_keep(part, PART))
    _, part_peak = peak_of(part, PART)
    upload_id, peak = peak_of(bulk, ROWS)
    # The file never sits in memory whole: twenty times the rows cost no more memory than a
    # batch's worth of working space, and the whole peak is well under the file's size.
    assert peak < part_peak * 1.25, (peak, part_peak)
    assert peak < size / 2, (peak, size)
    assert run(kept_upload("onboarding_schools", upload_id)).row_count == ROWS

    # And through the console: upload, preview, confirm, all 100,000 onboarded at once.
    response = _post(client, bulk.read_bytes(), "bulk.csv")
    assert response.status_code == 303
    preview = client.get(response.headers["location"])
    assert "The first 10 of 100000 schools" in preview.text
    client.post_form(response.headers["location"], {})
    onboarded = run(
        Eligibility.count()
        .where(
            (Eligibility.school.urn >= "900000")
            & (Eligibility.school.urn <= "999999")
            & (Eligibility.academic_year.start_year == 2025)
        )
        .run()
    )
    assert onboarded == ROWS
