"""The mentors left out of a claim started again, named once on its first question."""

from __future__ import annotations

from collections.abc import Sequence

from litestar import Request


def _key(school_id: int, claim_id: int) -> str:
    # Keyed by school and claim, so the names never show on another school's or claim's page.
    return f"left-out:{school_id}:{claim_id}"


def keep(request: Request, school_id: int, claim_id: int, reasons: Sequence[str]) -> None:
    """Keep the reasons for the claim's next page."""
    if reasons:
        request.session[_key(school_id, claim_id)] = list(reasons)


def take(request: Request, school_id: int, claim_id: int) -> tuple[str, ...]:
    """The reasons waiting for this claim's page, if any; they are shown only once."""
    if not request.session:
        return ()
    reasons = request.session.pop(_key(school_id, claim_id), None)
    if not isinstance(reasons, list):
        return ()
    return tuple(each for each in reasons if isinstance(each, str))
