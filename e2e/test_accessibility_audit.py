"""The accessibility check itself: it must catch a broken page, with JavaScript on and off."""

import pytest
from playwright.sync_api import BrowserContext, Response, Route

from e2e.fixtures.accessibility import AccessibilityAudit, AxeChecker, assert_accessible

# An image without alternative text and a form field without a label: two WCAG A failures.
BROKEN = """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="/assets/images/favicon.svg">
<form method="get" action="/"><input type="text" name="q"></form></main></body></html>"""


def _serve_broken(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=BROKEN)


def test_audit_reports_every_violation_of_every_page_visited(
    context: BrowserContext, base_url: str, axe_checker: AxeChecker, javascript: bool
) -> None:
    audit = AccessibilityAudit(base_url, axe_checker)
    tab = audit.watch(context.new_page(), javascript)
    tab.route("**/broken", _serve_broken)
    tab.goto("/sign-in")
    tab.goto("/broken")

    with pytest.raises(AssertionError) as failure:
        audit.finish()

    assert audit.checked == [f"{base_url}/sign-in", f"{base_url}/broken"]
    report = str(failure.value)
    assert f"{base_url}/broken:" in report
    assert "image-alt" in report and "label" in report
    assert f"{base_url}/sign-in:" not in report


def test_assert_accessible_checks_the_page_as_it_is_now(context: BrowserContext) -> None:
    tab = context.new_page()
    tab.route("**/broken", _serve_broken)
    tab.goto("/sign-in")
    assert_accessible(tab)
    tab.goto("/broken")

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(tab)


def test_audit_checks_a_page_after_a_redirect_the_tab_left_at_once(
    context: BrowserContext, base_url: str, axe_checker: AxeChecker, javascript: bool
) -> None:
    audit = AccessibilityAudit(base_url, axe_checker)
    tab = context.new_page()
    left: list[str] = []

    def leave_at_once(response: Response) -> None:
        # Runs before the audit's own handler: the browser forgets the page's body, and the
        # audit reads the copy the live server kept instead.
        if "/sign-in" in response.url and not left:
            left.append(response.url)
            response.finished()
            tab.goto("/accessibility")

    tab.on("response", leave_at_once)
    audit.watch(tab, javascript)
    # Signed out, this redirects to sign in: the page after a redirect.
    tab.goto("/schools", wait_until="commit")
    tab.wait_for_url("**/accessibility")

    audit.finish()

    assert left == [f"{base_url}/sign-in?next=/schools"]
    assert f"{base_url}/sign-in?next=/schools" in audit.checked
    assert f"{base_url}/accessibility" in audit.checked
