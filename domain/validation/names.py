"""People's first and last names, typed when adding a colleague."""

import unicodedata

from domain.validation.field_error import FieldError

# The width of the name columns where users are stored.
MAX_NAME_LENGTH = 100
# Straight and typographic apostrophes, and hyphens, as in O'Neill, O’Neill and Smith-Jones.
PUNCTUATION = frozenset("'’-‐")
# Letters in any alphabet (Zoë, Łukasz, Siân), with any accents typed as separate marks.
LETTER_CATEGORIES = ("L", "M")


def _is_allowed(character: str) -> bool:
    return (
        character == " "
        or character in PUNCTUATION
        or unicodedata.category(character).startswith(LETTER_CATEGORIES)
    )


def _parse_name(text: str | None, field: str, what: str) -> str | FieldError:
    # One form for accented letters, so a name is stored and compared one way.
    name = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if not name:
        return FieldError(field, f"Enter a {what}")
    if len(name) > MAX_NAME_LENGTH:
        return FieldError(
            field, f"{what.capitalize()} must be {MAX_NAME_LENGTH} characters or fewer"
        )
    # Only what names are made of: a name goes into emails, where a web address would be a link.
    if not all(_is_allowed(each) for each in name) or not any(each.isalpha() for each in name):
        return FieldError(
            field,
            f"{what.capitalize()} must only include letters, spaces, hyphens and apostrophes",
        )
    return name


def parse_first_name(text: str | None) -> str | FieldError:
    """The first name with surrounding and repeated spaces removed, or an error."""
    return _parse_name(text, "first_name", "first name")


def parse_last_name(text: str | None) -> str | FieldError:
    """The last name with surrounding and repeated spaces removed, or an error."""
    return _parse_name(text, "last_name", "last name")
