"""Path parameters that cannot name a page are a 404 before any handler or query sees them."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers import BaseRouteHandler

from db.ids import ROW_IDS
from domain.validation.control_characters import without_control_characters


def names_a_page(value: object) -> bool:
    """Whether a parsed path parameter could name something: an id in range, or plain text."""
    if isinstance(value, int):
        return value in ROW_IDS
    if isinstance(value, str):
        return without_control_characters(value) == value
    return True


async def path_parameters_name_a_page(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A guard for every route: an id beyond the database's range is a page not found."""
    # Async although it awaits nothing: Litestar runs a plain function guard in a worker
    # thread, a thread hop on every request.
    if not all(names_a_page(value) for value in connection.path_params.values()):
        raise NotFoundException()
