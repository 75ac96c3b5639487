import pytest

from domain.claim_status import (
    ClaimStatus,
    blocks_mentor_removal,
    counts_as_earlier_training,
    counts_towards_hours,
    school_can_remove,
    school_can_submit,
)

S = ClaimStatus


@pytest.mark.parametrize(
    ("status", "label", "tag"),
    [
        (S.DRAFT, "Draft", "govuk-tag--grey"),
        (S.SUBMITTED, "Submitted", "govuk-tag--blue"),
        (S.PAYMENT_IN_PROGRESS, "Payment in progress", "govuk-tag--light-blue"),
        (S.PAID, "Paid", "govuk-tag--green"),
        (S.PAYMENT_INFORMATION_REQUESTED, "Payer needs information", "govuk-tag--yellow"),
        (S.PAYMENT_NOT_APPROVED, "Rejected by payer", "govuk-tag--red"),
        (S.INFORMATION_SENT_TO_PAYER, "Information sent to payer", "govuk-tag--light-blue"),
        (S.SAMPLING_IN_PROGRESS, "Audit requested", "govuk-tag--purple"),
        (S.SAMPLING_NOT_APPROVED, "Rejected by provider", "govuk-tag--red"),
        (S.REJECTED_BY_SCHOOL, "Rejected by school", "govuk-tag--red"),
        (S.CLAWBACK_REQUESTED, "Clawback requested", "govuk-tag--orange"),
        (S.READY_FOR_CLAWBACK, "Ready for clawback", "govuk-tag--orange"),
        (S.SENT_TO_PAYER_FOR_CLAWBACK, "Sent to payer for clawback", "govuk-tag--orange"),
        (S.CLAWBACK_COMPLETE, "Clawback complete", "govuk-tag--pink"),
    ],
)
def test_labels_and_tags(status, label, tag):
    assert status.label == label
    assert status.tag_class == tag


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_what_each_status_allows(status):
    # One row per rule in rules.md, so a policy change shows up here.
    assert counts_towards_hours(status) is (status is not S.PAYMENT_NOT_APPROVED)
    assert counts_as_earlier_training(status) is (status is not S.DRAFT)
    assert school_can_submit(status) is (status is S.DRAFT)
    assert school_can_remove(status) is (status is S.DRAFT)
    assert blocks_mentor_removal(status) is (status in {S.DRAFT, S.SUBMITTED})


def test_values_are_the_stored_strings():
    assert [status.value for status in ClaimStatus] == [
        "draft",
        "submitted",
        "payment_in_progress",
        "paid",
        "payment_information_requested",
        "payment_not_approved",
        "information_sent_to_payer",
        "sampling_in_progress",
        "sampling_not_approved",
        "rejected_by_school",
        "clawback_requested",
        "ready_for_clawback",
        "sent_to_payer_for_clawback",
        "clawback_complete",
    ]
