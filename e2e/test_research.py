"""A research session in real browsers: the facilitator's pages and a participant's claim.

The facilitator starts a "window closing in 2 days" session; the participant (JavaScript on and
off) signs in with the session's link, sees the countdown, makes a claim with one deliberate
error, and the facilitator reads the record, exports it, resets the session, and the claim is
gone. A support agent's session starts in the console and sends the claims to the payer. Research mode needs a server of its own (the shared one runs with it off), so the pages
here are checked with axe explicitly rather than by the shared audit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.fixtures.accessibility import AccessibilityAudit, AxeChecker, assert_accessible
from e2e.fixtures.server import LiveServer, running_server

SCENARIO = "A claim window closing in 2 days"
HOURS_STEP = "/schools/{school_id}/claims/{claim_id}/hours/*"
HOURS_QUESTION = "Hours for a mentor"


@pytest.fixture(scope="module")
def research_server() -> Iterator[LiveServer]:
    """The service with research mode on, on a fresh seeded database of its own."""
    yield from running_server({"RESEARCH_MODE": "true"})


@pytest.fixture
def facilitator(browser: Browser, research_server: LiveServer) -> Iterator[Page]:
    """The facilitator's own browser, JavaScript on, on the research server."""
    context: BrowserContext = browser.new_context(
        base_url=research_server.url, java_script_enabled=True, accept_downloads=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def heading(page: Page):
    """The page's <h1>."""
    return page.get_by_role("heading", level=1)


def start_session(facilitator: Page) -> tuple[str, str]:
    """Start a "window closing" session from the facilitator pages; its code and link."""
    facilitator.goto("/research")
    expect(heading(facilitator)).to_have_text("Research sessions")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Start a participant session").click()
    expect(heading(facilitator)).to_have_text("Choose a scenario")
    assert_accessible(facilitator)
    facilitator.get_by_role("button", name="Start session").click()
    expect(facilitator.locator(".govuk-error-summary")).to_contain_text("Select a scenario")
    assert_accessible(facilitator)
    facilitator.get_by_label(SCENARIO).check()
    facilitator.get_by_role("button", name="Start session").click()
    expect(facilitator.get_by_text("Session started")).to_be_visible()
    assert_accessible(facilitator)
    code = heading(facilitator).inner_text().removeprefix("Session ").strip()
    link = facilitator.locator("#sign-in-link").get_attribute("href")
    expect(
        facilitator.get_by_text("The service thinks it is 15 July 2026 at 10:00am")
    ).to_be_visible()
    return code, link


def make_claim_with_one_error(page: Page) -> str:
    """Add a claim for the first mentor, leaving the amount blank once; the claim's reference."""
    page.get_by_role("button", name="Add claim").click()
    page.get_by_label("Enter the accredited provider for this claim").fill("Bath Spa")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Bath Spa University").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Continue").click()
    # The deliberate error: another amount, with no amount given.
    page.get_by_label("Another amount").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("16 hours").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text(re.compile(r"^Check your answers"))
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.get_by_text("Claim submitted")).to_be_visible()
    return re.search(r"\b\d{8}\b", page.locator(".govuk-panel").inner_text()).group(0)


