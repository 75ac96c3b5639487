"""A school's mentors on the real database: shared by TRN, held once, removal blocked by claims."""

from __future__ import annotations

import asyncio
import itertools
import random
from datetime import UTC, datetime

import pytest

from db.queries.mentors import (
    add_school_mentor,
    claims_blocking_removal,
    remove_school_mentor,
    school_mentor,
    school_mentor_by_trn,
    school_mentors_page,
)
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
# Fake teachers' TRNs start at 2000000, so these never collide with seeded mentors.
_trns = (f"1{number:06d}" for number in random.Random().sample(range(10**6), 10**4))
_references = itertools.count(random.Random().randrange(10**7, 9 * 10**7, 10**5))


def new_trn() -> str:
    return next(_trns)


async def add_claim(school_id: int, mentor_id: int, status: ClaimStatus) -> str:
    from db.tables import AcademicYear, Claim, ClaimMentor

    year = await AcademicYear.objects().get(AcademicYear.start_year == 2025)
    reference = f"{next(_references):08d}"
    claim = Claim(
        reference=reference,
        school=school_id,
        academic_year=year.id,
        status=status.value,
        created_at=NOW,
        updated_at=NOW,
    )
    await claim.save()
    await ClaimMentor(claim=claim.id, mentor=mentor_id, hours=5).save()
    return reference


def run(coroutine):
    return asyncio.run(coroutine)


def listed(school: int, offset: int = 0, limit: int = 25):
    """A page of the school's mentors as the mentors list reads it."""
    return run(school_mentors_page(school, AcademicYear(2025), offset=offset, limit=limit))


def test_a_new_mentor_is_added_to_the_school(make):
    school = make.school()
    trn = new_trn()

    added = run(add_school_mentor(school, trn, "Ada", "Lovelace", NOW))

    assert added is not None and added.full_name == "Ada Lovelace"
    assert listed(school).total == 1
    assert listed(school).mentors == [added]
    assert run(school_mentor(school, added.id)) == added
    assert run(school_mentor_by_trn(school, trn)) == added


def test_the_same_mentor_is_held_once_by_a_school(make):
    school = make.school()
    trn = new_trn()
    run(add_school_mentor(school, trn, "Ada", "Lovelace", NOW))

    assert run(add_school_mentor(school, trn, "Ada", "Lovelace", NOW)) is None
    assert listed(school).total == 1


def test_two_schools_share_one_mentor_row(make):
    from db.tables import Mentor, SchoolMentor

    first, second = make.school(), make.school()
    trn = new_trn()
    in_first = run(add_school_mentor(first, trn, "Ada", "Lovelace", NOW))
    # The Teaching Record System may give a newer name by the time the second school adds her.
    in_second = run(add_school_mentor(second, trn, "Ada", "King", NOW))

    assert in_first.id == in_second.id
    assert Mentor.count().where(Mentor.trn == trn).run_sync() == 1
    assert SchoolMentor.count().where(SchoolMentor.mentor == in_first.id).run_sync() == 2
    assert run(school_mentor(first, in_first.id)).last_name == "King"


def test_another_schools_mentor_is_not_found(make):
    mine, theirs = make.school(), make.school()
    theirs_mentor = run(add_school_mentor(theirs, new_trn(), "Ada", "Lovelace", NOW))

    assert run(school_mentor(mine, theirs_mentor.id)) is None
    assert run(school_mentor_by_trn(mine, theirs_mentor.trn)) is None


def test_mentors_are_listed_by_name_a_page_at_a_time(make):
    school = make.school()
    for first_name in ["Zoe", "Amir", "Megan", "Callum", "Bethan"]:
        run(add_school_mentor(school, new_trn(), first_name, "Smith", NOW))

    first_page = listed(school, offset=0, limit=2)
    second_page = listed(school, offset=2, limit=2)
    last_page = listed(school, offset=4, limit=2)
    past_the_end = listed(school, offset=6, limit=2)

    names = [m.first_name for m in first_page.mentors + second_page.mentors + last_page.mentors]
    assert names == ["Amir", "Bethan", "Callum", "Megan", "Zoe"]
    assert len(last_page.mentors) == 1
    # Every page, and one past the last, says how many mentors the school holds.
    assert {page.total for page in (first_page, last_page, past_the_end)} == {5}
    assert past_the_end.mentors == []


def test_two_people_adding_the_same_mentor_at_once_add_them_once(make):
    school = make.school()
    trn = new_trn()

    async def both():
        return await asyncio.gather(
            *(add_school_mentor(school, trn, "Ada", "Lovelace", NOW) for _ in range(4))
        )

    results = run(both())

    assert sum(result is not None for result in results) == 1
    assert listed(school).total == 1


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED])
def test_a_draft_or_submitted_claim_blocks_removal(make, status):
    school = make.school()
    mentor = run(add_school_mentor(school, new_trn(), "Ada", "Lovelace", NOW))
    reference = run(add_claim(school, mentor.id, status))

    blocking = run(remove_school_mentor(school, mentor.id))

    assert [(claim.reference, claim.status) for claim in blocking] == [(reference, status)]
    assert run(school_mentor(school, mentor.id)) == mentor


@pytest.mark.parametrize(
    "status", [s for s in ClaimStatus if s not in (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED)]
)
def test_a_claim_further_on_does_not_block_removal(make, status):
    school = make.school()
    mentor = run(add_school_mentor(school, new_trn(), "Ada", "Lovelace", NOW))
    run(add_claim(school, mentor.id, status))

    assert run(remove_school_mentor(school, mentor.id)) == []
    assert run(school_mentor(school, mentor.id)) is None


def test_another_schools_draft_does_not_block_removal(make):
    mine, theirs = make.school(), make.school()
    trn = new_trn()
    mentor = run(add_school_mentor(mine, trn, "Ada", "Lovelace", NOW))
    run(add_school_mentor(theirs, trn, "Ada", "Lovelace", NOW))
    run(add_claim(theirs, mentor.id, ClaimStatus.DRAFT))

    assert run(claims_blocking_removal(mine, mentor.id)) == []
    assert run(remove_school_mentor(mine, mentor.id)) == []
    assert run(school_mentor(mine, mentor.id)) is None
    # Only this school lets go of the mentor: the other school, and its claim, keep them.
    assert run(school_mentor(theirs, mentor.id)) is not None


def test_blocking_claims_are_listed_by_reference(make):
    school = make.school()
    mentor = run(add_school_mentor(school, new_trn(), "Ada", "Lovelace", NOW))
    references = [run(add_claim(school, mentor.id, ClaimStatus.DRAFT)) for _ in range(3)]

    listed = run(claims_blocking_removal(school, mentor.id))

    assert [claim.reference for claim in listed] == sorted(references)
