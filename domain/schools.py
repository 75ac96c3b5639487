"""Schools as the service lists them."""

from __future__ import annotations

import msgspec


class SchoolSummary(msgspec.Struct, frozen=True):
    """A school in a list of organisations."""

    id: int
    name: str
    urn: str
    town: str
    postcode: str


class SchoolResult(msgspec.Struct, frozen=True):
    """A school as a support search lists it."""

    id: int
    name: str
    urn: str
    postcode: str

    @property
    def hint(self) -> str:
        """What tells two schools of the same name apart."""
        return f"URN {self.urn}" + (f", {self.postcode}" if self.postcode else "")
