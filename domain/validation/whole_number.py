"""A whole number typed in a query string, form or URL, or None: never an exception."""

from __future__ import annotations


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """The number, if the text is ASCII digits and short enough to be a real id or page."""
    # isdigit() alone accepts digits like "١" that int() reads, and a thousand digits would
    # be a number no row or page has.
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > max_digits:
        return None
    return int(text)
