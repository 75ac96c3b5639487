"""Claiming again: who still has hours with a provider, and the reason named for who has not."""

from datetime import date

import pytest

from domain.academic_years import AcademicYear
from domain.claim_again import (
    ClaimOnList,
    ClaimSeen,
    History,
    Mentor,
    allowances_by_provider,
    fresh_draft,
    hours_left,
    is_earlier_claim,
    mentor_choices,
    no_longer_mentors,
    partition,
    provider_closed,
    used_and_left,
)
from domain.claim_status import ClaimStatus
from domain.hours import ClaimedHours, TrainingType

Y24, Y25 = AcademicYear(2024), AcademicYear(2025)
ADA, BOB, CY = 1, 2, 3
MENTORS = [(ADA, "Ada Lovelace"), (BOB, "Bob Brown"), (CY, "Cy Young")]
PROVIDER, OTHER = 10, 11
OURS, THEIRS = 100, 200
CLAIMS = {
    1: ClaimSeen("11111111", OURS, "Oak Primary"),
    2: ClaimSeen("22222222", THEIRS, "Elm Academy"),
    3: ClaimSeen("33333333", OURS, "Oak Primary"),
}


def line(claim, mentor, hours, year=Y25, status=ClaimStatus.SUBMITTED, provider=PROVIDER):
    return ClaimedHours(claim, mentor, provider, year, status, hours)


def run(lines, visible=(OURS,), editing=None):
    return partition(MENTORS, PROVIDER, "Best Teach", Y25, lines, CLAIMS, visible, editing)


def test_everyone_is_offered_before_any_claim():
    offered, not_offered = run([])
    assert [each.name for each in offered] == ["Ada Lovelace", "Bob Brown", "Cy Young"]
    assert [each.allowance.remaining for each in offered] == [16, 16, 16]
    assert not_offered == ()


def test_a_mentor_with_hours_left_is_offered_with_what_is_left():
    offered, _ = run([line(1, ADA, 10)])
    assert offered[0].allowance.remaining == 6


def test_our_own_claim_is_named_with_its_school():
    offered, not_offered = run([line(1, ADA, 10), line(3, ADA, 6)])
    assert [each.name for each in offered] == ["Bob Brown", "Cy Young"]
    assert [each.reason for each in not_offered] == [
        (
            "Ada Lovelace has no hours left with Best Teach in the academic year 2025 to 2026: all "
            "16 hours of initial training have been claimed (10 hours on claim 11111111 "
            "(Oak Primary); 6 hours on claim 33333333 (Oak Primary))."
        )
    ]


def test_a_year_without_the_initial_refresher_split_names_no_training_type():
    lines = [line(1, ADA, 20, year=Y24)]
    _, not_offered = partition(MENTORS, PROVIDER, "Best Teach", Y24, lines, CLAIMS, (OURS,))
    assert [each.reason for each in not_offered] == [
        (
            "Ada Lovelace has no hours left with Best Teach in the academic year 2024 to 2025: all "
            "20 hours of training have been claimed (20 hours on claim 11111111 (Oak Primary))."
        )
    ]


@pytest.mark.parametrize(
    ("visible", "named"),
    [
        ((OURS,), "16 hours by another school"),
        ((OURS, THEIRS), "16 hours on claim 22222222 (Elm Academy)"),
    ],
)
def test_another_schools_claim_is_named_only_to_a_user_who_can_see_it(visible, named):
    _, not_offered = run([line(2, BOB, 16)], visible=visible)
    assert named in not_offered[0].reason
    assert ("22222222" in not_offered[0].reason) is (THEIRS in visible)


def test_a_claim_rejected_by_the_payer_gives_the_hours_back():
    offered, not_offered = run([line(2, BOB, 16, status=ClaimStatus.PAYMENT_NOT_APPROVED)])
    assert not_offered == ()
    assert [each.allowance.remaining for each in offered] == [16, 16, 16]


def test_the_claim_being_edited_does_not_use_up_its_own_hours():
    offered, not_offered = run([line(1, ADA, 16)], editing=1)
    assert not_offered == ()
    assert offered[0].allowance.remaining == 16


def test_the_claim_being_edited_is_not_named_among_the_hours_used():
    # Ada is on the draft being edited, but another claim of ours used her hours meanwhile.
    _, not_offered = run([line(1, ADA, 4), line(3, ADA, 16)], editing=1)
    assert "16 hours on claim 33333333 (Oak Primary))." in not_offered[0].reason
    assert "11111111" not in not_offered[0].reason


