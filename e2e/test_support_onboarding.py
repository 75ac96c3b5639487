"""Support console: onboard a school found by search, schools from a CSV file, and invite
users from one."""

from __future__ import annotations

import re

from playwright.sync_api import FilePayload, Page, expect

from e2e.fixtures.personas import sign_in

# Seeded as not eligible for 2025 to 2026 (db/personas.py NOT_ELIGIBLE_URN).
NOT_ELIGIBLE = ("Bill Quay Primary School", "108357")


def _heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_onboard_a_school_found_by_search(page: Page, javascript: bool) -> None:
    name, urn = NOT_ELIGIBLE
    sign_in(page, "support")
    _heading(page, "Organisations")
    page.get_by_role("link", name="Onboard a school", exact=True).click()
    _heading(page, "Which school do you want to onboard?")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a school name, URN or postcode")
    if javascript:
        # Suggestions as the URN is typed; choosing one goes straight to the window.
        page.get_by_label("Which school do you want to onboard?").press_sequentially(urn)
        page.get_by_role("button", name=re.compile(f"^{name}")).click()
    else:
        page.get_by_label("Which school do you want to onboard?").fill(urn)
        page.get_by_role("button", name="Continue").click()
        _heading(page, f"1 school found for ‘{urn}’")
        page.get_by_label(name).check()
        page.get_by_role("button", name="Continue").click()
    _heading(page, f"Which claim window should {name} be able to claim in?")
    page.get_by_label("5 May 2026 to 17 July 2026").check()
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Check the school and claim window")
    expect(page.get_by_role("main")).to_contain_text(f"URN {urn}")
    page.get_by_role("button", name="Onboard school").click()
    _heading(page, "Organisations")
    expect(page.get_by_role("alert")).to_contain_text(
        f"{name} onboarded for the academic year 2025 to 2026"
    )

    # Once onboarded for the year, it cannot be onboarded for it again.
    page.get_by_role("link", name="Onboard a school", exact=True).click()
    page.get_by_label("Which school do you want to onboard?").fill(urn)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(name).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("1 September 2026 to 30 September 2026").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_role("alert")).to_contain_text(
        f"{name} is already onboarded for the academic year 2025 to 2026"
    )


def _csv(file_name: str, text: str) -> FilePayload:
    # The file's bytes themselves: a sandboxed Chromium may not read the test's temporary files.
    return {"name": file_name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_onboard_schools_from_a_csv_file(page: Page) -> None:
    name, urn = NOT_ELIGIBLE
    wrong = _csv("wrong.csv", f"name,urn\r\n{name},{urn}\r\nNowhere,12\r\n")
    good = _csv("onboarding.csv", f"name,urn\r\n{name},{urn}\r\n")

    sign_in(page, "support")
    page.get_by_role("link", name="Onboard schools from a CSV file").click()
    _heading(page, "Onboard schools from a CSV file")
    page.get_by_label("5 May 2026 to 17 July 2026").check()
    page.get_by_label("Upload a CSV file").set_input_files(wrong)
    page.get_by_role("button", name="Upload file").click()
    _heading(page, "The selected file has errors")
    expect(page.get_by_role("table")).to_contain_text("URN must be 6 digits, like 100000")
    page.get_by_role("button", name="Upload your file again").click()

    _heading(page, "Onboard schools from a CSV file")
    page.get_by_label("5 May 2026 to 17 July 2026").check()
    page.get_by_label("Upload a CSV file").set_input_files(good)
    page.get_by_role("button", name="Upload file").click()
    _heading(page, "Check the schools to onboard")
    expect(page.get_by_role("table")).to_contain_text(name)
    page.get_by_role("button", name="Confirm").click()
    _heading(page, "Organisations")
    expect(page.get_by_role("alert")).to_contain_text(
        "1 school onboarded for the academic year 2025 to 2026"
    )

    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Activity log").click()
    expect(page.get_by_role("main")).to_contain_text("from the file ‘onboarding.csv’")


def test_invite_users_from_a_csv_file(page: Page, javascript: bool) -> None:
    name, urn = NOT_ELIGIBLE
    header = "email,school_urn,first_name,last_name\r\n"
    wrong = _csv("wrong.csv", f"{header}ada@example.org,{urn},,Lovelace\r\n")
    good = _csv(
        "invitations.csv",
        f"{header}ada@example.org,{urn},Ada,Lovelace\r\ngrace@example.org,{urn},Grace,Hopper\r\n",
    )

    sign_in(page, "support")
    page.get_by_role("link", name="Invite users from a CSV file").click()
    _heading(page, "Invite users from a CSV file")
    page.get_by_label("Upload a CSV file").set_input_files(wrong)
    page.get_by_role("button", name="Upload file").click()
    _heading(page, "The selected file has errors")
    expect(page.get_by_role("table")).to_contain_text("Enter a first name")
    page.get_by_role("button", name="Upload your file again").click()

    _heading(page, "Invite users from a CSV file")
    page.get_by_label("Upload a CSV file").set_input_files(good)
    page.get_by_role("button", name="Upload file").click()
    _heading(page, "Check the users to invite")
    expect(page.get_by_role("table")).to_contain_text(f"{name} ({urn})")
    expect(page.get_by_role("table")).to_contain_text("grace@example.org")
    page.get_by_role("button", name="Confirm").click()
    _heading(page, "Organisations")
    expect(page.get_by_role("alert")).to_contain_text("2 users invited")

    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_role("link", name="Activity log").click()
    page.get_by_role(
        "link", name="2 users invited to 1 school from the file ‘invitations.csv’"
    ).click()
    _heading(page, "2 users invited to 1 school from the file ‘invitations.csv’")
    expect(page.get_by_role("main")).to_contain_text("ada@example.org")
    expect(page.get_by_role("link", name="invitations.csv")).to_be_visible()
