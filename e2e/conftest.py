"""Browser journeys against the service running on a free port (see e2e/fixtures/)."""

from pathlib import Path

import pytest

from e2e.fixtures.accessibility import accessibility_audit, axe_checker
from e2e.fixtures.browser import browser_context_args, browser_type_launch_args, javascript, page
from e2e.fixtures.server import base_url, live_server, seeded_rows_only, shared_server

HERE = Path(__file__).parent

__all__ = [
    "accessibility_audit",
    "axe_checker",
    "base_url",
    "browser_context_args",
    "browser_type_launch_args",
    "javascript",
    "live_server",
    "page",
    "seeded_rows_only",
    "shared_server",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every journey `e2e`, so `-m "not e2e"` leaves the browser out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)
