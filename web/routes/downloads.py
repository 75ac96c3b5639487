"""Download links for people without an account (the payer): signed, 7 days long, used once.

Opening the link shows a page with a button; only pressing it (a POST) uses the link up. Email
security scanners follow the links in emails they check, and must not use the file's one download
before the person it was sent to does.
"""

from __future__ import annotations

from litestar import get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response

from db.outbox import write_transaction
from db.queries.payments import (
    PaymentFile,
    Refused,
    offer_download_link,
    payment_file,
    use_download_link,
)
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


PATH = "/downloads/{token:str}"


def _refused(refusal: Refused) -> Response:
    status, title, why = _REFUSED[refusal.reason]
    return page("errors/error.html", title=title, status_code=status, paragraphs=[why, ASK_AGAIN])


@get(PATH, name="download")
async def offer(
    token: FromPath[str], clock: NamedDependency[Clock], settings: NamedDependency[Settings]
) -> Response:
    """The file's name and a button to download it; or a page saying why the link gives nothing."""
    nonce = nonce_of(settings.secret_key, token)
    found = await offer_download_link(nonce, clock.now()) if nonce else Refused("unknown")
    if isinstance(found, Refused):
        return _refused(found)
    return page(
        "downloads/offer.html",
        title=f"Download {found.filename}",
        filename=found.filename,
        expires_at=found.expires_at,
        action=f"/downloads/{token}",
    )


@post(PATH, name="download_file", status_code=200)
async def download(
    token: FromPath[str], clock: NamedDependency[Clock], settings: NamedDependency[Settings]
) -> Response:
    """The file, once, within 7 days; otherwise a page saying why not."""
    nonce = nonce_of(settings.secret_key, token)
    if nonce is None:
        return _refused(Refused("unknown"))
    # Marked used in the transaction that reads the file: two clicks get one download.
    async with write_transaction():
        found = await use_download_link(nonce, clock.now())
    if isinstance(found, Refused):
        return _refused(found)
    return Response(
        found.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{found.filename}"'},
    )


def csv_attachment(filename: str, content: str) -> Response:
    """A CSV file for the browser to save."""
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def sent_file(kind: str, file_id: int, sent_by: int | None = None) -> tuple[PaymentFile, str]:
    """A file of the kind sent to someone without an account (by `sent_by`, if given), and its
    content; 404 if none."""
    found = await payment_file(file_id, kind=kind, sent_by=sent_by)
    if found is None:
        raise NotFoundException()
    return found


def download_link(settings: Settings, nonce: str) -> str:
    """The full address of a download link, for an email."""
    # The configured address, never the request's Host header, which a sender could forge;
    # the path is the download routes' own.
    return settings.service_url + PATH.replace("{token:str}", token_for(settings.secret_key, nonce))


ROUTES = [offer, download]