def test_a_facilitated_session_from_start_to_reset(
    page: Page, facilitator: Page, research_server: LiveServer, javascript: bool
):
    code, link = start_session(facilitator)
    assert link == f"{research_server.url}/research/join/{code}"

    # The participant signs in with the link and lands on the claims list, two days from the end.
    page.goto(link)
    expect(heading(page)).to_have_text(re.compile(r"^Sign in as "))
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Claims")
    banner = page.get_by_role("region", name="Research session")
    expect(banner).to_contain_text("This is not the live service.")
    expect(banner).to_contain_text(f"Session {code}.")
    expect(page.get_by_text("2 days remaining")).to_be_visible()
    assert_accessible(page)
    reference = make_claim_with_one_error(page)
    page.get_by_role("link", name="Claims", exact=True).click()
    expect(page.get_by_text(reference)).to_be_visible()

    # The facilitator reads the record: the countdown shown, the error, time on each step.
    facilitator.goto(f"/research/sessions/{code}/record")
    assert_accessible(facilitator)
    pages = facilitator.locator("#pages")
    claims_row = pages.locator("tr").filter(has_text="Claims").first
    expect(claims_row).to_contain_text("2 days remaining")
    error_row = pages.locator("tr").filter(has_text="custom_hours")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text(HOURS_QUESTION)
    expect(error_row).to_contain_text("Form error")
    expect(claims_row.locator("td").nth(2)).to_have_text(re.compile(r"\d+(\.\d)? seconds|\d+ min"))
    summary = facilitator.locator("#summary").locator("tr").filter(has_text=HOURS_QUESTION)
    expect(summary.locator("td").nth(2)).to_have_text("1")  # errors on the hours step
    javascript_row = facilitator.locator(".govuk-summary-list__row").filter(has_text="JavaScript")
    expect(javascript_row).to_contain_text("On" if javascript else "Off")
    expect(facilitator.get_by_role("img", name=re.compile("^Timeline"))).to_be_visible()

    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name="Download pages (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert {row["session"] for row in rows} == {code}
    [errors] = [row for row in rows if row["error_count"] != "0"]
    assert errors["step"] == HOURS_STEP and errors["errors"].startswith("custom_hours: ")
    assert "2 days remaining" in {row["countdown"] for row in rows}
    assert all(row["seconds_on_page"] for row in rows[:-1])
    assert reference not in download.value.path().read_text(encoding="utf-8")

    # Between participants: reset, after being asked, twice to be sure; the claim is gone.
    facilitator.goto(f"/research/sessions/{code}")
    for _ in range(2):
        facilitator.get_by_role("button", name="Reset session data").click()
        expect(heading(facilitator)).to_have_text(f"Are you sure you want to reset session {code}?")
        assert_accessible(facilitator)
        facilitator.get_by_role("button", name="Reset session data").click()
        expect(facilitator.get_by_text("Session reset")).to_be_visible()
    assert_accessible(facilitator)
    page.goto(link)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Claims")
    expect(page.get_by_text("2 days remaining")).to_be_visible()
    expect(page.get_by_text(reference)).to_have_count(0)

    facilitator.goto(f"/research/sessions/{code}/delete")
    assert_accessible(facilitator)
    facilitator.get_by_role("link", name="Cancel").click()
    expect(heading(facilitator)).to_have_text(f"Session {code}")


def test_going_back_is_recorded(page: Page, facilitator: Page, javascript: bool):
    code, link = start_session(facilitator)
    page.goto(link)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Users", exact=True).click()
    page.get_by_role("button", name="Add user").click()
    page.get_by_role("link", name="Back", exact=True).click()
    expect(heading(page)).to_have_text("Users")
    if javascript:
        # The browser's own back button: JavaScript tells the record how the page came back.
        page.go_back()
        expect(heading(page)).to_have_text("Add user")
        page.wait_for_timeout(500)
    facilitator.goto(f"/research/sessions/{code}/record")
    rows = facilitator.locator("#pages").locator("tr")
    expect(rows.filter(has_text="Back link")).to_have_count(1)
    expect(rows.filter(has_text="Browser back")).to_have_count(1 if javascript else 0)


def _participant(
    browser: Browser, audit: AccessibilityAudit, link: str, javascript: bool
) -> BrowserContext:
    """A participant on their own device: signs in, tries to add a mentor, gets it wrong, goes back."""
    context = browser.new_context(java_script_enabled=javascript)
    page = audit.watch(context.new_page(), javascript)
    page.goto(link)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Claims")
    page.get_by_role("link", name="Mentors", exact=True).click()
    page.get_by_role("button", name="Add mentor").click()
    expect(heading(page)).to_have_text("Find a mentor")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Find a mentor"))
    page.get_by_role("link", name="Back", exact=True).click()
    expect(heading(page)).to_have_text("Mentors")
    return context


