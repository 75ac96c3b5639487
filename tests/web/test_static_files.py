"""Vendored files go out gzipped, cached for a year, from copies made when they were vendored."""

from __future__ import annotations

import gzip

import pytest

from web.static_files import STATIC

VENDORED = sorted(
    path
    for folder in ("govuk", "htmx")
    for path in (STATIC / folder).rglob("*")
    if path.suffix in {".css", ".js", ".svg", ".json"}
)


def test_there_are_vendored_files_to_check():
    assert {path.name for path in VENDORED} >= {"govuk-frontend.min.css", "htmx.min.js"}


@pytest.mark.parametrize("path", VENDORED, ids=lambda path: str(path.relative_to(STATIC)))
def test_each_gzipped_copy_is_of_the_file_as_it_is_now(path):
    copy = path.with_name(path.name + ".gz")
    assert copy.exists(), "run scripts/vendor-assets"
    assert gzip.decompress(copy.read_bytes()) == path.read_bytes()


def test_browsers_that_accept_gzip_get_the_css_gzipped_and_cached_for_a_year(client):
    url = "/static/govuk/govuk-frontend.min.css"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert plain.headers.get("content-encoding") is None
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # the client undoes the gzip
    assert int(zipped.headers["content-length"]) < len(plain.content) / 4
    assert "max-age=31536000" in zipped.headers["cache-control"]
    assert "session=" not in zipped.headers.get("set-cookie", "")


def test_the_fonts_gov_uk_frontend_css_asks_for_are_served(client):
    fonts = sorted((STATIC / "govuk" / "assets" / "fonts").glob("*.woff2"))
    assert fonts
    response = client.get(f"/assets/fonts/{fonts[0].name}")
    assert response.status_code == 200
    assert response.content == fonts[0].read_bytes()
    assert "max-age=31536000" in response.headers["cache-control"]


def test_an_unknown_static_path_is_the_services_not_found_page(client):
    response = client.get("/static/govuk/no-such-file.css")
    assert response.status_code == 404
    assert "Page not found" in response.text
