import pytest

from domain.validation import FieldError
from domain.validation.trn import parse_trn

BLANK = FieldError("trn", "Enter a teacher reference number (TRN)")
NOT_7_DIGITS = FieldError("trn", "Teacher reference number (TRN) must be 7 digits")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234567", "1234567"),
        ("123 4567", "1234567"),  # dictation inserts spaces
        (" 12 34 56 7 ", "1234567"),
        ("123\t4567\n", "1234567"),
        ("0000001", "0000001"),
        (None, BLANK),
        ("", BLANK),
        ("   ", BLANK),
        ("123456", NOT_7_DIGITS),  # 6 digits
        ("12345678", NOT_7_DIGITS),  # 8 digits
        ("123456A", NOT_7_DIGITS),
        ("123-4567", NOT_7_DIGITS),
        ("١٢٣٤٥٦٧", NOT_7_DIGITS),  # digits, but not the ones we store
    ],
)
def test_parse_trn(text, expected):
    assert parse_trn(text) == expected
