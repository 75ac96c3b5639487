"""The CSP check itself: a blocked inline script is caught, and the service's own pages pass."""

import pytest
from playwright.sync_api import BrowserContext

from e2e.fixtures.accessibility import AccessibilityAudit, AxeChecker
from e2e.fixtures.content_security import PolicyWatch

INJECT = """() => {
  const injected = document.createElement("script");
  injected.textContent = "window.injectedRan = true";
  document.body.appendChild(injected);
}"""


# Only a page running JavaScript can add a script to itself.
@pytest.mark.parametrize("javascript", [True], ids=["js"])
def test_an_inline_script_is_blocked_and_reported(context: BrowserContext):
    tab = context.new_page()
    watch = PolicyWatch(tab)
    tab.goto("/sign-in")
    tab.evaluate(INJECT)
    tab.wait_for_timeout(100)
    assert tab.evaluate("() => window.injectedRan") is None
    with pytest.raises(AssertionError, match="/sign-in: .*Content Security Policy"):
        watch.assert_none()


@pytest.mark.parametrize("javascript", [True], ids=["js"])
def test_every_audited_tab_is_watched_for_violations(
    context: BrowserContext, base_url: str, axe_checker: AxeChecker, javascript: bool
):
    # A tab of its own (a research participant's, a facilitator's) has no page fixture around it.
    audit = AccessibilityAudit(base_url, axe_checker)
    tab = audit.watch(context.new_page(), javascript)
    tab.goto("/accessibility")
    tab.evaluate(INJECT)
    tab.wait_for_timeout(100)

    with pytest.raises(AssertionError, match="/accessibility: .*Content Security Policy"):
        audit.finish()
    assert audit.checked == [f"{base_url}/accessibility"]


def test_the_service_pages_run_their_scripts_under_the_policy(
    context: BrowserContext, javascript: bool
):
    tab = context.new_page()
    watch = PolicyWatch(tab)
    tab.goto("/sign-in")
    classes = tab.evaluate("() => document.body.className")
    if javascript:
        # GOV.UK Frontend's inline snippet ran (allowed by its hash), and htmx took its settings.
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes
        assert tab.evaluate("() => htmx.config.includeIndicatorStyles") is False
        assert tab.evaluate("() => htmx.config.allowEval") is False
    else:
        assert "js-enabled" not in classes
    watch.assert_none()
