"""Accredited providers as the add-claim journey finds and shows them."""

from __future__ import annotations

from collections.abc import Iterable

from db.sql import fetch
from db.tables import Provider
from domain.eligibility import provider_can_be_chosen
from domain.providers import ProviderMatches, ProviderValue
from domain.validation.provider_search import ProviderSearch

_COLUMNS = (
    Provider.id,
    Provider.name,
    Provider.ukprn,
    Provider.urn,
    Provider.town,
    Provider.postcode,
    Provider.accredited,
)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def search_accredited_providers(search: ProviderSearch, limit: int) -> ProviderMatches:
    """Accredited providers whose name, UKPRN, URN or postcode matches; exact matches first."""
    compact = search.text.replace(" ", "").upper()
    # LOWER(...) LIKE LOWER(...) is case-insensitive on SQLite and PostgreSQL alike; the
    # ESCAPE clause keeps a typed % or _ from acting as a wildcard.
    rows = await fetch(
        "SELECT id, name, ukprn, urn, town, postcode, accredited FROM provider"
        " WHERE accredited = {} AND ("
        " LOWER(name) LIKE LOWER({}) ESCAPE '\\'"
        " OR ukprn = {} OR urn = {}"
        " OR REPLACE(UPPER(postcode), ' ', '') LIKE {} ESCAPE '\\')",
        True,
        f"%{_escape_like(search.text)}%",
        search.ukprn or search.text,
        search.urn or search.text,
        f"{_escape_like(compact)}%",
    )
    wanted = search.text.casefold()

    def order(row: dict) -> tuple:
        name = row["name"].casefold()
        exact_code = search.text in (row["ukprn"], row["urn"])
        return (not exact_code, name != wanted, not name.startswith(wanted), name, row["id"])

    rows.sort(key=order)
    providers = _one_per_ukprn(
        provider for provider in map(_value, rows) if provider_can_be_chosen(provider.accredited)
    )
    return ProviderMatches(tuple(providers[:limit]), total=len(providers))


def _one_per_ukprn(providers: Iterable[ProviderValue]) -> list[ProviderValue]:
    """The best match of each organisation: the register lists some twice under one UKPRN."""
    # Register trainee teachers holds a few providers under two codes ("University of
    # Buckingham" and its faculty of education); offering both would make the user guess.
    seen: set[str] = set()
    kept = []
    for provider in providers:
        if provider.ukprn and provider.ukprn in seen:
            continue
        if provider.ukprn:
            seen.add(provider.ukprn)
        kept.append(provider)
    return kept


async def accredited_providers(ids: Iterable[int]) -> dict[int, ProviderValue]:
    """The accredited providers among these ids, by id (anything else is left out)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = await Provider.select(*_COLUMNS).where(Provider.id.is_in(ids))
    return {
        provider.id: provider
        for provider in map(_value, rows)
        if provider_can_be_chosen(provider.accredited)
    }


async def accredited_provider(provider_id: int) -> ProviderValue | None:
    """The provider, if it exists and is accredited."""
    return (await accredited_providers([provider_id])).get(provider_id)


def _value(row: dict) -> ProviderValue:
    return ProviderValue(
        id=row["id"],
        name=row["name"],
        ukprn=row["ukprn"],
        urn=row["urn"],
        town=row["town"],
        postcode=row["postcode"],
        accredited=bool(row["accredited"]),
    )
