"""Download links for people without an account (the payer): signed, 7 days long, used once."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response

from db.outbox import write_transaction
from db.queries.payments import Download, PaymentFile, payment_file, use_download_link
from domain.download_links import LINK_LIFETIME, nonce_of, token_for
from web.clock import Clock
from web.page import page
from web.settings import Settings

_REFUSED = {
    "unknown": (
        404,
        "This download link is not valid",
        "Check that you copied the whole link from the email.",
    ),
    "expired": (
        410,
        "This download link has expired",
        f"Download links work for {LINK_LIFETIME.days} days.",
    ),
    "used": (
        410,
        "This download link has already been used",
        "Each download link works once, so the file cannot be downloaded again from it.",
    ),
}
ASK_AGAIN = (
    "Reply to the email the link came in to ask the Department for Education for a new link."
)


@get("/downloads/{token:str}", name="download")
async def download(
    token: FromPath[str], clock: NamedDependency[Clock], settings: NamedDependency[Settings]
) -> Response:
    """The file, once, within 7 days; otherwise a page saying why not."""
    nonce = nonce_of(settings.secret_key, token)
    if nonce is None:
        found = None
        reason = "unknown"
    else:
        # Marked used in the transaction that reads the file: two clicks get one download.
        async with write_transaction():
            found = await use_download_link(nonce, clock.now())
        reason = "" if isinstance(found, Download) else found.reason
    if isinstance(found, Download):
        return csv_attachment(found.filename, found.content)
    status, title, why = _REFUSED[reason]
    return page("errors/error.html", title=title, status_code=status, paragraphs=[why, ASK_AGAIN])


def csv_attachment(filename: str, content: str) -> Response:
    """A CSV file for the browser to save."""
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def sent_file(kind: str, file_id: int) -> tuple[PaymentFile, str]:
    """A file of the kind sent to someone without an account, and its content; 404 if none."""
    found = await payment_file(file_id, kind=kind)
    if found is None:
        raise NotFoundException()
    return found


def link_to(request: Request, settings: Settings, nonce: str) -> str:
    """The full address of a download link, for an email."""
    # The configured address, never the request's Host header, which a sender could forge.
    return settings.service_url + request.app.route_reverse(
        "download", token=token_for(settings.secret_key, nonce)
    )


ROUTES = [download]
