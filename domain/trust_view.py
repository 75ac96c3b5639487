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


_ORDER = list(Progress)


def by_what_needs_action(schools: Iterable[SchoolSummary]) -> list[SchoolSummary]:
    """Schools in the order a business manager would work through them, then by name."""
    return sorted(schools, key=lambda school: (_ORDER.index(school.progress), school.name.lower()))


def filtered(schools: Iterable[SchoolSummary], wanted: Iterable[Progress]) -> list[SchoolSummary]:
    """Only the schools whose progress is one of those chosen; all of them if none is chosen."""
    wanted = set(wanted)
    return [school for school in schools if not wanted or school.progress in wanted]
