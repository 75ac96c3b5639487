"""The text typed to find an accredited provider by name, UKPRN, URN or postcode."""

import re

import msgspec

from domain.validation.field_error import FieldError

FIELD = "provider"
MAX_SEARCH_LENGTH = 100
_UKPRN = re.compile(r"1[0-9]{7}")
_URN = re.compile(r"[0-9]{6}")
# The shape of a UK postcode, with or without its space.
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})")


class ProviderSearch(msgspec.Struct, frozen=True):
    """Search text with spaces tidied, and what it could be besides part of a name."""

    text: str

    @property
    def ukprn(self) -> str | None:
        """The text if it could be a UKPRN (8 digits starting with 1)."""
        return self.text if _UKPRN.fullmatch(self.text) else None

    @property
    def urn(self) -> str | None:
        """The text if it could be a URN (6 digits)."""
        return self.text if _URN.fullmatch(self.text) else None

    @property
    def postcode(self) -> str | None:
        """The text as a postcode in capitals with one space ("M1 1AA"), if it is one."""
        match = _POSTCODE.fullmatch(self.text.upper())
        return f"{match[1]} {match[2]}" if match else None


def parse_provider_search(text: str | None) -> ProviderSearch | FieldError:
    """The search with surrounding and repeated spaces removed, or an error."""
    search = " ".join((text or "").split())
    if not search:
        return FieldError(
            FIELD, "Enter the name, UKPRN, URN or postcode of the accredited provider"
        )
    if len(search) > MAX_SEARCH_LENGTH:
        return FieldError(FIELD, f"Search must be {MAX_SEARCH_LENGTH} characters or fewer")
    return ProviderSearch(search)
