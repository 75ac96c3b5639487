from datetime import date

import pytest

from domain.academic_years import (
    AcademicYear,
    NotConfirmed,
    academic_year_containing,
    academic_year_named,
    confirmed,
)


def test_names_follow_the_service_wording():
    year = AcademicYear(2025)
    assert year.name == "2025 to 2026"
    assert str(year) == "2025 to 2026"
    assert year.long_name == "September 2025 to July 2026"


def test_runs_from_1_september_to_31_august():
    year = AcademicYear(2025)
    assert year.starts_on == date(2025, 9, 1)
    assert year.ends_on == date(2026, 8, 31)


def test_next_and_previous():
    assert AcademicYear(2025).next == AcademicYear(2026)
    assert AcademicYear(2025).previous == AcademicYear(2024)


def test_years_sort_by_start_year():
    assert sorted([AcademicYear(2025), AcademicYear(2023), AcademicYear(2024)]) == [
        AcademicYear(2023),
        AcademicYear(2024),
        AcademicYear(2025),
    ]
    assert AcademicYear(2024) < AcademicYear(2025)


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (date(2025, 8, 31), 2024),
        (date(2025, 9, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2026, 1, 1), 2025),
        (date(2024, 2, 29), 2023),
        (date(2026, 8, 31), 2025),
        (date(2026, 9, 1), 2026),
    ],
)
def test_year_containing_a_day(day, start_year):
    assert academic_year_containing(day) == AcademicYear(start_year)
    assert AcademicYear(start_year).contains(day)
    assert not AcademicYear(start_year).next.contains(day)
    assert not AcademicYear(start_year).previous.contains(day)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025 to 2026", AcademicYear(2025)),
        (" 2023 to 2024 ", AcademicYear(2023)),
        ("2025 to 2027", None),
        ("2025-2026", None),
        ("", None),
        ("twenty to 2026", None),
    ],
)
def test_year_named(name, expected):
    assert academic_year_named(name) == expected


def test_a_rule_is_never_carried_forward_to_a_later_year():
    table = {AcademicYear(2023): "a", AcademicYear(2025): "b"}
    assert confirmed(table, AcademicYear(2023)) == "a"
    assert confirmed(table, AcademicYear(2025)) == "b"
    for year in (AcademicYear(2024), AcademicYear(2026), AcademicYear(2040)):
        with pytest.raises(NotConfirmed, match=year.name):
            confirmed(table, year)


def test_no_rule_before_the_first_year():
    with pytest.raises(LookupError, match="2022 to 2023"):
        confirmed({AcademicYear(2023): "a"}, AcademicYear(2022))
