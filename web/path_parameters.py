"""Path parameters that cannot name a page are a 404 before any handler or query sees them."""

from __future__ import annotations

from litestar import Request
from litestar.exceptions import NotFoundException

from db.ids import ROW_IDS
from domain.validation.control_characters import without_control_characters


def names_a_page(value: object) -> bool:
    """Whether a parsed path parameter could name something: an id in range, or plain text."""
    if isinstance(value, int):
        return value in ROW_IDS
    if isinstance(value, str):
        return without_control_characters(value) == value
    return True


async def path_parameters_name_a_page(request: Request) -> None:
    """Before every route's handler: an id beyond the database's range is a page not found."""
    # A hook, not a guard: Litestar hands each guard a copy of the route handler, made on every
    # request. Async although it awaits nothing, so that Litestar calls it on the event loop.
    if not all(names_a_page(value) for value in request.path_params.values()):
        raise NotFoundException()
