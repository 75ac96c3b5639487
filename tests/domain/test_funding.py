from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.academic_years import AcademicYear, NotConfirmed
from domain.funding import (
    Region,
    amount_pence,
    format_money,
    funding_areas_from_csv,
    funding_confirmed,
    hourly_rate_or_none,
    hourly_rate_pence,
    region_for_district,
)

FUNDING_AREAS_CSV = Path(__file__).parents[2] / "db" / "seed_data" / "funding-areas.csv"


@pytest.mark.parametrize(
    ("region", "pence"),
    [
        (Region.INNER_LONDON, 5360),
        (Region.OUTER_LONDON, 4825),
        (Region.FRINGE, 4510),
        (Region.REST_OF_ENGLAND, 4380),
    ],
)
@pytest.mark.parametrize("start_year", [2023, 2024, 2025])
def test_hourly_rates(region, pence, start_year):
    assert hourly_rate_pence(region, AcademicYear(start_year)) == pence
    assert hourly_rate_or_none(region, AcademicYear(start_year)) == pence


@pytest.mark.parametrize("start_year", [2022, 2026, 2030])
@pytest.mark.parametrize("region", list(Region))
def test_no_rates_for_a_year_without_confirmed_rules(region, start_year):
    with pytest.raises(NotConfirmed):
        hourly_rate_pence(region, AcademicYear(start_year))
    assert hourly_rate_or_none(region, AcademicYear(start_year)) is None


@pytest.mark.parametrize(
    ("start_year", "is_confirmed"),
    [(2022, False), (2023, True), (2024, True), (2025, True), (2026, False), (2027, False)],
)
def test_funding_is_confirmed_only_with_both_limits_and_rates(start_year, is_confirmed):
    assert funding_confirmed(AcademicYear(start_year)) is is_confirmed


@pytest.mark.parametrize(
    ("hours", "region", "year", "expected"),
    [
        # rules.md examples
        (16, Region.REST_OF_ENGLAND, AcademicYear(2025), "£700.80"),
        (16, Region.INNER_LONDON, AcademicYear(2025), "£857.60"),
        (20, Region.REST_OF_ENGLAND, AcademicYear(2024), "£876.00"),
        (1, Region.OUTER_LONDON, AcademicYear(2025), "£48.25"),
        (6, Region.FRINGE, AcademicYear(2025), "£270.60"),
    ],
)
def test_amounts_from_the_rules(hours, region, year, expected):
    assert format_money(amount_pence(hourly_rate_pence(region, year), hours)) == expected


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (0, "£0.00"),
        (1, "£0.01"),
        (10, "£0.10"),
        (100, "£1.00"),
        (99_999, "£999.99"),
        (100_000, "£1,000.00"),
        (123_456, "£1,234.56"),
        (123_456_789, "£1,234,567.89"),
        (-4380, "-£43.80"),
    ],
)
def test_money_format(pence, text):
    assert format_money(pence) == text


def test_region_for_district():
    areas = {"E09000001": Region.INNER_LONDON, "E07000066": Region.FRINGE}
    assert region_for_district("E09000001", areas) is Region.INNER_LONDON
    assert region_for_district(" e07000066 ", areas) is Region.FRINGE
    assert region_for_district("E06000001", areas) is Region.REST_OF_ENGLAND
    assert region_for_district("", areas) is Region.REST_OF_ENGLAND
    assert region_for_district(None, areas) is Region.REST_OF_ENGLAND


def test_funding_areas_file_maps_every_row_to_a_region():
    text = FUNDING_AREAS_CSV.read_text(encoding="utf-8")
    areas = funding_areas_from_csv(text)
    assert len(areas) == len(text.strip().splitlines()) - 1
    assert region_for_district("E09000001", areas) is Region.INNER_LONDON  # City of London
    assert region_for_district("E06000001", areas) is Region.REST_OF_ENGLAND  # Hartlepool
    assert set(areas.values()) == set(Region)


@given(st.sampled_from(Region), st.integers(2023, 2025), st.lists(st.integers(1, 10_000)))
def test_amount_is_rate_times_total_hours(region, start_year, hours):
    rate = hourly_rate_pence(region, AcademicYear(start_year))
    total = sum(hours)
    assert amount_pence(rate, total) == rate * total
    assert amount_pence(rate, total) == sum(amount_pence(rate, part) for part in hours)


@given(st.integers(min_value=0, max_value=10**12))
def test_money_round_trips(pence):
    text = format_money(pence)
    assert text.startswith("£")
    pounds, _, rest = text[1:].partition(".")
    assert len(rest) == 2
    assert int(pounds.replace(",", "")) * 100 + int(rest) == pence
