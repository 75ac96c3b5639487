"""The organisations page of a user with several schools: what each needs doing, in one view."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from domain.trust_view import Progress
from tests.fixtures.claim_journey import answer, link, words
from tests.fixtures.factories import new_mentor, new_school, new_user, provider_id

pytestmark = pytest.mark.db


def rows(page: str) -> list[dict]:
    """The table's rows: name, the cells' words, and the next step's link and words."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.DOTALL)
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1) if body else "", re.DOTALL):
        name = words(re.search(r'<a class="govuk-link" href="/schools/\d+">(.*?)</a>', row)[1])
        cells = [words(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        action = re.findall(r'<a class="govuk-link" href="([^"]+)">(.*?)</a>', row)[-1]
        found.append(
            {
                "name": name,
                "progress": cells[0],
                "drafts": cells[1],
                "submitted": cells[2],
                "amount": cells[3],
                "mentors_left": cells[4],
                "action": words(re.sub(r'<span class="govuk-visually-hidden">.*', "", action[1])),
                "href": action[0],
            }
        )
    return found


@pytest.fixture
def trust(client, db, claims):
    """A user of six schools, one at each progress (and one without mentors), signed in."""
    ids = {
        "Draft": db(new_school, "Trust View Draft School"),
        "Fresh": db(new_school, "Trust View Fresh School"),
        "Empty": db(new_school, "Trust View Empty School"),
        "Partly": db(new_school, "Trust View Partly School", "Inner London"),
        "Done": db(new_school, "Trust View Done School"),
        "Outside": db(new_school, "Trust View Outside School", eligible_years=(2024,)),
    }
    _, key = db(new_user, *ids.values(), first_name="Tara", last_name="Trust")
    mentors = {
        name: db(new_mentor, ids[name], first_name="Mina", last_name=f"{name}mentor")
        for name in ("Draft", "Fresh", "Partly", "Done", "Outside")
    }
    extra = db(new_mentor, ids["Partly"], first_name="Otto", last_name="Unclaimed")
    draft = claims.draft(ids["Draft"], [(mentors["Draft"], 4)])
    # 10 of 16 hours: the mentor has 6 left, and Otto has all of his.
    claims.submitted(
        ids["Partly"],
        [(mentors["Partly"], 10, "initial")],
        hourly_rate_pence=5360,
        amount_pence=53600,
    )
    claims.submitted(
        ids["Done"], [(mentors["Done"], 16, "initial")], hourly_rate_pence=4380, amount_pence=70080
    )
    client.sign_in(key)
    return {"ids": ids, "draft": draft, "mentors": mentors, "extra": extra}


def test_each_school_shows_its_progress_and_one_link_to_what_it_needs(client, trust):
    ids = trust["ids"]
    page = client.get("/schools")

    assert page.status_code == 200
    assert [
        (row["name"], row["progress"], row["drafts"], row["submitted"], row["amount"])
        for row in rows(page.text)
    ] == [
        ("Trust View Draft School", "Draft in progress", "1", "0", "£0.00"),
        ("Trust View Empty School", "Not started", "0", "0", "£0.00"),
        ("Trust View Fresh School", "Not started", "0", "0", "£0.00"),
        ("Trust View Partly School", "Hours left to claim", "0", "1", "£536.00"),
        ("Trust View Outside School", "Not eligible", "0", "0", "£0.00"),
        ("Trust View Done School", "Claimed", "0", "1", "£700.80"),
    ]
    found = {row["name"].split()[2]: row for row in rows(page.text)}
    assert {name: (row["action"], row["href"]) for name, row in found.items()} == {
        "Draft": ("Continue claim", f"/schools/{ids['Draft']}/claims/{trust['draft']}/resume"),
        "Empty": ("Add mentor", f"/schools/{ids['Empty']}/mentors/add"),
        "Fresh": ("Add claim", f"/schools/{ids['Fresh']}/claims/new"),
        "Partly": ("Add claim", f"/schools/{ids['Partly']}/claims/new"),
        "Outside": ("View claims", f"/schools/{ids['Outside']}/claims"),
        "Done": ("View claims", f"/schools/{ids['Done']}/claims"),
    }
    assert {name: row["mentors_left"] for name, row in found.items()} == {
        "Draft": "1 of 1",
        "Empty": "0",
        "Fresh": "1 of 1",
        "Partly": "2 of 2",
        "Outside": "1 of 1",
        "Done": "0 of 1",
    }
    # The deadline once, for the window, from the domain's rules.
    text = words(page.text)
    assert text.count("the deadline is 11:59pm on Friday 17 July 2026") == 1
    assert "37 days left to submit claims for the academic year September 2025 to July 2026" in text
    # Each repeated link says which school it is for.
    assert "Add claim for Trust View Fresh School" in text


def test_the_only_draft_is_offered_to_continue_without_redirecting(client, trust):
    page = client.get("/schools", follow_redirects=False)

    assert page.status_code == 200
    assert "You have a claim in progress for Trust View Draft School" in words(page.text)
    ids = trust["ids"]
    assert link(page.text, "Continue your claim for Trust View Draft School") == (
        f"/schools/{ids['Draft']}/claims/{trust['draft']}/resume"
    )
    resumed = client.get(link(page.text, "Continue your claim for Trust View Draft School"))
    # The draft has its hours: it carries on at the question after them.
    assert resumed.url.path == f"/schools/{ids['Draft']}/claims/{trust['draft']}/confirm-hours"


def test_a_second_draft_anywhere_takes_the_offer_away(client, trust, claims):
    claims.draft(trust["ids"]["Fresh"], [(trust["mentors"]["Fresh"], 2)])

    page = client.get("/schools")

    assert "claim in progress" not in words(page.text)
    assert [row["progress"] for row in rows(page.text)][:2] == ["Draft in progress"] * 2


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("progress=draft", ["Draft"]),
        ("progress=not-started&progress=hours-left", ["Empty", "Fresh", "Partly"]),
        ("progress=done", ["Done"]),
        ("progress=not-eligible&q=outside", ["Outside"]),
        ("progress=nonsense", ["Draft", "Empty", "Fresh", "Partly", "Outside", "Done"]),
        ("q=partly", ["Partly"]),
        ("q=partly&progress=draft", []),
    ],
)
def test_filtering_by_progress_and_name_without_javascript(client, trust, query, names):
    page = client.get(f"/schools?{query}")

    assert page.status_code == 200
    assert [row["name"].split()[2] for row in rows(page.text)] == names
    wanted = {value for key, value in re.findall(r"(progress)=([a-z-]+)", query)}
    ticked = set(
        re.findall(r'name="progress" type="checkbox" value="([a-z-]+)" checked', page.text)
    )
    assert ticked == wanted & {"draft", "not-started", "hours-left", "not-eligible", "done"}
    if not names:
        assert "No organisations match your filters" in page.text


