"""Who is signed in and which school they are acting for: dependencies for route handlers."""

from __future__ import annotations

from urllib.parse import quote

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from db.queries.access import ViewerRow, viewer_by_id, viewer_with_school
from db.queries.schools import SchoolValue
from db.queries.users import UserValue

SESSION_USER = "user_id"


class SignInRequired(Exception):
    """Nobody is signed in; they should sign in and come back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class NoAccess(Exception):
    """The signed-in user belongs to no school (never added, or removed)."""


class WholeServiceOnly(Exception):
    """A research session's participant asked for a console task that changes the whole service."""


class GrantConditionsRequired(Exception):
    """The school must accept the grant conditions before its pages can be used."""

    def __init__(self, school_id: int, next_path: str) -> None:
        super().__init__(school_id)
        self.school_id = school_id
        self.next_path = next_path


class Viewer(msgspec.Struct, frozen=True):
    """The signed-in user and how many schools they can act for."""

    user: UserValue
    school_count: int


class SchoolAccess(msgspec.Struct, frozen=True):
    """A member acting for one of their schools, or a support user acting for any school."""

    viewer: Viewer
    school: SchoolValue
    # support.md: a support user uses the school's own pages, plus a few support-only actions.
    as_support: bool = False


def local_path(value: str | None, default: str = "/schools") -> str:
    """A redirect target only if it stays on this service (no open redirects)."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return default


def sign_in_url(next_path: str) -> str:
    """The sign-in page, remembering where the user was going."""
    return f"/sign-in?next={quote(local_path(next_path), safe='/')}"


def requested_path(request: Request) -> str:
    """Where this request was going, for coming back after signing in."""
    path = request.url.path
    return f"{path}?{request.url.query}" if request.url.query else path


def signed_in_user_id(request: Request) -> int | None:
    user_id = request.session.get(SESSION_USER) if request.session else None
    return user_id if isinstance(user_id, int) else None


def sign_in_first(request: Request) -> SignInRequired:
    """Nobody is signed in: sign in, then come back."""
    # A GET can be replayed after signing in; a form post cannot, so go back to the page.
    target = (
        requested_path(request)
        if request.method == "GET"
        else request.headers.get("referer", "/schools")
    )
    return SignInRequired(local_path(_path_of(target)))


async def provide_viewer(request: Request) -> Viewer:
    """The signed-in user, or a redirect to sign in."""
    user_id = signed_in_user_id(request)
    found = await viewer_by_id(user_id) if user_id is not None else None
    if found is None:
        raise sign_in_first(request)
    return Viewer(user=found.user, school_count=found.school_count)


def _path_of(url: str) -> str:
    if url.startswith(("http://", "https://")):
        after_host = url.split("/", 3)
        return "/" + after_host[3] if len(after_host) > 3 else "/"
    return url


async def provide_member_school(request: Request, school_id: FromPath[int]) -> SchoolAccess:
    """The school from the path, if the signed-in user is a member or a support user; anyone
    else gets a 404."""
    user_id = signed_in_user_id(request)
    # The user and the school in one query: every school page starts here.
    found = await viewer_with_school(user_id, school_id) if user_id is not None else None
    return school_access(request, found)


def school_access(request: Request, found: ViewerRow | None) -> SchoolAccess:
    """The school read with the signed-in user: sign in again if the user is gone, and a 404 if
    they may not act for the school."""
    if found is None:
        raise sign_in_first(request)
    if found.school is None:
        raise NotFoundException()
    return SchoolAccess(
        viewer=Viewer(user=found.user, school_count=found.school_count),
        school=found.school,
        as_support=found.as_support,
    )


async def provide_school(
    request: Request, member_school: NamedDependency[SchoolAccess]
) -> SchoolAccess:
    """A member's school whose grant conditions have been accepted."""
    return accepted_school(request, member_school)


def accepted_school(request: Request, member_school: SchoolAccess) -> SchoolAccess:
    """The school if its grant conditions are accepted (or a support user acts for it), else
    the page that asks for them."""
    # Only the school's own users can accept its grant conditions: support users help a school
    # that has not accepted them (or whose agreement they removed) without accepting for it.
    if member_school.as_support:
        return member_school
    if not member_school.school.grant_conditions_accepted:
        raise GrantConditionsRequired(member_school.school.id, requested_path(request))
    return member_school
