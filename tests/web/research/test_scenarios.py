"""Scenario plans: the rows each scenario asks for, before any is written."""

import pytest

from domain.academic_years import AcademicYear
from domain.hours import TrainingType, allowance_hours
from web.research.scenarios import (
    FIRST_RESEARCH_TRN,
    MISSING_TRN_INDEX,
    SCENARIOS,
    TRN_BLOCK_SIZE,
    first_trn,
    plan,
    scenario,
    session_urn,
    teacher,
)

YEAR = AcademicYear(2025)


def test_every_situation_the_researchers_asked_for_has_a_scenario():
    assert {
        "first-claim",
        "trust",
        "no-mentors",
        "hours-used",
        "refresher",
        "window-closing",
        "window-closed",
        "trn-not-found",
    } <= {each.key for each in SCENARIOS}
    assert len({each.key for each in SCENARIOS}) == len(SCENARIOS)


def test_a_session_school_gets_its_own_urn_that_fits_the_column():
    assert session_urn("123457", 7) == "1234570007"
    assert len(session_urn("123457", 9999)) == 10


def test_research_trns_sit_below_the_fake_teachers_and_blocks_never_overlap():
    assert first_trn(0) == FIRST_RESEARCH_TRN
    assert first_trn(1) - first_trn(0) == TRN_BLOCK_SIZE
    assert first_trn(9999) + TRN_BLOCK_SIZE - 1 < 2_000_000
    with pytest.raises(ValueError):
        first_trn(10_000)


def test_a_teacher_is_the_same_for_a_trn_every_time():
    assert teacher(1_000_123) == teacher(1_000_123)
    assert teacher(1_000_123).trn == "1000123"


def test_a_single_school_scenario_plans_one_school_with_its_mentors():
    planned = plan(scenario("first-claim"), ["123457"], 3, YEAR)
    [school] = planned.schools
    assert school.urn == "1234570003"
    assert not school.accepted
    assert school.mentors == (0, 1, 2)
    assert [each.trn for each in planned.mentors] == ["1000300", "1000301", "1000302"]
    assert planned.claims == ()


def test_the_trust_scenario_shares_a_mentor_and_leaves_the_last_schools_unaccepted():
    urns = [str(100_000 + index) for index in range(44)]
    planned = plan(scenario("trust"), urns, 1, YEAR)
    assert len(planned.schools) == 44
    assert 0 in planned.schools[0].mentors and 0 in planned.schools[1].mentors
    assert [each.accepted for each in planned.schools[-4:]] == [True, False, False, False]
    assert len({each.trn for each in planned.mentors}) == 88
    assert {each.trust_code for each in planned.schools} == {"R0001"}


def test_hours_used_starts_with_a_claim_for_the_whole_initial_allowance_this_year():
    planned = plan(scenario("hours-used"), ["126300"], 0, YEAR)
    [claim] = planned.claims
    assert claim.year == YEAR
    assert claim.hours == allowance_hours(TrainingType.INITIAL, YEAR)
    assert claim.mentors == (0,)


def test_the_refresher_mentor_trained_with_the_provider_last_year():
    planned = plan(scenario("refresher"), ["107250"], 0, YEAR)
    [claim] = planned.claims
    assert claim.year == YEAR.previous
    assert claim.mentors == (0,)


def test_no_mentors_gives_teachers_to_add_instead():
    planned = plan(scenario("no-mentors"), ["100165"], 5, YEAR)
    assert planned.schools[0].mentors == ()
    assert planned.mentors == ()
    assert len(planned.spare_teachers) == 2


def test_the_trn_not_found_is_the_one_trn_of_the_block_no_teacher_has():
    planned = plan(scenario("trn-not-found"), ["118266"], 5, YEAR)
    missing = planned.missing_teacher
    assert missing.trn == str(first_trn(5) + MISSING_TRN_INDEX)
    assert missing.trn not in {each.trn for each in [*planned.mentors, *planned.spare_teachers]}


def test_a_scenario_that_needs_more_trns_than_a_block_is_refused():
    with pytest.raises(ValueError):
        plan(scenario("trust"), [str(100_000 + index) for index in range(60)], 0, YEAR)


def test_the_not_eligible_school_is_planned_without_eligibility():
    assert not plan(scenario("not-eligible"), ["108357"], 0, YEAR).schools[0].eligible