def test_the_filter_offers_every_progress_with_how_many_schools_have_it(client, trust):
    page = client.get("/schools")

    labels = [
        words(label)
        for label in re.findall(
            r'<label class="govuk-label govuk-checkboxes__label"[^>]*>(.*?)</label>',
            page.text,
            re.DOTALL,
        )
    ]
    assert labels == [
        f"{Progress.DRAFT.value} (1)",
        f"{Progress.NOT_STARTED.value} (2)",
        f"{Progress.HOURS_LEFT.value} (1)",
        f"{Progress.NOT_ELIGIBLE.value} (1)",
        f"{Progress.DONE.value} (1)",
    ]


def test_the_trust_persona_pages_its_44_schools_25_at_a_time(client):
    client.sign_in("trust")
    first = client.get("/schools")
    second = client.get("/schools?page=2")

    assert len(rows(first.text)) == 25 and len(rows(second.text)) == 19
    names = [row["name"] for row in rows(first.text) + rows(second.text)]
    assert len(set(names)) == 44
    assert "Showing 1 to 25 of 44" in words(first.text)
    assert "Showing 26 to 44 of 44" in words(second.text)
    assert link(first.text, "Next page") == "/schools?page=2"
    # A page past the last shows the last; junk shows the first.
    assert rows(client.get("/schools?page=99").text) == rows(second.text)
    assert rows(client.get("/schools?page=two").text) == rows(first.text)


def test_pages_keep_the_filters(client):
    client.sign_in("trust")
    page = client.get("/schools?q=harris&progress=not-started")

    assert link(page.text, "Next page") == "/schools?q=harris&progress=not-started&page=2"


