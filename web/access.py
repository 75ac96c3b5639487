"""Who is signed in and which school they are acting for: dependencies for route handlers."""

from __future__ import annotations

from urllib.parse import quote

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from db.queries.schools import SchoolValue, school_for_member
from db.queries.users import UserValue, membership_count, user_by_id

SESSION_USER = "user_id"


class SignInRequired(Exception):
    """Nobody is signed in; they should sign in and come back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class NoAccess(Exception):
    """The signed-in user belongs to no school (never added, or removed)."""


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
    """A member acting for one of their schools."""

    viewer: Viewer
    school: SchoolValue


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


async def provide_viewer(request: Request) -> Viewer:
    """The signed-in user, or a redirect to sign in."""
    user_id = request.session.get(SESSION_USER) if request.session else None
    user = await user_by_id(user_id) if isinstance(user_id, int) else None
    if user is None:
        # A GET can be replayed after signing in; a form post cannot, so go back to the page.
        target = (
            requested_path(request)
            if request.method == "GET"
            else request.headers.get("referer", "/schools")
        )
        raise SignInRequired(local_path(_path_of(target)))
    return Viewer(user=user, school_count=await membership_count(user.id))


def _path_of(url: str) -> str:
    if url.startswith(("http://", "https://")):
        after_host = url.split("/", 3)
        return "/" + after_host[3] if len(after_host) > 3 else "/"
    return url


async def provide_member_school(
    school_id: FromPath[int], viewer: NamedDependency[Viewer]
) -> SchoolAccess:
    """The school from the path, if the viewer is a member; anyone else gets a 404."""
    school = await school_for_member(school_id, viewer.user.id)
    if school is None:
        raise NotFoundException()
    return SchoolAccess(viewer=viewer, school=school)


async def provide_school(
    request: Request, member_school: NamedDependency[SchoolAccess]
) -> SchoolAccess:
    """A member's school whose grant conditions have been accepted."""
    if not member_school.school.grant_conditions_accepted:
        raise GrantConditionsRequired(member_school.school.id, requested_path(request))
    return member_school
