"""The CSP check itself: a blocked inline script is caught, and the service's own pages pass."""

import pytest
from playwright.sync_api import BrowserContext

from e2e.fixtures.content_security import PolicyWatch


# Only a page running JavaScript can add a script to itself.
@pytest.mark.parametrize("javascript", [True], ids=["js"])
def test_an_inline_script_is_blocked_and_reported(context: BrowserContext):
    tab = context.new_page()
    watch = PolicyWatch(tab)
    tab.goto("/sign-in")
    tab.evaluate("""() => {
      const injected = document.createElement("script");
      injected.textContent = "window.injectedRan = true";
      document.body.appendChild(injected);
    }""")
    tab.wait_for_timeout(100)
    assert tab.evaluate("() => window.injectedRan") is None
    with pytest.raises(AssertionError, match="/sign-in: .*Content Security Policy"):
        watch.assert_none()


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
