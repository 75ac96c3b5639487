import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.validation import FieldError
from domain.validation.names import MAX_NAME_LENGTH, parse_first_name, parse_last_name


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


ONLY = "First name must only include letters, spaces, hyphens and apostrophes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Siân", "Siân"),
        ("Zoe\u0308", "Zoë"),
        ("Łukasz", "Łukasz"),
        ("Nguyễn Thị", "Nguyễn Thị"),
        ("O’Neill", "O’Neill"),
        ("D'Arcy-Smith", "D'Arcy-Smith"),
        ("Visit https://evil.example/verify", FieldError("first_name", ONLY)),
        ("evil.example", FieldError("first_name", ONLY)),
        ("Ada <b>", FieldError("first_name", ONLY)),
        ("Ada2", FieldError("first_name", ONLY)),
        ("Ada 👩‍🏫", FieldError("first_name", ONLY)),
        ("Ada\u202eecalevol", FieldError("first_name", ONLY)),
        ("Robert'); DROP TABLE app_user;--", FieldError("first_name", ONLY)),
        ("' -", FieldError("first_name", ONLY)),
    ],
)
def test_names_are_letters_spaces_hyphens_and_apostrophes(text, expected):
    assert parse_first_name(text) == expected


def test_the_last_name_has_the_same_rule():
    assert parse_last_name("Love.lace") == FieldError(
        "last_name", "Last name must only include letters, spaces, hyphens and apostrophes"
    )


@given(st.text())
def test_an_accepted_name_holds_nothing_an_email_could_link(text):
    name = parse_first_name(text)
    if not isinstance(name, FieldError):
        assert not set(name) & set(':/.@<>&"0123456789')
        assert len(name) <= MAX_NAME_LENGTH
