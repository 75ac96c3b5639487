"""Onboarding schools and inviting their users: the rules each row of an upload must meet."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import msgspec

from domain.academic_years import AcademicYear
from domain.csv_upload import RowError
from domain.validation.email_address import parse_email
from domain.validation.field_error import FieldError
from domain.validation.names import parse_first_name, parse_last_name

# A Unique Reference Number from Get Information about Schools: six digits.
_URN = re.compile(r"[0-9]{6}")
# support.md: support users are DfE staff, whose addresses are all on this domain.
SUPPORT_EMAIL_DOMAIN = "@education.gov.uk"

ONBOARDING_COLUMNS = ("name", "urn")
INVITATION_COLUMNS = ("email", "school_urn", "first_name", "last_name")


class Invitation(msgspec.Struct, frozen=True):
    """A user to add to a school, from one row of an invitation upload."""

    email: str
    school_urn: str
    first_name: str
    last_name: str


def parse_urn(text: str | None, field: str = "urn") -> str | FieldError:
    """A school's URN as six digits, or an error."""
    urn = (text or "").strip()
    if not urn:
        return FieldError(field, "Enter a URN")
    if not _URN.fullmatch(urn):
        return FieldError(field, "URN must be 6 digits, like 100000")
    return urn


def onboarding_row_errors(
    number: int,
    row: Mapping[str, str],
    known_urns: Collection[str],
    onboarded_urns: Collection[str],
    year: AcademicYear,
    seen: set[str] | SeenUrns,
) -> list[RowError]:
    """What is wrong with one row of a `name, urn` upload; `seen` collects the file's URNs."""
    urn = parse_urn(row.get("urn"))
    if isinstance(urn, FieldError):
        return [RowError(number, "urn", urn.message)]
    if urn not in known_urns:
        return [RowError(number, "urn", f"No school has the URN {urn}")]
    if urn in seen:
        return [RowError(number, "urn", f"The URN {urn} is in the file more than once")]
    seen.add(urn)
    if urn in onboarded_urns:
        return [
            RowError(
                number, "urn", f"The school is already onboarded for the academic year {year.name}"
            )
        ]
    return []


class SeenUrns:
    """The URNs a file has named so far, as a bitmap: a URN is six digits, so a million bits
    (125 KB) hold any file's, however many rows it has (support.md: 100,000-row files stream)."""

    def __init__(self) -> None:
        self._bits = bytearray(1_000_000 // 8)

    def __contains__(self, urn: object) -> bool:
        if not isinstance(urn, str) or not _URN.fullmatch(urn):
            return False
        number = int(urn)
        return bool(self._bits[number >> 3] & (1 << (number & 7)))

    def add(self, urn: str) -> None:
        """Remember a six-digit URN."""
        number = int(urn)
        self._bits[number >> 3] |= 1 << (number & 7)


def parse_invitation(number: int, row: Mapping[str, str]) -> Invitation | list[RowError]:
    """One row of an invitation upload as an Invitation, or every error in it."""
    email = parse_email(row.get("email"))
    urn = parse_urn(row.get("school_urn"), "school_urn")
    first = parse_first_name(row.get("first_name"))
    last = parse_last_name(row.get("last_name"))
    errors = [
        RowError(number, column, value.message)
        for column, value in (
            ("email", email),
            ("school_urn", urn),
            ("first_name", first),
            ("last_name", last),
        )
        if isinstance(value, FieldError)
    ]
    if errors:
        return errors
    return Invitation(email, urn, first, last)


class SeenInvitations:
    """The people a file has named so far: each email's names and the schools it is for."""

    def __init__(self) -> None:
        self._names: dict[str, tuple[str, str]] = {}
        self._places: set[tuple[str, str]] = set()

    def errors(
        self, number: int, invitation: Invitation, known_urns: Collection[str]
    ) -> list[RowError]:
        """What is wrong with a parsed row given the rows before it; the row is remembered."""
        email, urn = invitation.email, invitation.school_urn
        names = (invitation.first_name, invitation.last_name)
        if urn not in known_urns:
            return [RowError(number, "school_urn", f"No school has the URN {urn}")]
        earlier = self._names.setdefault(email, names)
        if earlier != names:
            # One person has one account, with one name: the file must agree with itself.
            return [
                RowError(
                    number,
                    "email",
                    f"{email} is in the file more than once with different names "
                    f"({' '.join(earlier)} and {' '.join(names)})",
                )
            ]
        if (email, urn) in self._places:
            return [
                RowError(
                    number, "email", f"{email} is in the file more than once for the URN {urn}"
                )
            ]
        self._places.add((email, urn))
        return []


def parse_support_email(text: str | None) -> str | FieldError:
    """A support user's address: a valid email on the DfE domain, or an error."""
    email = parse_email(text)
    if isinstance(email, FieldError):
        return email
    if not email.endswith(SUPPORT_EMAIL_DOMAIN):
        return FieldError(
            "email",
            f"Enter a Department for Education email address ending in {SUPPORT_EMAIL_DOMAIN}",
        )
    return email
