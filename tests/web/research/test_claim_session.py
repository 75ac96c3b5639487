"""A participant makes a claim in a "window closing" session; the record and a reset follow it."""

from __future__ import annotations

import re

from db.queries.research import session_by_code
from db.tables import Claim
from tests.fixtures.database import run


def _action(html: str) -> str:
    return re.findall(r'<form method="post" action="([^"]+)"', html)[0]


def _check_answers(research, school_id: int, *, with_error: bool) -> str:
    """Answer every question for the first mentor; the check answers page."""
    client = research.client
    start = client.get(f"/schools/{school_id}/claims/new")
    results = client.post_form(start.url.path, {"provider": "Bath Spa"}, follow_redirects=True)
    provider_id = re.findall(r'name="provider_id"[^>]*value="(\d+)"', results.text)[0]
    mentors = client.post_form(
        _action(results.text),
        {"provider_id": provider_id, "provider": "Bath Spa"},
        follow_redirects=True,
    )
    mentor_id = re.findall(r'name="mentors"[^>]*value="(\d+)"', mentors.text)[0]
    hours = client.post_form(_action(mentors.text), {"mentors": mentor_id}, follow_redirects=True)
    if with_error:
        hours = client.post_form(_action(hours.text), {"hours": "another", "custom_hours": ""})
        assert "There is a problem" in hours.text
    confirm = client.post_form(
        _action(hours.text), {"hours": "maximum", "shown": "16"}, follow_redirects=True
    )
    check = client.post_form(_action(confirm.text), {"confirmed": "yes"}, follow_redirects=True)
    assert "Accept and submit" in check.text
    return check.text


def _claim_with_one_error(research, school_id: int) -> str:
    """Add a claim for the first mentor, giving a blank amount once; the claim's reference."""
    check = _check_answers(research, school_id, with_error=True)
    submitted = research.client.post_form(_action(check), follow_redirects=True)
    assert "Claim submitted" in submitted.text
    return re.search(r"\b\d{8}\b", submitted.text).group(0)


def test_the_record_follows_a_claim_and_a_reset_removes_it(research):
    code = research.start("window-closing")
    school_id = research.join(code)
    reference = _claim_with_one_error(research, school_id)
    assert reference in research.client.get(f"/schools/{school_id}/claims").text

    steps = [event.step for event in research.pages(code)]
    assert steps[:2] == ["/schools/{school_id}/claims", "/schools/{school_id}/claims/new"]
    assert "/schools/{school_id}/claims/{claim_id}/hours/*" in steps
    assert "/schools/{school_id}/claims/{claim_id}/check-answers" in steps
    [error] = [event for event in research.events(code) if event.kind == "error"]
    assert (error.field, error.step) == (
        "custom_hours",
        "/schools/{school_id}/claims/{claim_id}/hours/*",
    )
    [claims] = [event for event in research.pages(code) if event.route == "claims"][:1]
    assert claims.notice == "2 days remaining"

    record = research.client.get(f"/research/sessions/{code}/record").text
    assert "custom_hours" in record and "2 days remaining" in record

    research.client.post_form(f"/research/sessions/{code}/reset")
    assert run(Claim.count().where(Claim.reference == reference).run()) == 0
    school_id = research.join(code)
    assert reference not in research.client.get(f"/schools/{school_id}/claims").text
    assert run(session_by_code(code)).run == 2


def test_closing_the_window_mid_claim_stops_the_submit_for_that_session_only(research):
    code, other = research.start("window-closing"), research.start("window-closing")
    school_id = research.join(code)
    check = _check_answers(research, school_id, with_error=False)
    research.client.post_form(f"/research/sessions/{code}/date", {"date": "closed-yesterday"})
    refused = research.client.post_form(_action(check), follow_redirects=True)
    assert "You cannot submit this claim" in refused.text
    assert (
        run(Claim.count().where((Claim.school == school_id) & (Claim.status == "submitted")).run())
        == 0
    )

    other_school = research.join(other)
    check = _check_answers(research, other_school, with_error=False)
    assert (
        "Claim submitted" in research.client.post_form(_action(check), follow_redirects=True).text
    )
