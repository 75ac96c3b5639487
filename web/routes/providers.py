"""A provider's pages: the claims that name it, filtered, downloaded, and one claim, read only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Stream, Template

from db.queries.provider_claims import (
    ProviderClaimOptions,
    find_provider_claims,
    provider_claim,
    provider_claim_batches,
    provider_claim_options,
)
from db.queries.provider_users import providers_for_user
from domain.claim_search import CLAIMS_PER_PAGE
from domain.hours import format_hours
from domain.provider_claim_search import (
    FILTER_PARAMETERS,
    ProviderClaimSearch,
    parse_provider_claim_search,
    provider_search_parameters,
)
from domain.validation.whole_number import whole_number
from web.access import Viewer
from web.page import page
from web.provider_access import PROVIDERS_HOME, ProviderAccess, provider_claims_path
from web.provider_claims_csv import csv_lines
from web.support_claim_filters import select_items
from web.support_console import page_number, pagination

_CLAIMS = f"{PROVIDERS_HOME}/{{provider_id:int}}/claims"


def provider_navigation(provider_id: int, active: str) -> list[dict]:
    """Items for govukServiceNavigation: a provider's one area so far, its claims."""
    return [
        {"href": provider_claims_path(provider_id), "text": "Claims", "active": active == "claims"}
    ]


def provider_page(
    template: str, *, title: str, access: ProviderAccess, active: str, **context: Any
) -> Template:
    """A provider's page: the service's layout with the provider's navigation and name."""
    return page(
        template,
        title=title,
        viewer=Viewer(user=access.user, school_count=0),
        navigation=provider_navigation(access.provider.id, active),
        provider=access.provider,
        **context,
    )


@get(PROVIDERS_HOME, name="providers")
async def providers(viewer: NamedDependency[Viewer]) -> Response:
    """A provider user's front door: their provider's claims, or a choice of their providers."""
    own = await providers_for_user(viewer.user.id)
    if not own:
        # Nobody but a provider's users learns that these pages exist.
        raise NotFoundException()
    if len(own) == 1:
        return Redirect(provider_claims_path(own[0].id), status_code=303)
    return page("providers/index.html", title="Select a provider", viewer=viewer, providers=own)


def _search(request: Request, options: ProviderClaimOptions) -> ProviderClaimSearch:
    query = {name: str(request.query_params.get(name) or "") for name in FILTER_PARAMETERS}
    return parse_provider_claim_search(query, options.choices)


def _query_string(pairs: list[tuple[str, Any]]) -> str:
    return f"?{urlencode(pairs)}" if pairs else ""


def _filter_tags(search: ProviderClaimSearch, options: ProviderClaimOptions, path: str) -> list:
    """A tag per filter in force, each linking to the same list without that filter."""
    words = {
        "school": next(
            (f"School: {each.name}" for each in options.schools if each.id == search.school_id),
            None,
        ),
        "academic_year": search.academic_year and f"Academic year: {search.academic_year.name}",
    }
    return [
        {"text": text, "href": f"{path}{_query_string(provider_search_parameters(search, name))}"}
        for name, text in words.items()
        if text
    ]


@get(_CLAIMS, name="provider_claims")
async def claims(
    request: Request, provider_user: NamedDependency[ProviderAccess], page: FromQuery[str] = ""
) -> Template:
    """The provider's submitted claims, newest first; a GET form, so it filters without JS."""
    provider_id = provider_user.provider.id
    path = provider_claims_path(provider_id)
    options = await provider_claim_options(provider_id, provider_user.claims)
    search = _search(request, options)
    wanted = page_number(page)
    found, total = await find_provider_claims(
        provider_id, search, wanted, CLAIMS_PER_PAGE, provider_user.claims
    )
    shown = pagination(wanted, total, CLAIMS_PER_PAGE)
    if shown.page != wanted:
        found, total = await find_provider_claims(
            provider_id, search, shown.page, CLAIMS_PER_PAGE, provider_user.claims
        )
    kept = provider_search_parameters(search)

    def href(number: int) -> str:
        return f"{path}?{urlencode([*kept, ('page', number)])}"

    return provider_page(
        "providers/claims.html",
        title="Claims",
        access=provider_user,
        active="claims",
        claims=found,
        total=total,
        search=search,
        school_items=select_items((str(each.id), each.name) for each in options.schools),
        year_items=select_items(
            (str(year.start_year), year.name) for year in options.academic_years
        ),
        tags=_filter_tags(search, options, path),
        claims_path=path,
        search_query=_query_string(kept),
        claim_query=_query_string([*kept, ("page", shown.page)] if shown.page > 1 else kept),
        pagination=shown.items(href) if shown.pages > 1 else None,
    )


@get(f"{_CLAIMS}/download", name="provider_claims_download")
async def download(request: Request, provider_user: NamedDependency[ProviderAccess]) -> Stream:
    """Exactly the claims the list's filters find, as CSV, written while the rows are read."""
    provider = provider_user.provider
    search = _search(request, await provider_claim_options(provider.id, provider_user.claims))

    async def lines() -> AsyncIterator[str]:
        async for line in csv_lines(
            provider_claim_batches(provider.id, search, scope=provider_user.claims)
        ):
            yield line

    return Stream(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="claims-{provider.code}.csv"'},
    )


@get(f"{_CLAIMS}/{{claim_id:int}}", name="provider_claim")
async def claim_page(
    request: Request, provider_user: NamedDependency[ProviderAccess], claim_id: FromPath[int]
) -> Template:
    """One claim naming the provider: its school, status, mentors, hours and amount."""
    claim = await provider_claim(provider_user.provider.id, claim_id, provider_user.claims)
    if claim is None:
        # Another provider's claim, a draft, or none at all: the same page not found.
        raise NotFoundException()
    # The list's filters and page come along, so "Back" returns to the same list.
    query = {name: str(request.query_params.get(name) or "") for name in FILTER_PARAMETERS}
    kept = [(name, value) for name, value in query.items() if whole_number(value) is not None]
    wanted = page_number(str(request.query_params.get("page") or ""))
    back = _query_string([*kept, ("page", wanted)] if wanted > 1 else kept)
    return provider_page(
        "providers/claim.html",
        title=f"Claim {claim.reference}",
        access=provider_user,
        active="claims",
        claim=claim,
        format_hours=format_hours,
        back_href=f"{provider_claims_path(provider_user.provider.id)}{back}",
    )


ROUTES = [providers, claims, download, claim_page]
