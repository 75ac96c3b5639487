"""Files the facilitator downloads: records, notes and studies."""

from __future__ import annotations

from litestar import Response


def download(body: str | bytes, media_type: str, filename: str) -> Response:
    """A response the browser saves as `filename`."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
