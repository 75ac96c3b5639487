"""Accredited providers as a claim names them: who they are, and the matches of a search."""

from __future__ import annotations

import msgspec


class ProviderValue(msgspec.Struct, frozen=True):
    """A provider and what tells it apart from others with similar names."""

    id: int
    name: str
    ukprn: str | None
    urn: str | None
    town: str
    postcode: str
    accredited: bool

    @property
    def hint(self) -> str:
        """The details shown under the name, like "UKPRN 10045988, London, N13 6BY"."""
        parts = [f"UKPRN {self.ukprn}" if self.ukprn else "", self.town, self.postcode]
        return ", ".join(part for part in parts if part)


class ProviderMatches(msgspec.Struct, frozen=True):
    """The first providers matching a search, and how many match in all."""

    providers: tuple[ProviderValue, ...]
    total: int
