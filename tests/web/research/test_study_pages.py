"""Studies through the app: grouping sessions, the charts page and its downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.web.research.test_recorder import _token


def _start(research, scenario: str, study: str = "") -> str:
    response = research.client.post_form(
        "/research/sessions", {"scenario": scenario, "study": study}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[3].split("?")[0]


def _participant(research, code: str, *, javascript: bool) -> None:
    """Sign in with the link and make one error adding a mentor; JavaScript reports if on."""
    school_id = research.join(code)
    for path in (f"/schools/{school_id}/mentors", f"/schools/{school_id}/mentors/add"):
        page = research.client.get(path).text
        if javascript:
            research.client.post_form(
                "/research/beacon", {"page": _token(page), "navigation": "navigate"}
            )
    research.client.post_form(f"/schools/{school_id}/mentors/add", {"trn": "12"})
    research.client.get(f"/schools/{school_id}/mentors?research-via=back")


def test_sessions_given_the_same_study_name_are_one_study_with_charts(research):
    first = _start(research, "no-mentors", "Round 1")
    second = _start(research, "hours-used", "  round   1 ")
    _participant(research, first, javascript=True)
    _participant(research, second, javascript=False)

    listing = research.client.get("/research/studies").text
    assert 'href="/research/study?name=Round+1"' in listing
    assert 'href="/research/study?scenario=no-mentors"' in listing
    assert "Round 1" in research.client.get("/research").text

    page = research.client.get("/research/study?name=Round+1").text
    assert re.search(r"<h1[^>]*>\s*Round 1\s*</h1>", page)
    assert "2 (JavaScript on for 1, off for 1)" in page
    for code in (first, second):
        assert f'href="/research/sessions/{code}/record?run=1">{code} run 1</a>' in page
    # Five charts, drawn on the server, each named for assistive technology.
    assert page.count('<svg class="app-chart__svg"') == 5
    assert page.count('role="img" aria-labelledby="') == 5
    # Time on "Mentors": one point per participant, filled with JavaScript, hollow without.
    assert f"<title>{first} run 1: " in page and f"<title>{second} run 1: " in page
    assert 'class="app-chart__point"' in page and 'class="app-chart__point-off"' in page
    assert "<title>Find a mentor: trn: 2</title>" in page
    assert "Reached by" not in page
    assert 'style="' not in page and "<style" not in page

    rows = list(
        csv.DictReader(io.StringIO(research.client.get("/research/study.csv?name=Round+1").text))
    )
    assert {row["session"] for row in rows} == {first, second}
    assert {row["javascript"] for row in rows} == {"yes", "no"}
    mentor_rows = [row for row in rows if row["question"] == "Find a mentor"]
    assert [row["errors"] for row in mentor_rows] == ["2", "2"]

    download = research.client.get("/research/study.json?name=Round+1")
    assert 'filename="research-study-round-1.json"' in download.headers["content-disposition"]
    data = json.loads(download.text)
    assert {each["session"] for each in data["participants"]} == {first, second}
    errors = {(each["question"], each["field"]): each for each in data["figures"]["errors"]}
    assert errors["Find a mentor", "trn"]["participants"] == 2


def test_every_session_is_also_in_its_scenarios_study(research):
    named = _start(research, "first-claim", "Pilot")
    plain = _start(research, "first-claim")
    research.join(named)
    research.join(plain)
    page = research.client.get("/research/study?scenario=first-claim").text
    assert "A single school making its first claim" in page
    assert f"{plain} run 1" in page and f"{named} run 1" in page
    assert f"{plain} run 1" not in research.client.get("/research/study?name=Pilot").text


def test_a_study_whose_sessions_recorded_nothing_says_so(research):
    _start(research, "first-claim", "Nobody came")
    page = research.client.get("/research/study?name=Nobody+came").text
    assert "Nothing recorded yet in this study's sessions." in page
    assert "app-chart" not in page
    rows = research.client.get("/research/study.csv?name=Nobody+came").text.splitlines()
    assert len(rows) == 1


@pytest.mark.parametrize("query", ["", "?scenario=no-such-scenario", "?name=No+such+study"])
def test_a_study_with_no_sessions_is_not_found(research, query):
    research.start("first-claim")
    for path in ("/research/study", "/research/study.csv", "/research/study.json"):
        assert research.client.get(path + query).status_code == 404


def test_changing_a_sessions_study(research):
    code = _start(research, "first-claim")
    page = research.client.get(f"/research/sessions/{code}").text
    assert "By scenario only" in page
    assert f'href="/research/sessions/{code}/study"' in page
    form = research.client.get(f"/research/sessions/{code}/study").text
    assert "Which study is this session part of?" in form

    saved = research.client.post_form(
        f"/research/sessions/{code}/study", {"study": "Autumn round"}, follow_redirects=False
    )
    assert saved.headers["location"] == f"/research/sessions/{code}?done=study"
    page = research.client.get(f"/research/sessions/{code}?done=study").text
    assert "Study changed" in page
    assert 'href="/research/study?name=Autumn+round">Autumn round</a>' in page
    form = research.client.get(f"/research/sessions/{code}/study").text
    assert re.search(r"Studies so far: [^<]*Autumn round", form)

    research.client.post_form(f"/research/sessions/{code}/study", {"study": ""})
    assert "By scenario only" in research.client.get(f"/research/sessions/{code}").text


def test_a_study_name_too_long_is_an_error_that_keeps_what_was_typed(research):
    name = "A" * 61
    started = research.client.post_form(
        "/research/sessions", {"scenario": "first-claim", "study": name}
    )
    assert started.status_code == 200
    assert "Study name must be 60 characters or fewer" in started.text
    assert 'href="#study"' in started.text and f'value="{name}"' in started.text
    assert 'value="first-claim" checked' in started.text

    code = research.start("first-claim")
    changed = research.client.post_form(f"/research/sessions/{code}/study", {"study": name})
    assert changed.status_code == 200
    assert "Study name must be 60 characters or fewer" in changed.text
    assert f'value="{name}"' in changed.text
