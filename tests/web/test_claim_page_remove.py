"""Removing a draft claim: a confirmation page, then gone with a success banner; drafts only."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.fixtures.database import run


def _claim_mentor_rows(claim_id: int) -> int:
    from db.tables import ClaimMentor

    return run(ClaimMentor.count().where(ClaimMentor.claim == claim_id).run())


def test_the_confirmation_page_names_the_claim(client, make, claims):
    school_id = make.school()
    ada = claims.mentor(school_id, first_name="Ada", last_name="Lovelace")
    claim_id = claims.draft(school_id, [(ada, 4)], provider="Best Practice Network")
    client.sign_in(make.user(school_id))
    response = client.get(f"/schools/{school_id}/claims/{claim_id}/remove")
    html = response.text
    assert "<title>Are you sure you want to remove this claim? - " in html
    assert f"Claim {claims.reference(claim_id)}" in html
    assert "Best Practice Network" in html
    assert "Ada Lovelace" in html
    assert re.search(
        rf'<form method="post" action="/schools/{school_id}/claims/{claim_id}/remove"', html
    )
    assert "govuk-button--warning" in html
    assert f'<a class="govuk-link" href="/schools/{school_id}/claims">Cancel</a>' in html
    assert f'href="/schools/{school_id}/claims/{claim_id}"' in html  # the back link
    assert claims.status(claim_id) == "draft", "looking at the page removes nothing"


def test_removing_a_draft_deletes_it_and_says_so_once(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    claim_id = claims.draft(school_id, [(mentor, 4)])
    kept = claims.draft(school_id, [(mentor, 2)])
    reference = claims.reference(claim_id)
    client.sign_in(make.user(school_id))
    response = client.post_form(
        f"/schools/{school_id}/claims/{claim_id}/remove", follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school_id}/claims"
    assert claims.status(claim_id) is None
    assert _claim_mentor_rows(claim_id) == 0
    assert claims.status(kept) == "draft", "only the chosen draft is removed"

    listing = client.get(f"/schools/{school_id}/claims").text
    assert "govuk-notification-banner--success" in listing
    assert f"Claim {reference} removed" in listing
    assert f">{reference}</a>" not in listing
    assert f">{claims.reference(kept)}</a>" in listing
    again = client.get(f"/schools/{school_id}/claims").text
    assert f"Claim {reference} removed" not in again


def test_a_removed_claim_is_gone(client, make, claims):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(school_id))
    client.post_form(f"/schools/{school_id}/claims/{claim_id}/remove")
    assert client.get(f"/schools/{school_id}/claims/{claim_id}").status_code == 404
    second = client.post_form(f"/schools/{school_id}/claims/{claim_id}/remove")
    assert second.status_code == 404


@pytest.mark.parametrize("status", ["submitted", "paid", "payment_not_approved"])
def test_a_claim_that_is_not_a_draft_cannot_be_removed(client, make, claims, status):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    claim_id = claims.submitted(
        school_id,
        [(mentor, 4, "initial")],
        hourly_rate_pence=4380,
        amount_pence=17520,
        status=status,
    )
    client.sign_in(make.user(school_id))
    assert client.get(f"/schools/{school_id}/claims/{claim_id}/remove").status_code == 404
    response = client.post_form(f"/schools/{school_id}/claims/{claim_id}/remove")
    assert response.status_code == 404
    assert claims.status(claim_id) == status
    assert _claim_mentor_rows(claim_id) == 1


def test_anonymous_post_is_sent_to_sign_in_and_removes_nothing(client, make, claims):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    response = client.post_form(
        f"/schools/{school_id}/claims/{claim_id}/remove", follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")
    assert claims.status(claim_id) == "draft"


def test_someone_from_another_school_cannot_remove_its_draft(client, make, claims):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(make.school()))
    response = client.post_form(f"/schools/{school_id}/claims/{claim_id}/remove")
    assert response.status_code == 404
    assert claims.status(claim_id) == "draft"


def test_a_claim_cannot_be_removed_through_another_of_your_schools(client, make, claims):
    school_id = make.school()
    other_school = make.school()
    claim_id = claims.draft(other_school)
    client.sign_in(make.user(school_id, other_school))
    response = client.post_form(f"/schools/{school_id}/claims/{claim_id}/remove")
    assert response.status_code == 404
    assert claims.status(claim_id) == "draft"


def test_removing_without_the_csrf_token_is_refused(client, make, claims):
    school_id = make.school()
    claim_id = claims.draft(school_id)
    client.sign_in(make.user(school_id))
    response = client.post(f"/schools/{school_id}/claims/{claim_id}/remove", data={})
    assert response.status_code == 403
    assert claims.status(claim_id) == "draft"


def _journey_keys(school_id: int) -> set[str]:
    from db.tables import JourneyState

    rows = run(JourneyState.select(JourneyState.key).where(JourneyState.school == school_id).run())
    return {row["key"] for row in rows}


def _keep_answers(key: str, user: str, school_id: int) -> None:
    from db.tables import JourneyState, User

    async def insert() -> None:
        user_row = await User.select(User.id).where(User.persona == user).first()
        await JourneyState(
            key=key.format(user=user_row["id"]),
            user=user_row["id"],
            school=school_id,
            data="{}",
            updated_at=datetime.now(UTC),
        ).save()

    run(insert())


def test_removing_a_draft_forgets_every_members_answers_for_it(client, make, claims):
    school_id = make.school()
    removed = claims.draft(school_id)
    kept = claims.draft(school_id)
    first, second = make.user(school_id), make.user(school_id)
    reference, kept_reference = claims.reference(removed), claims.reference(kept)
    for user in (first, second):
        _keep_answers(f"claim:{{user}}:{school_id}:{removed}:{reference}", user, school_id)
        _keep_answers(f"claim:{{user}}:{school_id}:{kept}:{kept_reference}", user, school_id)
    client.sign_in(first)
    client.post_form(f"/schools/{school_id}/claims/{removed}/remove")
    keys = _journey_keys(school_id)
    assert len(keys) == 2
    assert all(key.endswith(f":{kept}:{kept_reference}") for key in keys)
