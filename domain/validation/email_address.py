"""Email addresses, trimmed and lower-cased so that one person has one account."""

import re

from domain.validation.field_error import FieldError

FIELD = "email"
# RFC 5321 limits a forward path to 256 characters including the angle brackets.
MAX_EMAIL_LENGTH = 254
# Modelled on the checks GOV.UK Notify makes before it will send to an address.
_LOCAL_PART = re.compile(r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+")
_DOMAIN_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def is_email_address(address: str) -> bool:
    """Whether a trimmed, lower-cased address looks deliverable."""
    local, at, domain = address.rpartition("@")
    if not at or not _LOCAL_PART.fullmatch(local) or ".." in local:
        return False
    if local.startswith(".") or local.endswith("."):
        return False
    labels = domain.split(".")
    return (
        len(labels) >= 2
        and all(_DOMAIN_LABEL.fullmatch(label) for label in labels)
        and bool(_TOP_LEVEL.fullmatch(labels[-1]))
    )


def parse_email(text: str | None) -> str | FieldError:
    """The address trimmed and lower-cased, or an error."""
    address = (text or "").strip().lower()
    if not address:
        return FieldError(FIELD, "Enter an email address")
    if len(address) > MAX_EMAIL_LENGTH:
        return FieldError(FIELD, f"Email address must be {MAX_EMAIL_LENGTH} characters or fewer")
    if not is_email_address(address):
        return FieldError(
            FIELD, "Enter an email address in the correct format, like name@example.com"
        )
    return address