def test_two_participants_in_a_study_and_the_facilitator_reads_the_charts(
    browser: Browser, research_server: LiveServer, axe_checker: AxeChecker
):
    # Every page of every tab here, the facilitator's and both participants', is checked by axe.
    audit = AccessibilityAudit(research_server.url, axe_checker)
    context = browser.new_context(base_url=research_server.url, accept_downloads=True)
    facilitator = audit.watch(context.new_page(), True)
    study = "Mentors round"
    sessions = []
    for _ in range(2):
        facilitator.goto("/research/sessions/new")
        facilitator.get_by_label("A school with no mentors yet").check()
        facilitator.get_by_label("Study name (optional)").fill(study)
        facilitator.get_by_role("button", name="Start session").click()
        expect(facilitator.get_by_text("Session started")).to_be_visible()
        code = heading(facilitator).inner_text().removeprefix("Session ").strip()
        sessions.append((code, facilitator.locator("#sign-in-link").get_attribute("href")))
    (with_js, with_js_link), (without_js, without_js_link) = sessions

    devices = [
        _participant(browser, audit, with_js_link, javascript=True),
        _participant(browser, audit, without_js_link, javascript=False),
    ]
    for code, note in ((with_js, "Looked for a search box"), (without_js, "Read the hint twice")):
        facilitator.goto(f"/research/sessions/{code}")
        facilitator.get_by_label("Add a note").fill(note)
        facilitator.get_by_role("button", name="Add note").click()
        expect(facilitator.get_by_text("Note added")).to_be_visible()
        expect(facilitator.locator("#note-list")).to_contain_text(note)

    facilitator.goto(f"/research/sessions/{with_js}/record")
    expect(facilitator.get_by_role("img", name=re.compile("^Timeline"))).to_be_visible()
    expect(facilitator.locator("#notes")).to_contain_text("Looked for a search box")

    facilitator.goto("/research")
    facilitator.get_by_role("link", name="See studies across sessions").click()
    facilitator.get_by_role("link", name=study).click()
    expect(heading(facilitator)).to_have_text(study)
    expect(facilitator.get_by_text("2 (JavaScript on for 1, off for 1)")).to_be_visible()
    participants = facilitator.locator("#participants")
    expect(participants.get_by_role("link", name=f"{with_js} run 1")).to_be_visible()
    expect(participants.get_by_role("link", name=f"{without_js} run 1")).to_be_visible()
    # Both participants are points on the time chart: one filled (JavaScript), one hollow.
    time_chart = facilitator.get_by_role("img", name=re.compile("^Time on each question"))
    expect(time_chart).to_be_visible()
    expect(time_chart.locator("circle.app-chart__point")).not_to_have_count(0)
    expect(time_chart.locator("circle.app-chart__point-off")).not_to_have_count(0)
    titles = " ".join(time_chart.locator("circle title").all_text_contents())
    assert f"{with_js} run 1" in titles and f"{without_js} run 1" in titles
    errors_chart = facilitator.get_by_role("img", name="Errors shown, by field")
    expect(errors_chart.locator("rect")).not_to_have_count(0)
    facilitator.get_by_text("Errors by field as a table").click()
    expect(facilitator.get_by_role("row", name=re.compile("^Find a mentor: trn"))).to_contain_text(
        "2"
    )
    for name in ("^Going back", "^How far participants got", "^JavaScript on and off"):
        expect(facilitator.get_by_role("img", name=re.compile(name))).to_be_visible()

    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name=re.compile(r"numbers by question \(CSV\)")).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert {row["session"] for row in rows} == {with_js, without_js}
    assert {(row["session"], row["javascript"]) for row in rows} == {
        (with_js, "yes"),
        (without_js, "no"),
    }
    assert {row["question"] for row in rows} >= {"Claims", "Mentors", "Find a mentor"}
    audit.finish()
    # The charts were among the pages axe checked.
    assert f"{research_server.url}/research/study?name=Mentors+round" in audit.checked
    for each in [context, *devices]:
        each.close()


def test_a_support_agent_rehearses_payments(page: Page, facilitator: Page, javascript: bool):
    facilitator.goto("/research/sessions/new")
    facilitator.get_by_label("A support agent rehearsing payments").check()
    facilitator.get_by_role("button", name="Start session").click()
    expect(facilitator.get_by_text("Session started")).to_be_visible()
    assert_accessible(facilitator)
    expect(facilitator.get_by_text("Support agent, in the support console")).to_be_visible()
    code = heading(facilitator).inner_text().removeprefix("Session ").strip()
    link = facilitator.locator("#sign-in-link").get_attribute("href")

    page.goto(link)
    expect(heading(page)).to_have_text("Sign in as Sam Support")
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Payments")
    page.get_by_role("button", name="Send claims to the payer").click()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Payments")
    page.get_by_role("button", name="Send claims").click()
    expect(heading(page)).to_have_text("Payments")

    facilitator.goto(f"/research/sessions/{code}/record")
    rows = facilitator.locator("#pages").locator("tr")
    expect(rows.filter(has_text="Support: payments").first).to_be_visible()
    expect(rows.filter(has_text="Send claims to the payer: check the claims").first).to_be_visible()
