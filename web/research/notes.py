"""A facilitator's note as typed: checked before it joins the session record."""

from __future__ import annotations

import re

from domain.validation.field_error import FieldError

MAX_CHARACTERS = 1000
# Notes go into exports that are shared: an email address would name the participant.
_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+")


def parse_note(text: str) -> str | FieldError:
    """The note to keep, or what to fix."""
    note = text.strip()
    if not note:
        return FieldError("note", "Enter a note")
    if len(note) > MAX_CHARACTERS:
        return FieldError("note", f"Note must be {MAX_CHARACTERS:,} characters or fewer")
    if _EMAIL.search(note):
        return FieldError("note", "Remove the email address: notes must not identify anyone")
    return note
