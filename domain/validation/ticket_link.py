"""A link to the support ticket about a claim, typed by a support user."""

from urllib.parse import urlsplit

from domain.validation.field_error import FieldError

FIELD = "support_ticket_url"
LONGEST = 500
WRONG_FORMAT = (
    "Enter a support ticket link in the correct format, like https://example.com/tickets/123"
)
TOO_LONG = f"Support ticket link must be {LONGEST} characters or fewer"


def parse_ticket_link(text: str | None) -> str | FieldError:
    """The link, or "" to remove it; only a web address with a host is a link."""
    link = (text or "").strip()
    if not link:
        return ""
    if len(link) > LONGEST:
        return FieldError(FIELD, TOO_LONG)
    try:
        parts = urlsplit(link)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return FieldError(FIELD, WRONG_FORMAT)
    # Only http(s): the link is shown as a link, so "javascript:" and the like must never pass.
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok:
        return FieldError(FIELD, WRONG_FORMAT)
    if any(character.isspace() or ord(character) < 32 for character in link):
        return FieldError(FIELD, WRONG_FORMAT)
    return link
