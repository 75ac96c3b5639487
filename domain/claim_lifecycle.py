"""A claim's life after submission: the actions on it and the statuses each one moves it between."""

import enum
from collections.abc import Mapping

import msgspec

from domain.claim_status import ClaimStatus

S = ClaimStatus


class Action(enum.Enum):
    """Something that happens to a claim: a school, support user, payer or provider acts."""

    SUBMIT = "submit"
    SEND_TO_PAYER = "send_to_payer"
    PAYER_PAID = "payer_paid"
    PAYER_NEEDS_INFORMATION = "payer_needs_information"
    CONFIRM_INFORMATION_SENT = "confirm_information_sent"
    CONFIRM_PAID = "confirm_paid"
    REJECT_PAYMENT = "reject_payment"
    REQUEST_AUDIT = "request_audit"
    PROVIDER_APPROVED = "provider_approved"
    PROVIDER_REJECTED = "provider_rejected"
    REJECT_AFTER_HEARING_SCHOOL = "reject_after_hearing_school"
    REQUEST_CLAWBACK = "request_clawback"
    NOTHING_TO_CLAW_BACK = "nothing_to_claw_back"
    APPROVE_CLAWBACK = "approve_clawback"
    REJECT_CLAWBACK = "reject_clawback"
    SEND_CLAWBACK_TO_PAYER = "send_clawback_to_payer"
    CLAWBACK_COMPLETE = "clawback_complete"


# support.md "Claim statuses after submission": every allowed move, and nothing else.
TRANSITIONS: Mapping[Action, Mapping[ClaimStatus, ClaimStatus]] = {
    Action.SUBMIT: {S.DRAFT: S.SUBMITTED},
    Action.SEND_TO_PAYER: {S.SUBMITTED: S.PAYMENT_IN_PROGRESS},
    # The payer's response file: paid, or unpaid with a reason.
    Action.PAYER_PAID: {S.PAYMENT_IN_PROGRESS: S.PAID},
    Action.PAYER_NEEDS_INFORMATION: {S.PAYMENT_IN_PROGRESS: S.PAYMENT_INFORMATION_REQUESTED},
    # Support's manual actions on one claim the payer asked about.
    Action.CONFIRM_INFORMATION_SENT: {
        S.PAYMENT_INFORMATION_REQUESTED: S.INFORMATION_SENT_TO_PAYER,
    },
    Action.CONFIRM_PAID: {S.INFORMATION_SENT_TO_PAYER: S.PAID},
    Action.REJECT_PAYMENT: {
        S.PAYMENT_INFORMATION_REQUESTED: S.PAYMENT_NOT_APPROVED,
        S.INFORMATION_SENT_TO_PAYER: S.PAYMENT_NOT_APPROVED,
    },
    # Audit: only paid claims are sampled; the provider's answer, then the school's.
    Action.REQUEST_AUDIT: {S.PAID: S.SAMPLING_IN_PROGRESS},
    Action.PROVIDER_APPROVED: {
        S.SAMPLING_IN_PROGRESS: S.PAID,
        S.SAMPLING_NOT_APPROVED: S.PAID,
    },
    Action.PROVIDER_REJECTED: {S.SAMPLING_IN_PROGRESS: S.SAMPLING_NOT_APPROVED},
    Action.REJECT_AFTER_HEARING_SCHOOL: {S.SAMPLING_NOT_APPROVED: S.REJECTED_BY_SCHOOL},
    # Clawbacks: a request with nothing to take back returns the claim to Paid.
    Action.REQUEST_CLAWBACK: {S.REJECTED_BY_SCHOOL: S.CLAWBACK_REQUESTED},
    Action.NOTHING_TO_CLAW_BACK: {S.REJECTED_BY_SCHOOL: S.PAID},
    # Four eyes: a second support user approves every mentor's clawback, or rejects the request.
    Action.APPROVE_CLAWBACK: {S.CLAWBACK_REQUESTED: S.READY_FOR_CLAWBACK},
    Action.REJECT_CLAWBACK: {S.CLAWBACK_REQUESTED: S.REJECTED_BY_SCHOOL},
    Action.SEND_CLAWBACK_TO_PAYER: {S.READY_FOR_CLAWBACK: S.SENT_TO_PAYER_FOR_CLAWBACK},
    Action.CLAWBACK_COMPLETE: {S.SENT_TO_PAYER_FOR_CLAWBACK: S.CLAWBACK_COMPLETE},
}


class NotAllowed(Exception):
    """The action cannot happen to a claim in its current status."""

    def __init__(self, action: Action, status: ClaimStatus) -> None:
        super().__init__(
            f"A claim that is {status.label.lower()} cannot be moved by {action.value}"
        )
        self.action = action
        self.status = status


def allowed(action: Action, status: ClaimStatus) -> bool:
    """Whether the action can happen to a claim in this status."""
    return status in TRANSITIONS[action]


def after(action: Action, status: ClaimStatus) -> ClaimStatus:
    """The status the action moves a claim to; NotAllowed if it cannot happen now."""
    try:
        return TRANSITIONS[action][status]
    except KeyError:
        raise NotAllowed(action, status) from None


def actions_from(status: ClaimStatus) -> tuple[Action, ...]:
    """The actions that can happen to a claim in this status."""
    return tuple(action for action in Action if allowed(action, status))


def reachable(start: ClaimStatus = S.DRAFT) -> frozenset[ClaimStatus]:
    """Every status a claim can reach from `start` through allowed actions."""
    seen, frontier = {start}, [start]
    while frontier:
        status = frontier.pop()
        for action in actions_from(status):
            following = after(action, status)
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return frozenset(seen)


class ClaimAccount(msgspec.Struct, frozen=True):
    """A claim's status and money: the amount claimed and what has been taken back."""

    status: ClaimStatus
    amount_pence: int
    clawback_pence: int = 0

    @property
    def adjusted_pence(self) -> int:
        """What the school keeps once any clawback is taken back."""
        return self.amount_pence - self.clawback_pence

    def act(self, action: Action, clawback_pence: int = 0) -> "ClaimAccount":
        """The account after the action; only a clawback request changes money, within the amount."""
        status = after(action, self.status)
        if action is Action.REQUEST_CLAWBACK:
            if not 0 < clawback_pence <= self.amount_pence:
                raise ValueError("A clawback takes back more than nothing and at most the amount")
            return ClaimAccount(status, self.amount_pence, clawback_pence)
        if clawback_pence:
            raise ValueError(f"{action.value} takes no money back")
        if action is Action.REJECT_CLAWBACK:
            # A rejected request takes nothing back: support may request again.
            return ClaimAccount(status, self.amount_pence, 0)
        return ClaimAccount(status, self.amount_pence, self.clawback_pence)
