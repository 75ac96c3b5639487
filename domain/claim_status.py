"""Claim statuses, how a school sees them, and what a school user may do with them."""

import enum


class ClaimStatus(enum.Enum):
    """Where a claim is in its life, from draft to payment, audit and clawback."""

    # The stored strings of the first six follow the live service's, so exports line up.
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PAYMENT_IN_PROGRESS = "payment_in_progress"
    PAID = "paid"
    PAYMENT_INFORMATION_REQUESTED = "payment_information_requested"
    PAYMENT_NOT_APPROVED = "payment_not_approved"
    INFORMATION_SENT_TO_PAYER = "information_sent_to_payer"
    SAMPLING_IN_PROGRESS = "sampling_in_progress"
    SAMPLING_NOT_APPROVED = "sampling_not_approved"
    REJECTED_BY_SCHOOL = "rejected_by_school"
    CLAWBACK_REQUESTED = "clawback_requested"
    READY_FOR_CLAWBACK = "ready_for_clawback"
    SENT_TO_PAYER_FOR_CLAWBACK = "sent_to_payer_for_clawback"
    CLAWBACK_COMPLETE = "clawback_complete"

    @property
    def label(self) -> str:
        """The words on the status tag a school user sees."""
        return _LABELS[self]

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour modifier class for the status."""
        return _TAG_CLASSES[self]


_LABELS = {
    ClaimStatus.DRAFT: "Draft",
    ClaimStatus.SUBMITTED: "Submitted",
    ClaimStatus.PAYMENT_IN_PROGRESS: "Payment in progress",
    ClaimStatus.PAID: "Paid",
    ClaimStatus.PAYMENT_INFORMATION_REQUESTED: "Payer needs information",
    ClaimStatus.PAYMENT_NOT_APPROVED: "Rejected by payer",
    ClaimStatus.INFORMATION_SENT_TO_PAYER: "Information sent to payer",
    ClaimStatus.SAMPLING_IN_PROGRESS: "Audit requested",
    ClaimStatus.SAMPLING_NOT_APPROVED: "Rejected by provider",
    ClaimStatus.REJECTED_BY_SCHOOL: "Rejected by school",
    ClaimStatus.CLAWBACK_REQUESTED: "Clawback requested",
    ClaimStatus.READY_FOR_CLAWBACK: "Ready for clawback",
    ClaimStatus.SENT_TO_PAYER_FOR_CLAWBACK: "Sent to payer for clawback",
    ClaimStatus.CLAWBACK_COMPLETE: "Clawback complete",
}

_TAG_CLASSES = {
    ClaimStatus.DRAFT: "govuk-tag--grey",
    ClaimStatus.SUBMITTED: "govuk-tag--blue",
    ClaimStatus.PAYMENT_IN_PROGRESS: "govuk-tag--light-blue",
    ClaimStatus.PAID: "govuk-tag--green",
    ClaimStatus.PAYMENT_INFORMATION_REQUESTED: "govuk-tag--yellow",
    ClaimStatus.PAYMENT_NOT_APPROVED: "govuk-tag--red",
    ClaimStatus.INFORMATION_SENT_TO_PAYER: "govuk-tag--light-blue",
    ClaimStatus.SAMPLING_IN_PROGRESS: "govuk-tag--purple",
    ClaimStatus.SAMPLING_NOT_APPROVED: "govuk-tag--red",
    ClaimStatus.REJECTED_BY_SCHOOL: "govuk-tag--red",
    ClaimStatus.CLAWBACK_REQUESTED: "govuk-tag--orange",
    ClaimStatus.READY_FOR_CLAWBACK: "govuk-tag--orange",
    ClaimStatus.SENT_TO_PAYER_FOR_CLAWBACK: "govuk-tag--orange",
    ClaimStatus.CLAWBACK_COMPLETE: "govuk-tag--pink",
}


def counts_towards_hours(status: ClaimStatus) -> bool:
    """Whether a claim's hours use up the mentor's allowance with the provider."""
    # rules.md "Remaining hours": drafts, submitted and paid claims count; only claims
    # rejected by the payer give the hours back.
    return status is not ClaimStatus.PAYMENT_NOT_APPROVED


def counts_as_earlier_training(status: ClaimStatus) -> bool:
    """Whether a claim in an earlier year makes the mentor's training a refresher."""
    # rules.md "Training type": any non-draft claim, including ones rejected later.
    return status is not ClaimStatus.DRAFT


def school_can_submit(status: ClaimStatus) -> bool:
    """Whether a school user may submit a claim in this status."""
    return status is ClaimStatus.DRAFT


def school_can_remove(status: ClaimStatus) -> bool:
    """Whether a school user may remove a claim in this status."""
    # A submitted claim is read-only to the school (rules.md "Claims").
    return status is ClaimStatus.DRAFT


def blocks_mentor_removal(status: ClaimStatus) -> bool:
    """Whether a mentor on a claim of the school in this status cannot be removed."""
    # rules.md "Mentors": blocked while on a draft or submitted claim of that school.
    return status in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED)
