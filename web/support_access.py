"""Who may use the support console: a signed-in support user; anyone else is shown 404."""

from __future__ import annotations

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from db.queries.access import viewer_with_school
from db.queries.claim_scope import EVERY_CLAIM, ClaimScope
from db.queries.support_users import support_viewer
from db.queries.users import UserValue
from web.access import SESSION_USER, SchoolAccess, Viewer, WholeServiceOnly

HOME = "/support/organisations"


class SupportViewer(msgspec.Struct, frozen=True):
    """A signed-in DfE support user, and the claims they may see."""

    user: UserValue
    # Every claim, but a research session's participant sees only their session's.
    claims: ClaimScope = EVERY_CLAIM

    @property
    def own_only(self) -> int | None:
        """None for a user who sees every claim; else the user's own id, since a research
        session's participant sees only what they did themself (their files, their activity,
        themself among support users)."""
        return None if self.claims.everything else self.user.id


async def provide_support_user(request: Request) -> SupportViewer:
    """The signed-in support user; anyone else, signed in or not, gets page not found."""
    # support.md: a school user who opens a support page must not learn that it exists, so
    # even the anonymous are not sent to sign in from here.
    user_id = request.session.get(SESSION_USER) if request.session else None
    found = await support_viewer(user_id) if isinstance(user_id, int) else None
    if found is None:
        raise NotFoundException()
    user, claims = found
    return SupportViewer(user, claims)


async def provide_whole_service_user(request: Request) -> SupportViewer:
    """The signed-in support user, for tasks that change every school: never a research
    session's participant, whose session keeps to its own schools."""
    support = await provide_support_user(request)
    if not support.claims.everything:
        raise WholeServiceOnly()
    return support


async def provide_support_school(
    support_user: NamedDependency[SupportViewer], school_id: FromPath[int]
) -> SchoolAccess:
    """Any school, for a support user's support-only actions inside it; anyone else gets 404."""
    found = await viewer_with_school(support_user.user.id, school_id)
    if found is None or found.school is None:
        raise NotFoundException()
    # Even a support user who is also one of the school's members acts here as support.
    return SchoolAccess(
        viewer=Viewer(user=found.user, school_count=found.school_count),
        school=found.school,
        as_support=True,
    )
