"""The claim search's parsing: what each filter accepts, date errors, and the query it keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from domain.academic_years import AcademicYear
from domain.claim_search import (
    END_BEFORE_START,
    FILTER_PARAMETERS,
    UNASSIGNED,
    ClaimSearch,
    SearchChoices,
    parse_claim_search,
    search_parameters,
)
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.windows import ClaimWindow

SUMMER = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025))
CHOICES = SearchChoices(
    academic_years=(AcademicYear(2024), AcademicYear(2025)),
    windows={7: SUMMER},
    provider_ids=frozenset({3}),
    support_user_ids=frozenset({11}),
)


def _parse(**query: str):
    return parse_claim_search(query, CHOICES)


def test_nothing_chosen_is_no_filter():
    assert _parse() == (ClaimSearch(), [])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"reference": "  ab 12 "}, ClaimSearch(reference="AB 12")),
        ({"academic_year": "2025"}, ClaimSearch(academic_year=AcademicYear(2025))),
        ({"academic_year": "2023"}, ClaimSearch()),
        ({"academic_year": "twenty"}, ClaimSearch()),
        ({"window": "7"}, ClaimSearch(window_id=7, window=SUMMER)),
        ({"window": "8"}, ClaimSearch()),
        ({"training_type": "refresher"}, ClaimSearch(training_type=TrainingType.REFRESHER)),
        ({"training_type": "other"}, ClaimSearch()),
        ({"status": "paid"}, ClaimSearch(status=ClaimStatus.PAID)),
        ({"status": "draft"}, ClaimSearch()),
        ({"school": "  St   Mary's "}, ClaimSearch(school="St Mary's")),
        ({"provider": "3"}, ClaimSearch(provider_id=3)),
        ({"provider": "4"}, ClaimSearch()),
        ({"provider": "-3"}, ClaimSearch()),
        ({"mentor": "1234567"}, ClaimSearch(mentor="1234567")),
        ({"assigned": "11"}, ClaimSearch(assigned=11)),
        ({"assigned": "12"}, ClaimSearch()),
        ({"assigned": UNASSIGNED}, ClaimSearch(assigned=UNASSIGNED)),
        ({"school": "x" * 500}, ClaimSearch(school="x" * 100)),
    ],
)
def test_each_filter_takes_only_what_the_page_offers(query, expected):
    assert _parse(**query) == (expected, [])


def test_dates_are_uk_days_and_a_window_narrows_them():
    search, errors = _parse(
        **{"submitted_from-day": "1", "submitted_from-month": "Jun", "submitted_from-year": "2026"},
        **{"submitted_to-day": "31", "submitted_to-month": "12", "submitted_to-year": "2026"},
        window="7",
    )
    assert errors == []
    assert (search.submitted_from, search.submitted_to) == (date(2026, 6, 1), date(2026, 12, 31))
    # British Summer Time: midnight in the UK is 23:00 UTC the day before.
    assert search.submitted_after() == datetime(2026, 5, 31, 23, 0, tzinfo=UTC)
    assert search.submitted_before() == datetime(2026, 7, 17, 23, 0, tzinfo=UTC)
    assert ClaimSearch().submitted_after() is None and ClaimSearch().submitted_before() is None


@pytest.mark.parametrize(
    ("parts", "field", "message"),
    [
        (("31", "2", "2026"), "submitted_from-day", "The start date must be a real date"),
        (("1", "", "2026"), "submitted_from-month", "The start date must include a month"),
        (("1", "2", "26"), "submitted_from-year", "Year must include 4 numbers"),
        (("x", "y", "z"), "submitted_from-day", "The start date must be a real date"),
    ],
)
def test_a_date_that_is_not_real_is_an_error_and_filters_nothing(parts, field, message):
    query = dict(zip(("submitted_from-day", "submitted_from-month", "submitted_from-year"), parts))
    search, errors = _parse(**query, status="paid")
    assert [(e.field, e.message) for e in errors] == [(field, message)]
    assert search == ClaimSearch(status=ClaimStatus.PAID)


def test_an_end_before_the_start_is_an_error():
    search, errors = _parse(
        **{"submitted_from-day": "2", "submitted_from-month": "6", "submitted_from-year": "2026"},
        **{"submitted_to-day": "1", "submitted_to-month": "6", "submitted_to-year": "2026"},
    )
    assert [(e.field, e.message) for e in errors] == [("submitted_to-day", END_BEFORE_START)]
    assert search.submitted_from is None and search.submitted_to is None


def test_the_kept_query_is_in_page_order_without_blanks_and_drops_a_whole_filter():
    query = {
        "status": "paid",
        "reference": "AB",
        "school": " ",
        "submitted_to-day": "1",
        "submitted_to-month": "6",
        "submitted_to-year": "2026",
        "page": "3",
    }
    assert search_parameters(query) == [
        ("reference", "AB"),
        ("status", "paid"),
        ("submitted_to-day", "1"),
        ("submitted_to-month", "6"),
        ("submitted_to-year", "2026"),
    ]
    assert search_parameters(query, without="submitted_to") == [
        ("reference", "AB"),
        ("status", "paid"),
    ]


@given(st.dictionaries(st.sampled_from(FILTER_PARAMETERS), st.text(max_size=30)))
# A digit that is no decimal digit: isdigit() says yes, int() raises (found by this test).
@example({"academic_year": "¹", "window": "²", "provider": "³", "assigned": "⁴"})
def test_any_query_parses_without_raising(query):
    search, errors = parse_claim_search(query, CHOICES)
    assert isinstance(search, ClaimSearch)
    assert all(error.field.startswith("submitted_") for error in errors)