def test_with_no_window_open_it_says_so_and_still_lists_the_schools(client, trust, clock):
    clock.moment = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)

    page = client.get("/schools")

    assert page.status_code == 200
    text = words(page.text)
    assert "Claims for the academic year September 2025 to July 2026 closed at 11:59pm" in text
    assert "You can still manage each organisation’s mentors and users" in text
    names = re.findall(r'href="/schools/\d+">([^<]+)</a>', page.text)
    assert names == sorted(names) and len(names) == 6
    assert 'name="progress"' not in page.text
    assert "claim in progress" not in text


def test_switching_school_inside_a_claim_never_mixes_the_schools_answers(client, db):
    first = db(new_school, "Switch Alpha School")
    second = db(new_school, "Switch Beta School")
    _, key = db(new_user, first, second)
    alpha = db(new_mentor, first, first_name="Alma", last_name="Alphamentor")
    beta = db(new_mentor, second, first_name="Bert", last_name="Betamentor")
    alpha_provider, beta_provider = db(provider_id, 0), db(provider_id, 1)
    client.sign_in(key)

    def start(school_id: int, provider: int, mentor: int, hours: int) -> str:
        to_mentors = answer(
            client,
            f"/schools/{school_id}/claims/new",
            {"provider": "anything", "provider_id": str(provider)},
        )
        claim = to_mentors.removesuffix("/mentors")
        answer(client, to_mentors, {"mentors": [str(mentor)]})
        answer(client, f"{claim}/hours/{mentor}", {"hours": "another", "custom_hours": str(hours)})
        return claim

    alpha_claim = start(first, alpha_provider, alpha, 5)
    # School B's pages, opened while A's draft is half done, show nothing of A's.
    for path in ("/claims", "/claims/new"):
        page = client.get(f"/schools/{second}{path}")
        assert page.status_code == 200
        assert "Alphamentor" not in page.text
    beta_claim = start(second, beta_provider, beta, 3)
    beta_mentors = client.get(f"{beta_claim}/mentors").text
    assert "Betamentor" in beta_mentors and "Alphamentor" not in beta_mentors

    alpha_page = words(client.get(f"{alpha_claim}/confirm-hours").text)
    beta_page = words(client.get(f"{beta_claim}/confirm-hours").text)
    assert "Alma Alphamentor" in alpha_page and "Betamentor" not in alpha_page
    assert "Bert Betamentor" in beta_page and "Alphamentor" not in beta_page
    assert "5 hours" in alpha_page and "3 hours" in beta_page
    # A draft belongs to its school: through the other school's address it is not found.
    alpha_id, beta_id = alpha_claim.rsplit("/", 1)[1], beta_claim.rsplit("/", 1)[1]
    for school_id, claim_id in ((second, alpha_id), (first, beta_id)):
        for step in ("resume", "mentors", "confirm-hours", "check-answers"):
            assert client.get(f"/schools/{school_id}/claims/{claim_id}/{step}").status_code == 404
    # The trust view sends each school to its own draft.
    found = {row["name"]: row["href"] for row in rows(client.get("/schools").text)}
    assert found == {
        "Switch Alpha School": f"{alpha_claim}/resume",
        "Switch Beta School": f"{beta_claim}/resume",
    }


def test_a_first_visit_accepts_the_grant_conditions_then_goes_on_to_the_work(client, db):
    known = db(new_school, "Conditions Known School")
    first_visit = db(new_school, "Conditions First Visit School", accepted=False)
    db(new_mentor, known, first_visit)
    _, key = db(new_user, known, first_visit)
    client.sign_in(key)

    found = {row["name"]: row["href"] for row in rows(client.get("/schools").text)}

    assert found["Conditions Known School"] == f"/schools/{known}/claims/new"
    conditions = found["Conditions First Visit School"]
    assert conditions == (
        f"/schools/{first_visit}/grant-conditions?next=%2Fschools%2F{first_visit}%2Fclaims%2Fnew"
    )
    page = client.get(conditions)
    assert f'name="next" value="/schools/{first_visit}/claims/new"' in page.text
    accepted = client.post_form(
        f"/schools/{first_visit}/grant-conditions",
        {"next": f"/schools/{first_visit}/claims/new"},
        follow_redirects=False,
    )
    assert accepted.headers["location"] == f"/schools/{first_visit}/claims/new"
