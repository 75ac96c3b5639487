"""A research participant's pages lead nowhere broken either."""

from __future__ import annotations

from tests.fixtures.crawl import crawl


def test_every_link_a_participant_can_follow_leads_to_a_page(research):
    code = research.start("first-claim")
    research.join(code)

    visited, problems = crawl(research.client, ["/", "/schools"])

    assert problems == []
    assert len(visited) >= 10, visited
    assert not any(url.startswith("/research/sessions") for url in visited), visited
