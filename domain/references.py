"""Claim references: 8 digits, shown wherever a claim is named."""

import random
import re
import secrets

REFERENCE_LENGTH = 8
# No leading zero, so that a spreadsheet reading the reference as a number keeps all 8 digits.
_LOWEST = 10 ** (REFERENCE_LENGTH - 1)
_HIGHEST = 10**REFERENCE_LENGTH - 1
_REFERENCE = re.compile(rf"[1-9][0-9]{{{REFERENCE_LENGTH - 1}}}")


def generate_reference(rng: random.Random | None = None) -> str:
    """A new random reference; the database's unique index catches the rare repeat."""
    chooser = rng or secrets.SystemRandom()
    return str(chooser.randint(_LOWEST, _HIGHEST))


def is_reference(text: str) -> bool:
    """Whether the text is a well-formed claim reference."""
    return bool(_REFERENCE.fullmatch(text))
