"""Error messages fit for the session record: anything the participant typed is taken out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

REDACTED = "[answer]"
# Fields that carry machinery, not answers.
NOT_ANSWERS = {"_csrf_token"}
# Belt and braces for text that looks personal whether or not it came from this request's form:
# email addresses, 7-digit TRNs, numeric dates and anything quoted back to the user.
_PERSONAL = (
    re.compile(r"[^\s@<>]+@[^\s@<>]+"),
    re.compile(r"(?<!\d)\d{3}\s?\d{4}(?!\d)"),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”"),
)


def answers(form: Mapping[str, Any] | None, query_string: bytes = b"") -> list[str]:
    """Every value the participant sent with a request: form fields and query parameters."""
    values: list[str] = []
    for name, value in (form or {}).items():
        if name in NOT_ANSWERS:
            continue
        values.extend(str(each) for each in (value if isinstance(value, list) else [value]))
    values.extend(value for _, value in parse_qsl(query_string.decode("latin-1")))
    return values


def redact(message: str, typed: Iterable[str]) -> str:
    """The message with every answer the participant typed, and anything personal, taken out."""
    text = message
    # Longest first, so "Jo Smith" goes before "Jo" can break it up.
    for answer in sorted({each.strip() for each in typed if len(each.strip()) > 1}, key=len)[::-1]:
        text = re.sub(rf"(?<!\w){re.escape(answer)}(?!\w)", REDACTED, text, flags=re.IGNORECASE)
    for pattern in _PERSONAL:
        text = pattern.sub(REDACTED, text)
    return text
