import pytest

from domain.validation import FieldError
from domain.validation.names import parse_first_name, parse_last_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada", "Ada"),
        ("  Mary  Ann ", "Mary Ann"),
        ("O'Neill-Smith", "O'Neill-Smith"),
        ("Zoë", "Zoë"),
        ("A" * 100, "A" * 100),
        (None, FieldError("first_name", "Enter a first name")),
        ("   ", FieldError("first_name", "Enter a first name")),
        ("A" * 101, FieldError("first_name", "First name must be 100 characters or fewer")),
    ],
)
def test_first_name(text, expected):
    assert parse_first_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lovelace", "Lovelace"),
        ("", FieldError("last_name", "Enter a last name")),
        ("B" * 101, FieldError("last_name", "Last name must be 100 characters or fewer")),
    ],
)
def test_last_name(text, expected):
    assert parse_last_name(text) == expected
