import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.references import generate_reference, is_reference


@given(st.integers(min_value=0))
def test_references_are_8_digits_without_a_leading_zero(seed):
    reference = generate_reference(random.Random(seed))
    assert len(reference) == 8
    assert reference.isdigit()
    assert reference[0] != "0"
    assert is_reference(reference)


def test_references_vary():
    assert len({generate_reference() for _ in range(50)}) > 45


def test_the_random_source_is_injectable():
    assert generate_reference(random.Random(1)) == generate_reference(random.Random(1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345678", True),
        ("99999999", True),
        ("10000000", True),
        ("01234567", False),
        ("1234567", False),
        ("123456789", False),
        ("1234567a", False),
        ("", False),
    ],
)
def test_is_reference(text, expected):
    assert is_reference(text) is expected
