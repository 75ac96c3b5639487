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
