"""Browser journeys against the service running on a free port (see e2e/fixtures/)."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.fixtures.accessibility import accessibility_audit, axe_checker, counts_folder
from e2e.fixtures.browser import browser_context_args, browser_type_launch_args, javascript, page
from e2e.fixtures.server import base_url, live_server, seeded_rows_only, shared_server

HERE = Path(__file__).parent

# A page that is right arrives at once on a quiet machine; on a busy one, a click's page can take
# longer than Playwright's 5 s default to arrive. Only a failing check waits this long.
expect.set_options(timeout=15_000)

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


# The journeys CI runs again on PostgreSQL with Redis sessions: those whose path a session store
# or the database's own behaviour could change as a browser walks it. A claim made, a claim
# resumed in a new session, the whole round from submission to clawback, sign-in and time-out
# through DfE Sign-in, and an outage of the session store. The other journeys differ only in pages
# and markup, which do not depend on the database: tests/web runs every route's queries, the
# concurrency tests every lock and tests/db every query on both databases.
ON_POSTGRES = {
    "test_claim_journey.py::test_add_a_claim",
    "test_claim_journey.py::test_resume_a_claim_after_signing_out_and_in",
    "test_claim_round.py::test_a_claim_round_from_submission_to_clawback",
    "test_dfe_sign_in.py::test_sign_in_time_out_and_sign_out_through_dfe_sign_in",
    "test_session_store_outage.py::test_an_outage_gives_the_error_page_and_the_service_recovers",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every journey `e2e`, and `postgres` those CI runs on PostgreSQL too."""
    modules = {}
    for item in items:
        if not item.path.is_relative_to(HERE):
            continue
        item.add_marker(pytest.mark.e2e)
        modules[item.path.name] = item.module
        if f"{item.path.name}::{item.originalname}" in ON_POSTGRES:
            item.add_marker(pytest.mark.postgres)
    # A renamed journey must not drop out of the PostgreSQL run unnoticed.
    for name in ON_POSTGRES:
        file, _, function = name.partition("::")
        if file in modules and not hasattr(modules[file], function):
            raise pytest.UsageError(f"e2e/conftest.py ON_POSTGRES names no journey: {name}")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Say how many pages axe checked, and how many were of a kind it had checked already."""
    counts = [
        json.loads(path.read_text())
        for path in counts_folder(config._tmp_path_factory).glob("*.json")
    ]
    if counts:
        checked = sum(count["checked"] for count in counts)
        reused = sum(count["reused"] for count in counts)
        terminalreporter.write_line(
            f"axe-core: {checked} kinds of page checked; {reused} pages were of a kind checked already"
        )
