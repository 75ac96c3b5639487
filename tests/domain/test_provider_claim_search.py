"""The provider's claim filters: a value the page did not offer filters nothing, and never raises."""

from __future__ import annotations

import pytest

from domain.academic_years import AcademicYear
from domain.provider_claim_search import ProviderClaimChoices, parse_provider_claim_search

CHOICES = ProviderClaimChoices(school_ids=frozenset({7}), academic_years=(AcademicYear(2025),))


def test_offered_values_filter():
    search = parse_provider_claim_search({"school": " 7 ", "academic_year": "2025"}, CHOICES)
    assert (search.school_id, search.academic_year) == (7, AcademicYear(2025))


# "¹" and "٣" are digits to isdigit(); int() refuses the first and reads the second.
@pytest.mark.parametrize("value", ["", "x", "-7", "7.0", "¹", "٧", "7" * 12, "8"])
def test_anything_else_filters_nothing(value):
    search = parse_provider_claim_search({"school": value, "academic_year": value}, CHOICES)
    assert (search.school_id, search.academic_year) == (None, None)
