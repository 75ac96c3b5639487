"""Vendored files served before the app is reached: cached for a year, gzipped in advance.

ServeStatic reads the files' list and headers once at startup and answers from that; a file
that has a `.gz` beside it (scripts/vendor-assets makes them) is sent compressed to browsers
that accept gzip. No session, CSRF or routing runs for a static file.
"""

from __future__ import annotations

from pathlib import Path

from servestatic import ServeStaticASGI

from web.security_headers import security_headers
from web.settings import Settings

STATIC = Path(__file__).parent / "static"
# Vendored files carry their version in the path's directory: cache them for a year.
A_YEAR = 31_536_000


def serve_static_files(application, settings: Settings) -> ServeStaticASGI:
    """`application` behind /static and /assets (GOV.UK Frontend's CSS loads fonts from there)."""
    protective = {
        name: value
        for name, value in security_headers(settings).items()
        if name not in {"Cache-Control", "Vary"}
    }

    def add_headers(headers, path: str, url: str) -> None:
        for name, value in protective.items():
            headers[name] = value

    static = ServeStaticASGI(
        application,
        root=STATIC,
        prefix="/static",
        max_age=A_YEAR,
        add_headers_function=add_headers,
    )
    static.add_files(STATIC / "govuk" / "assets", prefix="/assets")
    return static