@pytest.mark.parametrize(
    ("lines", "visible", "offered", "reasons"),
    [
        # Nobody has claimed: everyone offered, with their TRN, in the order given.
        ([], (OURS,), ["0000001", "0000002"], []),
        # Our own claim used Ada's hours: named with its reference and school.
        (
            [line(1, ADA, 16)],
            (OURS,),
            ["0000002"],
            ["Ada Lovelace has no hours left", "(16 hours on claim 11111111 (Oak Primary))."],
        ),
        # A school the user cannot see used Bob's hours: neither the claim nor the school named.
        (
            [line(2, BOB, 16)],
            (OURS,),
            ["0000001"],
            ["Bob Brown has no hours left", "(16 hours by another school)."],
        ),
        # A user of both schools (a trust) is told which school's claim it was.
        (
            [line(2, BOB, 16)],
            (OURS, THEIRS),
            ["0000001"],
            ["Bob Brown has no hours left", "(16 hours on claim 22222222 (Elm Academy))."],
        ),
    ],
)
def test_mentor_choices_offer_with_the_trn_and_explain_the_rest(lines, visible, offered, reasons):
    history = History(
        mentors=(Mentor(ADA, "Ada", "Lovelace", "0000001"), Mentor(BOB, "Bob", "Brown", "0000002")),
        lines=tuple(lines),
        claims=CLAIMS,
        visible_school_ids=frozenset(visible),
    )
    options, not_offered = mentor_choices(history, PROVIDER, "Best Teach", Y25)
    assert [each.trn for each in options] == offered
    assert all(each.allowance.can_claim for each in options)
    assert [all(part in each.reason for part in reasons) for each in not_offered] == (
        [True] if reasons else []
    )
    assert any("22222222" in each.reason for each in not_offered) is (THEIRS in visible)


def test_claiming_again_next_year_is_refresher_training():
    # Last year's claim makes Ada a refresher mentor this year, with 6 hours, 4 already used.
    lines = [line(1, ADA, 20, year=Y24, status=ClaimStatus.PAID), line(3, ADA, 4)]
    offered, _ = run(lines)
    ada = offered[0].allowance
    assert (ada.training_type, ada.allowance, ada.remaining) == (TrainingType.REFRESHER, 6, 2)


def test_other_providers_hours_do_not_count():
    offered, not_offered = run([line(1, ADA, 16, provider=OTHER)])
    assert not_offered == ()
    assert offered[0].allowance.remaining == 16


def test_hours_used_and_left_with_each_provider_this_year():
    lines = [
        line(1, ADA, 10),
        line(2, ADA, 16, provider=OTHER),
        line(3, ADA, 20, year=Y24),
        line(3, BOB, 5),
    ]
    names = {PROVIDER: "Best Teach", OTHER: "Alpha Training"}
    pairs = allowances_by_provider(ADA, Y25, lines, names)
    assert [(name, each.claimed, each.remaining) for name, each in pairs] == [
        ("Alpha Training", 16, 0),
        # Ada trained with Best Teach last year: refresher, 6 hours, more than used up.
        ("Best Teach", 10, 0),
    ]


@pytest.mark.parametrize(
    ("lines", "year", "said"),
    [
        ([line(1, ADA, 10)], Y25, "10 hours used, 6 hours left of 16 hours of initial training"),
        ([line(1, ADA, 1)], Y25, "1 hour used, 15 hours left of 16 hours of initial training"),
        # Over the allowance (an earlier rule, or a clawback pending): never below 0 left.
        (
            [line(3, ADA, 20, year=Y24, status=ClaimStatus.PAID), line(1, ADA, 8)],
            Y25,
            "8 hours used, 0 hours left of 6 hours of refresher training",
        ),
        ([line(1, ADA, 20, year=Y24)], Y24, "20 hours used, 0 hours left of 20 hours of training"),
    ],
)
def test_used_and_left_in_words(lines, year, said):
    [(name, allowance)] = allowances_by_provider(ADA, year, lines, {PROVIDER: "Best Teach"})
    assert (name, used_and_left(allowance)) == ("Best Teach", said)


def test_a_mentor_the_school_no_longer_holds_is_named_with_the_reason():
    mentors = [(ADA, "Ada Lovelace", True), (BOB, "Bob Brown", False)]
    [gone] = no_longer_mentors(mentors, "Oak Primary")
    assert (gone.mentor_id, gone.reason) == (
        BOB,
        "Bob Brown is no longer one of Oak Primary’s mentors: add them again to claim for them.",
    )


