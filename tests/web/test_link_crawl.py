"""No link leads nowhere: every persona's reachable pages answer and pass the page checker."""

from __future__ import annotations

import re

import pytest

from db.personas import PERSONAS
from tests.fixtures.crawl import crawl, links, shape


def _claim_start_pages(client) -> list[str]:
    """The new-claim page of the school a persona lands on: no link leads there when the school
    cannot start a claim ("You cannot start a claim"), yet a bookmark or the back button can."""
    landing = client.get("/schools", follow_redirects=True)
    school = re.match(r"/schools/(\d+)", landing.url.path) or re.search(
        r'href="/schools/(\d+)"', landing.text
    )
    return [f"/schools/{school[1]}/claims/new"] if school else []


@pytest.mark.parametrize("persona", [each.key for each in PERSONAS])
def test_every_link_a_persona_can_follow_leads_to_a_page(client, persona):
    client.sign_in(persona, next_path="/schools")
    start = ["/", "/schools", *_claim_start_pages(client)]

    visited, problems = crawl(client, start)

    assert problems == []
    if persona == "no-mentors":
        assert "/schools/N/claims/new" in {shape(url) for url in visited}
    # A crawl that saw almost nothing would pass without proving anything.
    assert len(visited) >= (2 if persona == "no-access" else 10), visited


def test_every_link_a_support_user_can_follow_inside_a_school_leads_to_a_page(client, make):
    # support.md: a support user acts inside any school, with support-only pages among its own.
    school_id = make.school(name="Crawled School")
    make.user(school_id)
    client.sign_in("support", next_path="/schools")
    start = [f"/schools/{school_id}/claims", f"/schools/{school_id}/claims/new"]

    visited, problems = crawl(client, start)

    assert problems == []
    shapes = {shape(url) for url in visited}
    assert {
        "/schools/N/claims",
        "/schools/N/mentors",
        "/schools/N/mentors/add",
        "/schools/N/users",
        "/schools/N/users/add",
        "/schools/N/organisation-details",
        "/support/organisations/N/remove-grant-conditions",
        "/support/organisations",
    } <= shapes, shapes


def test_signed_out_pages_lead_somewhere(client):
    visited, problems = crawl(client, ["/"])
    assert problems == []
    assert len(visited) >= 3, visited


def test_the_crawler_finds_links_and_get_forms_of_this_site_only():
    html = """<!DOCTYPE html><html><body>
      <a href="/schools/1/claims">Claims</a>
      <a href="https://www.gov.uk">GOV.UK</a>
      <a href="mailto:someone@example.org">Email</a>
      <a href="#main">Skip</a>
      <a href="/sign-out">Sign out</a>
      <form method="get" action="/schools"><input name="q" value="ash"><button>Go</button></form>
      <form method="post" action="/schools/1/mentors/add"></form>
    </body></html>"""
    assert links("http://testserver.local/schools", html) == [
        "/schools/1/claims",
        "/schools?q=ash",
    ]


def test_the_crawl_reports_a_broken_link(client):
    client.sign_in("single-school")
    _, problems = crawl(client, ["/schools/999999999/mentors/add"])
    assert problems == ["/schools/999999999/mentors/add (linked from (start)): 404"]
