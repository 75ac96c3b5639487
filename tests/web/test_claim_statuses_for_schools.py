"""A school sees each status of its claims after submission, as the support console moves them."""

from __future__ import annotations

import pytest

from domain.claim_status import ClaimStatus

AFTER_SUBMISSION = [status for status in ClaimStatus if status is not ClaimStatus.DRAFT]


@pytest.mark.parametrize("status", AFTER_SUBMISSION, ids=lambda status: status.value)
def test_the_claims_list_and_claim_page_show_the_status_tag(client, make, claims, status):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    claim_id = claims.submitted(
        school_id,
        [(mentor, 4, "initial")],
        hourly_rate_pence=5370,
        amount_pence=21480,
        status=status.value,
    )
    client.sign_in(make.user(school_id))
    tag = f'<strong class="govuk-tag {status.tag_class}">{status.label}</strong>'
    listed = client.get(f"/schools/{school_id}/claims")
    assert listed.status_code == 200
    assert tag in listed.text
    page = client.get(f"/schools/{school_id}/claims/{claim_id}")
    assert page.status_code == 200
    assert tag in page.text


def test_every_status_after_submission_has_its_own_words():
    labels = [status.label for status in AFTER_SUBMISSION]
    assert len(set(labels)) == len(labels)


def test_a_school_sees_the_adjusted_amount_where_money_is_taken_back(client, make, claims):
    school_id = make.school()
    mentor = claims.mentor(school_id)
    clawed_back = claims.submitted(
        school_id,
        [(mentor, 16, "initial")],
        hourly_rate_pence=5370,
        amount_pence=85920,
        status="clawback_complete",
    )
    untouched = claims.submitted(
        school_id, [(mentor, 4, "initial")], hourly_rate_pence=5370, amount_pence=21480
    )

    async def taken_back():
        from db.tables import Claim

        await Claim.update({Claim.clawback_pence: 32220}).where(Claim.id == clawed_back)

    from tests.fixtures.database import run

    run(taken_back())
    client.sign_in(make.user(school_id))
    listed = client.get(f"/schools/{school_id}/claims").text
    assert "£859.20 claimed, £322.20 taken back" in listed
    assert "£537.00" in listed
    page = client.get(f"/schools/{school_id}/claims/{clawed_back}").text
    assert "Amount taken back" in page and "£322.20" in page
    assert "Adjusted amount" in page and "£537.00" in page
    assert "Amount taken back" not in client.get(f"/schools/{school_id}/claims/{untouched}").text
