import pytest

from domain.validation import FieldError
from domain.validation.email_address import parse_email

BLANK = FieldError("email", "Enter an email address")
FORMAT = FieldError("email", "Enter an email address in the correct format, like name@example.com")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name@example.com", "name@example.com"),
        ("  Ada.Lovelace@Education.GOV.UK ", "ada.lovelace@education.gov.uk"),
        ("first.o'neill+claims@school.sch.uk", "first.o'neill+claims@school.sch.uk"),
        ("a@b.co", "a@b.co"),
        (None, BLANK),
        ("", BLANK),
        ("   ", BLANK),
        ("name", FORMAT),
        ("name@", FORMAT),
        ("@example.com", FORMAT),
        ("name@example", FORMAT),
        ("name@@example.com", FORMAT),
        ("name@example..com", FORMAT),
        ("name..x@example.com", FORMAT),
        (".name@example.com", FORMAT),
        ("na me@example.com", FORMAT),
        ("name@-example.com", FORMAT),
        ("name@example.c", FORMAT),
        ("name@example.com.", FORMAT),
        ("name@exam_ple.com", FORMAT),
    ],
)
def test_parse_email(text, expected):
    assert parse_email(text) == expected


def test_longest_address():
    longest = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 61
    assert len(longest) == 254
    assert parse_email(longest) == longest
    assert parse_email(longest + "d") == FieldError(
        "email", "Email address must be 254 characters or fewer"
    )
