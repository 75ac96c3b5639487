"""A trust's schools in one list: what each needs doing this window, most pressing first."""

import enum
from collections.abc import Iterable

import msgspec

from domain.hours import Id


class Progress(enum.Enum):
    """Where a school stands with its claims in the open window, in the order to act on them."""

    DRAFT = "Draft in progress"
    NOT_STARTED = "Not started"
    HOURS_LEFT = "Hours left to claim"
    NOT_ELIGIBLE = "Not eligible"
    DONE = "Claimed"

    @property
    def needs_action(self) -> bool:
        """Whether the school has something to do before the deadline."""
        return self in (Progress.DRAFT, Progress.NOT_STARTED, Progress.HOURS_LEFT)

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag colour modifier class for the progress."""
        return {
            Progress.DRAFT: "govuk-tag--yellow",
            Progress.NOT_STARTED: "govuk-tag--red",
            Progress.HOURS_LEFT: "govuk-tag--blue",
            Progress.NOT_ELIGIBLE: "govuk-tag--grey",
            Progress.DONE: "govuk-tag--green",
        }[self]


class Action(enum.Enum):
    """The one page a school's row in the trust view leads to, with the words of its link."""

    CONTINUE_DRAFT = "Continue claim"
    VIEW_DRAFTS = "View draft claims"
    START_CLAIM = "Add claim"
    ADD_MENTOR = "Add mentor"
    VIEW_CLAIMS = "View claims"


class SchoolSummary(msgspec.Struct, frozen=True):
    """One school's claims in the open window's academic year, as counted from storage."""

    school_id: Id
    name: str
    eligible: bool
    drafts: int
    submitted: int
    amount_pence: int
    mentors_with_hours_left: int
    mentors: int
    urn: str = ""
    # One of the school's drafts (the first started), to continue straight from the list.
    draft_id: Id | None = None
    # Whether a member has accepted the school's grant conditions: its pages need them first.
    conditions_accepted: bool = True

    @property
    def progress(self) -> Progress:
        """What the school most needs: finishing a draft, starting, using hours left, or nothing."""
        if not self.eligible:
            return Progress.NOT_ELIGIBLE
        if self.drafts:
            return Progress.DRAFT
        if not self.submitted:
            return Progress.NOT_STARTED
        if self.mentors_with_hours_left:
            return Progress.HOURS_LEFT
        return Progress.DONE

    @property
    def next_action(self) -> Action:
        """Where one click takes the user: straight into the work the progress calls for."""
        progress = self.progress
        if progress is Progress.DRAFT:
            # Several drafts: the claims list, which lists them, rather than guessing which one.
            single = self.drafts == 1 and self.draft_id is not None
            return Action.CONTINUE_DRAFT if single else Action.VIEW_DRAFTS
        if progress is Progress.NOT_STARTED and not self.mentors:
            # journeys.md: a claim needs a mentor first.
            return Action.ADD_MENTOR
        if progress in (Progress.NOT_STARTED, Progress.HOURS_LEFT):
            return Action.START_CLAIM
        return Action.VIEW_CLAIMS


_ORDER = list(Progress)


def by_what_needs_action(schools: Iterable[SchoolSummary]) -> list[SchoolSummary]:
    """Schools in the order a business manager would work through them, then by name."""
    return sorted(schools, key=lambda school: (_ORDER.index(school.progress), school.name.lower()))


def filtered(schools: Iterable[SchoolSummary], wanted: Iterable[Progress]) -> list[SchoolSummary]:
    """Only the schools whose progress is one of those chosen; all of them if none is chosen."""
    wanted = set(wanted)
    return [school for school in schools if not wanted or school.progress in wanted]


def only_draft(schools: Iterable[SchoolSummary]) -> SchoolSummary | None:
    """The school with the user's one draft in progress, if there is exactly one in all."""
    with_drafts = [school for school in schools if school.drafts]
    if len(with_drafts) == 1 and with_drafts[0].drafts == 1 and with_drafts[0].draft_id:
        return with_drafts[0]
    return None


def named(schools: Iterable[SchoolSummary], text: str) -> list[SchoolSummary]:
    """Schools whose name contains the text, ignoring case and extra spaces."""
    wanted = " ".join(text.split()).casefold()
    return [school for school in schools if wanted in " ".join(school.name.split()).casefold()]


def progress_counts(schools: Iterable[SchoolSummary]) -> dict[Progress, int]:
    """How many schools stand at each progress, in the order to act on them."""
    counts = dict.fromkeys(Progress, 0)
    for school in schools:
        counts[school.progress] += 1
    return counts
