"""The support ticket link: a web address, or blank to remove it."""

from __future__ import annotations

import pytest

from domain.validation.field_error import FieldError
from domain.validation.ticket_link import TOO_LONG, WRONG_FORMAT, parse_ticket_link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("   ", ""),
        (None, ""),
        ("https://dfe.zendesk.com/agent/tickets/42", "https://dfe.zendesk.com/agent/tickets/42"),
        ("  http://example.com/t?id=1  ", "http://example.com/t?id=1"),
    ],
)
def test_a_web_address_or_blank_is_kept(text, expected):
    assert parse_ticket_link(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "ftp://example.com/ticket",
        "example.com/ticket",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://example.com:99999/",
        "https://[::1",
        "data:text/html,hi",
    ],
)
def test_anything_else_is_the_format_error(text):
    assert parse_ticket_link(text) == FieldError("support_ticket_url", WRONG_FORMAT)


def test_a_link_over_500_characters_is_too_long():
    assert parse_ticket_link("https://example.com/" + "a" * 481) == FieldError(
        "support_ticket_url", TOO_LONG
    )
    assert parse_ticket_link("https://example.com/" + "a" * 480).startswith("https://")
