"""Success banners wait for their own page and school, and show once."""

from __future__ import annotations

from web import banner


class FakeRequest:
    """Just enough of a request: a session dictionary."""

    def __init__(self) -> None:
        self.session: dict = {}


def test_a_banner_shows_once_on_its_page():
    request = FakeRequest()
    banner.show_after_redirect(request, "mentors", 7, "Ada Lovelace has been added as a mentor")
    assert banner.take(request, "mentors", 7) == "Ada Lovelace has been added as a mentor"
    assert banner.take(request, "mentors", 7) is None


def test_a_banner_never_shows_for_another_school_or_area():
    request = FakeRequest()
    banner.show_after_redirect(request, "users", 7, "Sam has been added")
    assert banner.take(request, "users", 8) is None
    assert banner.take(request, "mentors", 7) is None
    assert banner.take(request, "users", 7) == "Sam has been added"


def test_no_session_no_banner():
    request = FakeRequest()
    request.session = None
    assert banner.take(request, "claims", 1) is None
