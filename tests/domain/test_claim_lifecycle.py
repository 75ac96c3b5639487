"""The claim status machine: every move as data, checked exhaustively and with random histories."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.claim_lifecycle import (
    TRANSITIONS,
    Action,
    ClaimAccount,
    NotAllowed,
    actions_from,
    after,
    allowed,
    reachable,
)
from domain.claim_status import ClaimStatus

S = ClaimStatus
A = Action

# support.md "Claim statuses after submission", written out again by hand as the oracle.
EXPECTED = {
    (A.SUBMIT, S.DRAFT): S.SUBMITTED,
    (A.SEND_TO_PAYER, S.SUBMITTED): S.PAYMENT_IN_PROGRESS,
    (A.PAYER_PAID, S.PAYMENT_IN_PROGRESS): S.PAID,
    (A.PAYER_NEEDS_INFORMATION, S.PAYMENT_IN_PROGRESS): S.PAYMENT_INFORMATION_REQUESTED,
    (A.CONFIRM_INFORMATION_SENT, S.PAYMENT_INFORMATION_REQUESTED): S.INFORMATION_SENT_TO_PAYER,
    (A.CONFIRM_PAID, S.INFORMATION_SENT_TO_PAYER): S.PAID,
    (A.REJECT_PAYMENT, S.PAYMENT_INFORMATION_REQUESTED): S.PAYMENT_NOT_APPROVED,
    (A.REJECT_PAYMENT, S.INFORMATION_SENT_TO_PAYER): S.PAYMENT_NOT_APPROVED,
    (A.REQUEST_AUDIT, S.PAID): S.SAMPLING_IN_PROGRESS,
    (A.PROVIDER_APPROVED, S.SAMPLING_IN_PROGRESS): S.PAID,
    (A.PROVIDER_APPROVED, S.SAMPLING_NOT_APPROVED): S.PAID,
    (A.PROVIDER_REJECTED, S.SAMPLING_IN_PROGRESS): S.SAMPLING_NOT_APPROVED,
    (A.REJECT_AFTER_HEARING_SCHOOL, S.SAMPLING_NOT_APPROVED): S.REJECTED_BY_SCHOOL,
    (A.REQUEST_CLAWBACK, S.REJECTED_BY_SCHOOL): S.CLAWBACK_REQUESTED,
    (A.NOTHING_TO_CLAW_BACK, S.REJECTED_BY_SCHOOL): S.PAID,
    (A.APPROVE_CLAWBACK, S.CLAWBACK_REQUESTED): S.READY_FOR_CLAWBACK,
    (A.REJECT_CLAWBACK, S.CLAWBACK_REQUESTED): S.REJECTED_BY_SCHOOL,
    (A.SEND_CLAWBACK_TO_PAYER, S.READY_FOR_CLAWBACK): S.SENT_TO_PAYER_FOR_CLAWBACK,
    (A.CLAWBACK_COMPLETE, S.SENT_TO_PAYER_FOR_CLAWBACK): S.CLAWBACK_COMPLETE,
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("status", list(ClaimStatus))
def test_every_action_from_every_status(action, status):
    expected = EXPECTED.get((action, status))
    assert allowed(action, status) is (expected is not None)
    if expected is None:
        with pytest.raises(NotAllowed):
            after(action, status)
    else:
        assert after(action, status) is expected


def test_the_table_holds_nothing_but_the_expected_moves():
    moves = {(a, s): t for a, froms in TRANSITIONS.items() for s, t in froms.items()}
    assert moves == EXPECTED


def test_every_status_is_reachable_from_a_draft():
    assert reachable() == frozenset(ClaimStatus)


@pytest.mark.parametrize("status", [S.PAYMENT_NOT_APPROVED, S.CLAWBACK_COMPLETE])
def test_the_ends_of_a_claims_life_allow_nothing(status):
    assert actions_from(status) == ()


def test_nothing_moves_a_claim_back_to_draft_or_unsubmits_it():
    assert all(
        target not in (S.DRAFT, S.SUBMITTED) or action is A.SUBMIT
        for action, froms in TRANSITIONS.items()
        for target in froms.values()
    )


def test_a_not_allowed_action_says_which_and_from_where():
    with pytest.raises(NotAllowed, match="paid cannot be moved by send_to_payer"):
        after(A.SEND_TO_PAYER, S.PAID)


@st.composite
def histories(draw):
    """A submitted claim and a run of attempted actions, each with a clawback amount."""
    amount = draw(st.integers(min_value=1, max_value=10_000_00))
    steps = draw(
        st.lists(
            st.tuples(st.sampled_from(list(Action)), st.integers(0, amount + 10)),
            max_size=40,
        )
    )
    return amount, steps


@given(histories())
def test_no_history_leaves_the_machine_or_changes_money_but_by_a_clawback(history):
    amount, steps = history
    account = ClaimAccount(S.SUBMITTED, amount)
    requested = 0
    for action, pence in steps:
        taken = pence if action is A.REQUEST_CLAWBACK else 0
        if not allowed(action, account.status):
            with pytest.raises(NotAllowed):
                account.act(action, taken)
            continue
        if action is A.REQUEST_CLAWBACK and not 0 < taken <= amount:
            with pytest.raises(ValueError):
                account.act(action, taken)
            continue
        account = account.act(action, taken)
        if action is A.REQUEST_CLAWBACK:
            requested = taken
        elif action is A.REJECT_CLAWBACK:
            requested = 0
        assert account.status in reachable(S.SUBMITTED)
        assert account.amount_pence == amount
        assert account.clawback_pence == requested
        assert 0 <= account.adjusted_pence <= amount
    if account.status is S.CLAWBACK_COMPLETE:
        assert account.adjusted_pence == amount - requested


def test_only_a_clawback_request_takes_money():
    paid = ClaimAccount(S.PAYMENT_IN_PROGRESS, 100_00)
    with pytest.raises(ValueError, match="takes no money back"):
        paid.act(A.PAYER_PAID, 5_00)
