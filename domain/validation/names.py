"""People's first and last names, typed when adding a colleague."""

from domain.validation.field_error import FieldError

# The width of the name columns where users are stored.
MAX_NAME_LENGTH = 100


def _parse_name(text: str | None, field: str, what: str) -> str | FieldError:
    name = " ".join((text or "").split())
    if not name:
        return FieldError(field, f"Enter a {what}")
    if len(name) > MAX_NAME_LENGTH:
        return FieldError(
            field, f"{what.capitalize()} must be {MAX_NAME_LENGTH} characters or fewer"
        )
    return name


def parse_first_name(text: str | None) -> str | FieldError:
    """The first name with surrounding and repeated spaces removed, or an error."""
    return _parse_name(text, "first_name", "first name")


def parse_last_name(text: str | None) -> str | FieldError:
    """The last name with surrounding and repeated spaces removed, or an error."""
    return _parse_name(text, "last_name", "last name")
