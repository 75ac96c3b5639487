"""What the add-claim steps may look up, passed in by the route so that steps import no `db`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from domain.claim_again import History
from domain.hours import MentorAllowance
from domain.providers import ProviderMatches, ProviderValue
from domain.validation.provider_search import ProviderSearch
from web.partials.claim_summary import ClaimSoFar


class ClaimLine(Protocol):
    """A mentor on the claim and their hours (None until answered)."""

    mentor_id: int
    name: str
    hours: int | None


class ClaimLookups(Protocol):
    """The claim being answered, and the questions its steps ask of the database."""

    provider: ProviderValue | None
    # The claim answered (None until its provider is chosen): its own hours are not counted.
    claim_id: int | None
    lines: Sequence[ClaimLine]
    summary: ClaimSoFar

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The address of a step of this claim."""

    async def accredited_provider(self, provider_id: int) -> ProviderValue | None:
        """The accredited provider with this id, if there is one."""

    async def search_providers(self, search: ProviderSearch, limit: int) -> ProviderMatches:
        """The first accredited providers matching a search."""

    async def mentor_history(self) -> History:
        """The school's mentors and every school's hours for them with the claim's provider,
        with the claims the user may be told of."""

    async def allowance(self, mentor_id: int) -> MentorAllowance:
        """The mentor's allowance with the claim's provider, not counting this claim."""
