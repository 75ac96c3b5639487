"""How many emails may be sent now, within GOV.UK Notify's rate limit."""

import pytest

from domain.email_sending import SENDS_PER_MINUTE, sends_allowed


def test_notifys_limit_is_3000_a_minute():
    assert SENDS_PER_MINUTE == 3000


@pytest.mark.parametrize(
    ("wanted", "recent", "allowed"),
    [(10, 0, 10), (10, 2990, 10), (10, 2995, 5), (10, 3000, 0), (10, 3100, 0), (0, 0, 0)],
)
def test_a_batch_is_cut_to_what_is_left_of_the_minute(wanted, recent, allowed):
    assert sends_allowed(wanted, recent) == allowed
