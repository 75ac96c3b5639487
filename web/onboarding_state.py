"""The answers of onboarding one school, kept in the support user's session until confirmed."""

from __future__ import annotations

import msgspec

# The two ways in: a school found by search, and the guidance's exception for a school whose
# trainee withdrew (its provider emailed DfE), which also records why.
BY_SEARCH = "by-search"
WITHDRAWN_TRAINEE = "withdrawn-trainee"
KINDS = (BY_SEARCH, WITHDRAWN_TRAINEE)


class OnboardingAnswers(msgspec.Struct, frozen=True):
    """The school, the claim window, the reason (withdrawn trainee only) and the confirmation."""

    kind: str = BY_SEARCH
    school_id: int | None = None
    window_id: int | None = None
    reason: str = ""
    confirmed: bool = False

    @property
    def withdrawn(self) -> bool:
        """Whether this is the withdrawn-trainee exception, which needs a reason."""
        return self.kind == WITHDRAWN_TRAINEE
