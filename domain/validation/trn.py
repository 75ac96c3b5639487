"""Teacher reference numbers (TRN), which identify a teacher across the system."""

import re

from domain.validation.field_error import FieldError

FIELD = "trn"
TRN_LENGTH = 7
_TRN = re.compile(rf"[0-9]{{{TRN_LENGTH}}}")


def parse_trn(text: str | None) -> str | FieldError:
    """The TRN with all whitespace removed (dictation adds spaces), or an error."""
    trn = "".join((text or "").split())
    if not trn:
        return FieldError(FIELD, "Enter a teacher reference number (TRN)")
    if not _TRN.fullmatch(trn):
        return FieldError(FIELD, f"Teacher reference number (TRN) must be {TRN_LENGTH} digits")
    return trn
