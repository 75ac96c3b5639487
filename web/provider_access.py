"""Who may read a provider's claims: its own signed-in users; anyone else is shown 404."""

from __future__ import annotations

import msgspec
from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from db.queries.claim_scope import EVERY_CLAIM, ClaimScope
from db.queries.provider_users import ProviderValue, viewer_with_provider
from db.queries.users import UserValue
from web.access import sign_in_first, signed_in_user_id

PROVIDERS_HOME = "/providers"


class ProviderAccess(msgspec.Struct, frozen=True):
    """A provider user reading the claims of one of their providers."""

    user: UserValue
    provider: ProviderValue
    # Every claim naming the provider, but a research session's participant sees only their
    # session's.
    claims: ClaimScope = EVERY_CLAIM


async def provide_provider_user(request: Request, provider_id: FromPath[int]) -> ProviderAccess:
    """The provider from the path, if the signed-in user is one of its users; else a 404."""
    # Like a school's pages: the anonymous sign in first; anyone signed in who is not the
    # provider's own (a school user, support, another provider's user) learns nothing of it.
    user_id = signed_in_user_id(request)
    found = await viewer_with_provider(user_id, provider_id) if user_id is not None else None
    if found is None:
        raise sign_in_first(request)
    if found.provider is None:
        raise NotFoundException()
    return ProviderAccess(user=found.user, provider=found.provider, claims=found.claims)


def provider_claims_path(provider_id: int) -> str:
    """Where a provider's pages start: the claims that name it."""
    return f"{PROVIDERS_HOME}/{provider_id}/claims"
