"""A claim in progress is read with the signed-in user and the school in one statement, and that
statement gives what reads of their own give, for members, strangers and support users."""

from __future__ import annotations

from datetime import UTC, datetime

from db.queries.access import viewer_with_school
from db.queries.claim_drafts import claim_for_school, viewer_and_claim
from db.queries.journey_state import JourneyAnswers, journey_answers, save_journey_answers
from db.tables import Claim
from domain.claim_status import ClaimStatus
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_school, new_user, provider_id
from tests.fixtures.support import make_support_user


async def _separately(user_id: int, school_id: int, claim_id: int):
    """What reads of their own give: the viewer with the school, then the claim if it is
    theirs, then the user's answers for it."""
    viewer = await viewer_with_school(user_id, school_id)
    if viewer is None:
        return None
    claim = await claim_for_school(claim_id, school_id) if viewer.school else None
    if claim is None:
        return viewer, None
    return viewer, (claim, await journey_answers(user_id, school_id, claim))


async def _a_school_with_a_draft() -> tuple[int, int, int, int]:
    """A school, its member, a draft of two mentors with the member's answers, another school's
    draft."""
    school_id = await new_school(name="Viewer And Claim Primary")
    user_id, _ = await new_user(school_id)
    zoe = await new_mentor(school_id, first_name="Zoe", last_name="Adams")
    amir = await new_mentor(school_id, first_name="Amir", last_name="Baker")
    provider = await provider_id(0)
    draft = await new_claim(
        school_id, [(amir, 6), (zoe, None)], provider=provider, status=ClaimStatus.DRAFT
    )
    reference = (await Claim.select(Claim.reference).where(Claim.id == draft).first())["reference"]
    answers = JourneyAnswers(reached_check_answers=True)
    await save_journey_answers(
        user_id, school_id, _Keyed(draft, reference), answers, now=datetime.now(UTC)
    )
    other_school = await new_school(name="Another Primary")
    other_mentor = await new_mentor(other_school)
    others = await new_claim(
        other_school, [(other_mentor, 3)], provider=provider, status=ClaimStatus.DRAFT
    )
    return school_id, user_id, draft, others


class _Keyed:
    """A claim as `save_journey_answers` keys it."""

    def __init__(self, claim_id: int, reference: str) -> None:
        self.id, self.reference = claim_id, reference


def test_a_member_gets_the_school_and_the_claim_with_their_answers(database):
    school_id, user_id, draft, _ = run(_a_school_with_a_draft())

    together = run(viewer_and_claim(user_id, school_id, draft))

    assert together == run(_separately(user_id, school_id, draft))
    viewer, (claim, answers) = together
    assert viewer.school.id == school_id and claim.id == draft
    # In name order, as the claim's own read gives them; the answers are this user's.
    assert [each.first_name for each in claim.mentors] == ["Zoe", "Amir"]
    assert answers.reached_check_answers


def test_another_schools_claim_or_none_is_not_read(database):
    school_id, user_id, _, others = run(_a_school_with_a_draft())

    for claim_id in (others, 999_999_999):
        together = run(viewer_and_claim(user_id, school_id, claim_id))
        assert together == run(_separately(user_id, school_id, claim_id))
        assert together[0].school is not None and together[1] is None


def test_a_stranger_gets_no_school_and_no_claim(database):
    school_id, _, draft, _ = run(_a_school_with_a_draft())
    stranger, _ = run(new_user())

    together = run(viewer_and_claim(stranger, school_id, draft))

    assert together == run(_separately(stranger, school_id, draft))
    assert together[0].school is None and together[1] is None


def test_a_support_user_reads_any_schools_claim(database):
    school_id, _, draft, _ = run(_a_school_with_a_draft())
    _, support_id = run(make_support_user("Sam", "Support"))

    together = run(viewer_and_claim(support_id, school_id, draft))

    assert together == run(_separately(support_id, school_id, draft))
    assert together[0].as_support and together[1][0].id == draft


def test_a_user_who_no_longer_exists_gets_nothing(database):
    school_id, _, draft, _ = run(_a_school_with_a_draft())

    assert run(viewer_and_claim(999_999_999, school_id, draft)) is None
