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
