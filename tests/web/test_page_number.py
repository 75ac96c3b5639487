"""A list's page number from the query: anything but a short whole number is the first page."""

from __future__ import annotations

import pytest

from web.support_console import page_number


@pytest.mark.parametrize(
    ("text", "page"), [("3", 3), ("0", 1), ("", 1), ("-2", 1), ("¹", 1), ("٣", 1), ("9" * 7, 1)]
)
def test_page_number(text, page):
    assert page_number(text) == page
