"""The rows of onboarding and invitation uploads, and who can be a support user."""

import msgspec
import pytest

from domain.academic_years import AcademicYear
from domain.csv_upload import RowError
from domain.onboarding import (
    Invitation,
    SeenInvitations,
    SeenUrns,
    onboarding_row_errors,
    parse_invitation,
    parse_support_email,
    parse_urn,
)
from domain.validation.field_error import FieldError

YEAR = AcademicYear(2025)
KNOWN = {"100001", "100002", "100003"}
ONBOARDED = {"100003"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100001", "100001"),
        (" 100001 ", "100001"),
        ("", FieldError("urn", "Enter a URN")),
        ("10001", FieldError("urn", "URN must be 6 digits, like 100000")),
        ("1000011", FieldError("urn", "URN must be 6 digits, like 100000")),
        ("10000a", FieldError("urn", "URN must be 6 digits, like 100000")),
    ],
)
def test_urn(text, expected):
    assert parse_urn(text) == expected


def test_onboarding_rows_in_a_file():
    seen: set[str] = set()
    results = [
        onboarding_row_errors(n, row, KNOWN, ONBOARDED, YEAR, seen)
        for n, row in [
            (2, {"name": "A", "urn": "100001"}),
            (3, {"name": "B", "urn": "999999"}),
            (4, {"name": "A again", "urn": "100001"}),
            (5, {"name": "C", "urn": "100003"}),
            (6, {"name": "D", "urn": "abc"}),
            (7, {"name": "E", "urn": "100002"}),
        ]
    ]
    assert results == [
        [],
        [RowError(3, "urn", "No school has the URN 999999")],
        [RowError(4, "urn", "The URN 100001 is in the file more than once")],
        [RowError(5, "urn", "The school is already onboarded for the academic year 2025 to 2026")],
        [RowError(6, "urn", "URN must be 6 digits, like 100000")],
        [],
    ]


def test_a_good_invitation_row():
    row = {
        "email": " Ada@Example.org ",
        "school_urn": "100001",
        "first_name": "Ada",
        "last_name": "Lovelace",
    }
    assert parse_invitation(2, row) == Invitation("ada@example.org", "100001", "Ada", "Lovelace")


def test_every_error_in_an_invitation_row_is_reported():
    row = {"email": "not-an-email", "school_urn": "999999", "first_name": "", "last_name": "x1"}
    assert parse_invitation(9, row) == [
        RowError(9, "email", "Enter an email address in the correct format, like name@example.com"),
        RowError(9, "first_name", "Enter a first name"),
        RowError(
            9, "last_name", "Last name must only include letters, spaces, hyphens and apostrophes"
        ),
    ]


def test_a_file_of_invitations_agrees_with_itself_and_names_known_schools():
    seen = SeenInvitations()
    ada = Invitation("ada@example.org", "100001", "Ada", "Lovelace")
    assert seen.errors(2, ada, KNOWN) == []
    # The same person at another school is fine; at the same school twice, or renamed, is not.
    assert seen.errors(3, msgspec.structs.replace(ada, school_urn="100002"), KNOWN) == []
    assert seen.errors(4, ada, KNOWN) == [
        RowError(4, "email", "ada@example.org is in the file more than once for the URN 100001")
    ]
    renamed = msgspec.structs.replace(ada, school_urn="100002", last_name="Byron")
    assert seen.errors(5, renamed, KNOWN) == [
        RowError(
            5,
            "email",
            "ada@example.org is in the file more than once with different names "
            "(Ada Lovelace and Ada Byron)",
        )
    ]
    unknown = msgspec.structs.replace(ada, school_urn="999999")
    assert seen.errors(6, unknown, KNOWN) == [
        RowError(6, "school_urn", "No school has the URN 999999")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sam.Smith@education.gov.uk", "sam.smith@education.gov.uk"),
        (
            "sam@example.org",
            FieldError(
                "email",
                "Enter a Department for Education email address ending in @education.gov.uk",
            ),
        ),
        (
            "sam@education.gov.uk.example.org",
            FieldError(
                "email",
                "Enter a Department for Education email address ending in @education.gov.uk",
            ),
        ),
        ("", FieldError("email", "Enter an email address")),
    ],
)
def test_support_email(text, expected):
    assert parse_support_email(text) == expected


def test_seen_urns_remember_each_urn_added_and_nothing_else():
    seen = SeenUrns()
    assert "100000" not in seen
    seen.add("100000")
    seen.add("999999")
    assert "100000" in seen and "999999" in seen
    assert "100001" not in seen and "099999" not in seen
    # Not a URN: never seen, rather than an error.
    assert "10000" not in seen and "abcdef" not in seen


def test_a_urn_twice_in_a_file_is_an_error_with_the_bitmap_too():
    seen = SeenUrns()
    year = AcademicYear(2025)
    assert (
        onboarding_row_errors(2, {"name": "A", "urn": "100000"}, {"100000"}, (), year, seen) == []
    )
    assert onboarding_row_errors(3, {"name": "A", "urn": "100000"}, {"100000"}, (), year, seen) == [
        RowError(3, "urn", "The URN 100000 is in the file more than once")
    ]
