"""The mentors question's parse: ticked mentors who can still be claimed for, in list order."""

import pytest

from domain.academic_years import AcademicYear
from domain.hours import MentorAllowance, MentorOption, TrainingType
from web.forms import by_field
from web.steps.mentors import Form, View, claimable, parse

YEAR = AcademicYear(2025)


def option(mentor_id: int, claimed: int = 0) -> MentorOption:
    return MentorOption(
        mentor_id=mentor_id,
        first_name="Ada",
        last_name=f"M{mentor_id}",
        trn=f"{mentor_id:07d}",
        allowance=MentorAllowance(TrainingType.INITIAL, YEAR, 16, claimed),
    )


# Listed in this order; mentor 9 has used the whole allowance.
OPTIONS = [option(5), option(3), option(9, claimed=16), option(7)]
NONE_TICKED = {"mentors": "Select the mentors that trained with the accredited provider"}
NOT_LISTED = {"mentors": "Select mentors from the list"}
LISTED = View(tuple(OPTIONS), (), (), "Leeds Trinity", YEAR, "/provider")


def outcome(result):
    """The answer, or the errors keyed by field id as the error summary links them."""
    return by_field(result) if isinstance(result, list) else result


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        (["3"], (3,)),
        (["7", "5"], (5, 7)),
        (["3", "5", "7"], (5, 3, 7)),
        (["3", "3"], (3,)),
        ([" 3 "], (3,)),
        ([], NONE_TICKED),
        ([""], NONE_TICKED),
        (["9"], NOT_LISTED),
        (["3", "9"], NOT_LISTED),
        (["junk"], NOT_LISTED),
        (["0"], NOT_LISTED),
        (["1234"], NOT_LISTED),
    ],
)
def test_parse(ticked, expected):
    assert outcome(parse(Form(mentors=ticked), LISTED)) == expected


def test_who_is_offered():
    assert [each.mentor_id for each in claimable(OPTIONS)] == [5, 3, 7]
