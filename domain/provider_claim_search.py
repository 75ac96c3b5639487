"""A provider's claim search: the school and academic year a provider user chose, from a GET form."""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from domain.academic_years import AcademicYear
from domain.validation.whole_number import whole_number

# The form's parameters in page order; each is one select, so a tag removes just its own.
FILTER_PARAMETERS = ("school", "academic_year")


class ProviderClaimChoices(msgspec.Struct, frozen=True):
    """What the provider's filters offer: the schools and years of its claims."""

    school_ids: frozenset[int]
    academic_years: tuple[AcademicYear, ...]


class ProviderClaimSearch(msgspec.Struct, frozen=True):
    """The filters in force; None is no filter."""

    school_id: int | None = None
    academic_year: AcademicYear | None = None


def parse_provider_claim_search(
    query: Mapping[str, str], choices: ProviderClaimChoices
) -> ProviderClaimSearch:
    """The filters from the query; a value the page did not offer filters nothing."""
    school_id = whole_number(query.get("school", "").strip())
    year_number = whole_number(query.get("academic_year", "").strip())
    return ProviderClaimSearch(
        school_id=school_id if school_id in choices.school_ids else None,
        academic_year=next(
            (year for year in choices.academic_years if year.start_year == year_number), None
        ),
    )


def provider_search_parameters(
    search: ProviderClaimSearch, without: str | None = None
) -> list[tuple[str, str]]:
    """The filters in force as query parameters, in page order, less one of them."""
    values = {
        "school": str(search.school_id) if search.school_id is not None else "",
        "academic_year": str(search.academic_year.start_year) if search.academic_year else "",
    }
    return [(name, values[name]) for name in FILTER_PARAMETERS if name != without and values[name]]
