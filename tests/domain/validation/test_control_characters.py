import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.validation.control_characters import without_control_characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("", ""),
        ("\x00", ""),
        ("Ada\x00 Love\x1flace\x7f", "Ada Lovelace"),
        ("\x85next line\u0080", "next line"),
        ("lone \ud800surrogate", "lone surrogate"),
        ("line one\r\nline two\tand a tab", "line one\r\nline two\tand a tab"),
        ("Zoë 👩‍🏫 O’Neill\u00a0", "Zoë 👩‍🏫 O’Neill\u00a0"),
    ],
)
def test_control_characters_are_removed(text, expected):
    assert without_control_characters(text) == expected


@given(st.text())
def test_what_is_left_can_be_stored(text):
    cleaned = without_control_characters(text)
    assert "\x00" not in cleaned
    cleaned.encode("utf-8")
    assert without_control_characters(cleaned) == cleaned
