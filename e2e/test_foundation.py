"""Foundation journeys: signing in, choosing an organisation, grant conditions, signing out.

Every test runs with JavaScript on and off (the `javascript` fixture), and every page it visits is
checked with axe (the `page` fixture). The live server's database goes back to the seeded rows
before each test; the JavaScript and no-JS runs still accept conditions at different schools.
"""

import re

import msgspec
from playwright.sync_api import Locator, Page, expect

from e2e.fixtures.personas import choose_persona, sign_in


class FirstVisit(msgspec.Struct, frozen=True):
    """A trust school whose grant conditions the seed leaves unaccepted."""

    typed: str
    name: str
    region: str
    hourly_rate: str


# One school per mode, so the JavaScript and no-JavaScript runs each accept conditions afresh.
FIRST_VISITS = {
    True: FirstVisit(
        typed="chobham", name="Harris Academy Chobham", region="Inner London", hourly_rate="£53.60"
    ),
    False: FirstVisit(
        typed="FALCONWOOD",
        name="Harris Academy Falconwood",
        region="Outer London",
        hourly_rate="£48.25",
    ),
}
# One of the trust's first schools, whose conditions the seed accepted.
ACCEPTED_SCHOOL = "Harris Academy Battersea"


def heading(page: Page) -> Locator:
    """The page's <h1>."""
    return page.get_by_role("heading", level=1)


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in a GOV.UK summary list."""
    term = page.get_by_role("term").filter(has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    return page.locator(".govuk-summary-list__row").filter(has=term).get_by_role("definition")


def school_links(page: Page) -> Locator:
    """The links to the organisations the user can choose from."""
    return page.get_by_role("link", name=re.compile(r"^Harris "))


def open_organisation_details(page: Page) -> None:
    """Use the service navigation to reach the school's Organisation details."""
    page.get_by_role("link", name="Organisation details", exact=True).click()
    expect(heading(page)).to_have_text("Organisation details")


def filter_schools(page: Page, typed: str) -> None:
    """Filter the organisations by name: a plain GET form, the same with JavaScript or without."""
    page.get_by_label("Organisation name").fill(typed)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text(f"1 organisation found for ‘{typed}’")).to_be_visible()
    # The filtered list has an address of its own, to share or go back to.
    expect(page).to_have_url(re.compile(rf"/schools\?q={typed}$"))


def test_trust_user_filters_accepts_grant_conditions_changes_organisation_and_signs_out(
    page: Page, javascript: bool
) -> None:
    school = FIRST_VISITS[javascript]
    sign_in(page, "trust")

    expect(heading(page)).to_have_text("Select an organisation")
    expect(page.get_by_text("You can claim for 44 organisations")).to_be_visible()
    # 25 a page: the trust's 44 schools take two.
    expect(school_links(page)).to_have_count(25)
    expect(page.get_by_text("Showing 1 to 25 of 44")).to_be_visible()

    filter_schools(page, school.typed)
    expect(school_links(page)).to_have_count(1)
    page.get_by_role("link", name=school.name, exact=True).click()

    expect(heading(page)).to_have_text("Grant conditions")
    expect(page.get_by_text(f"authorised representative of {school.name}")).to_be_visible()
    page.get_by_role("button", name="Accept grant conditions").click()

    expect(heading(page)).not_to_have_text("Grant conditions")
    expect(page.get_by_role("link", name="Change organisation")).to_be_visible()
    open_organisation_details(page)
    expect(summary_value(page, "Name")).to_have_text(school.name)
    expect(summary_value(page, "Status")).to_have_text("Accepted")
    expect(summary_value(page, "Accepted by")).to_have_text("Jordan Taylor")
    expect(summary_value(page, "Date accepted")).to_have_text("10 June 2026")
    expect(summary_value(page, "Funding region")).to_have_text(school.region)
    expect(summary_value(page, "Hourly rate (2025 to 2026)")).to_have_text(school.hourly_rate)

    page.get_by_role("link", name="Change organisation").click()
    expect(heading(page)).to_have_text("Select an organisation")
    page.get_by_role("link", name=ACCEPTED_SCHOOL, exact=True).click()
    # Its conditions were accepted already, so the school's own pages open straight away.
    expect(heading(page)).not_to_have_text("Grant conditions")
    open_organisation_details(page)
    expect(summary_value(page, "Name")).to_have_text(ACCEPTED_SCHOOL)
    expect(summary_value(page, "Funding region")).to_have_text("Inner London")

    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")
    page.goto("/schools")
    expect(heading(page)).to_have_text("Sign in as")


def test_single_school_user_goes_straight_to_their_school(page: Page) -> None:
    sign_in(page, "single-school")

    expect(page).to_have_url(re.compile(r"/schools/\d+/"))
    expect(page.get_by_text("Adderley CofE Primary School").first).to_be_visible()
    expect(page.get_by_role("link", name="Change organisation")).to_have_count(0)
    open_organisation_details(page)
    expect(summary_value(page, "Name")).to_have_text("Adderley CofE Primary School")
    expect(summary_value(page, "Funding region")).to_have_text("Rest of England")
    expect(summary_value(page, "Hourly rate (2025 to 2026)")).to_have_text("£43.80")


def test_user_without_a_school_is_told_they_have_no_access(page: Page) -> None:
    sign_in(page, "no-access")

    expect(heading(page)).to_have_text("You do not have access to this service")
    # The page's link leads to a "Sign out" button: signing out is always a form (a POST).
    page.get_by_role("link", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign out")
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("You have signed out")


def test_another_schools_page_is_not_found(page: Page) -> None:
    sign_in(page, "trust")
    trust_school = page.get_by_role("link", name=ACCEPTED_SCHOOL, exact=True)
    trust_school_path = trust_school.get_attribute("href")
    sign_in(page, "single-school")

    page.goto(trust_school_path)
    expect(heading(page)).to_have_text("Page not found")
    page.goto(f"{trust_school_path}/organisation-details")
    expect(heading(page)).to_have_text("Page not found")
    expect(page.get_by_text(ACCEPTED_SCHOOL)).to_have_count(0)


def test_signing_in_returns_the_user_where_they_were_going(page: Page) -> None:
    page.goto("/account")

    expect(heading(page)).to_have_text("Sign in as")
    choose_persona(page, "single-school")
    expect(heading(page)).to_have_text("Your account")