@pytest.mark.parametrize(
    ("drafts", "found"),
    [
        ({}, None),
        # Just started for the same mentors: continued, not started twice.
        ({7: {ADA: None, BOB: None}}, 7),
        ({6: {ADA: None}, 7: {BOB: None, ADA: None}}, 7),
        # Hours already answered: the user's own work, not a repeat of this start.
        ({7: {ADA: 4, BOB: None}}, None),
        # Other mentors: a draft of its own.
        ({7: {ADA: None}}, None),
        ({7: {ADA: None, BOB: None, CY: None}}, None),
    ],
)
def test_a_draft_just_started_for_the_same_mentors_is_continued(drafts, found):
    assert fresh_draft(drafts, [ADA, BOB]) == found


WINDOW_OPENS = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("year", "submitted_on", "earlier"),
    [
        # Last academic year's claim.
        (Y24, date(2025, 6, 2), True),
        # This year's, in its first window, now the second window is open.
        (Y25, date(2026, 6, 1), True),
        (Y25, date(2026, 8, 31), True),
        # This year's, in the window open now: the claims list offers its hours left instead.
        (Y25, WINDOW_OPENS, False),
        (Y25, date(2026, 9, 12), False),
        # A draft is continued, not claimed again.
        (Y24, None, False),
    ],
)
def test_a_claim_is_of_an_earlier_year_or_window(year, submitted_on, earlier):
    assert is_earlier_claim(year, submitted_on, Y25, WINDOW_OPENS) is earlier


def on_list(claim, status=ClaimStatus.SUBMITTED, year=Y25, provider=PROVIDER, **changes):
    values = {
        "mentors": ((ADA, "Ada Lovelace", True), (BOB, "Bob Brown", True)),
        "provider_open": True,
    } | changes
    return ClaimOnList(
        claim,
        f"{claim:08d}",
        status,
        year,
        provider,
        "Best Teach",
        values["provider_open"],
        values["mentors"],
    )


def offers(claims, lines):
    return [
        (each.reference, [(m.name, m.allowance.remaining) for m in each.mentors])
        for each in hours_left(claims, Y25, lines)
    ]


def test_a_submitted_claim_offers_its_mentors_hours_left():
    lines = [line(1, ADA, 10), line(1, BOB, 16)]
    assert offers([on_list(1)], lines) == [("00000001", [("Ada Lovelace", 6)])]


@pytest.mark.parametrize(
    ("claim", "lines"),
    [
        # Every mentor's hours used.
        (on_list(1), [line(1, ADA, 16), line(1, BOB, 16)]),
        # Last year's claim: the claim page offers to claim again instead.
        (on_list(1, year=Y24), [line(1, ADA, 4, year=Y24)]),
        # A draft is continued.
        (on_list(1, status=ClaimStatus.DRAFT), [line(1, ADA, 4, status=ClaimStatus.DRAFT)]),
        # A provider that is no longer accredited cannot be claimed for.
        (on_list(1, provider_open=False), [line(1, ADA, 4)]),
        # A mentor the school no longer holds is not offered.
        (on_list(1, mentors=((ADA, "Ada Lovelace", False),)), [line(1, ADA, 4)]),
    ],
)
def test_no_hours_left_are_offered(claim, lines):
    assert offers([claim], lines) == []


def test_a_draft_with_the_provider_this_year_takes_the_hours_left_instead():
    claims = [on_list(1), on_list(3, status=ClaimStatus.DRAFT, mentors=())]
    assert offers(claims, [line(1, ADA, 10)]) == []
    other = [on_list(1), on_list(3, status=ClaimStatus.DRAFT, provider=OTHER, mentors=())]
    assert offers(other, [line(1, ADA, 10), line(1, BOB, 16)]) == [
        ("00000001", [("Ada Lovelace", 6)])
    ]


def test_another_schools_hours_count_against_what_is_left():
    lines = [line(1, ADA, 10), line(2, ADA, 6), line(1, BOB, 2)]
    assert offers([on_list(1)], lines) == [("00000001", [("Bob Brown", 14)])]


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Quillfield SCITT", "Quillfield SCITT is no longer an accredited provider"),
        (None, "The provider of this claim is no longer an accredited provider"),
    ],
)
def test_a_provider_no_longer_accredited_is_named_and_the_way_on_given(name, first):
    said = provider_closed(name)
    assert said[0].startswith(first)
    assert said[1] == "To claim for these mentors with another provider, add a claim."
