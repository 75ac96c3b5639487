"""The organisations page of a trust user: each school, what it needs doing, and one link to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

import msgspec

from domain import schools as listed
from domain.funding import format_money
from domain.trust_view import (
    Action,
    Progress,
    SchoolSummary,
    by_what_needs_action,
    filtered,
    named,
    only_draft,
    progress_counts,
)
from web.support_console import pagination

# journeys.md: a filter box helps once a trust user has more than about ten schools.
FILTER_FROM_SCHOOLS = 10
# The same page size as the claims list (journeys.md).
SCHOOLS_PER_PAGE = 25
PATH = "/schools"


def progress_slug(progress: Progress) -> str:
    """A progress as its query value, like "not-started"."""
    return progress.name.lower().replace("_", "-")


_BY_SLUG = {progress_slug(progress): progress for progress in Progress}


def wanted_progress(values: Iterable[str]) -> list[Progress]:
    """The progresses ticked, in the page's order; anything else typed into the address is
    ignored rather than refused."""
    chosen = {_BY_SLUG[value] for value in values if value in _BY_SLUG}
    return [progress for progress in Progress if progress in chosen]


class TrustView(msgspec.Struct, frozen=True):
    """One request's view of the page: its filters and page, and how to address routes."""

    reverse: Callable[..., str]
    query: str
    wanted: list[Progress]
    page_number: int

    def _parameters(self) -> list[tuple[str, str]]:
        kept = [("q", self.query)] if self.query else []
        return kept + [("progress", progress_slug(progress)) for progress in self.wanted]

    def _href(self, number: int) -> str:
        return f"{PATH}?{urlencode([*self._parameters(), ('page', str(number))])}"

    def _page(self, shown: Sequence[Any]) -> tuple[list[Any], dict[str, Any]]:
        where = pagination(self.page_number, len(shown), SCHOOLS_PER_PAGE)
        first = (where.page - 1) * SCHOOLS_PER_PAGE
        rows = list(shown[first : first + SCHOOLS_PER_PAGE])
        return rows, {
            "pagination": where.items(self._href) if where.pages > 1 else None,
            "showing": {"first": first + 1, "last": first + len(rows), "total": len(shown)},
        }

    def _common(self, total: int) -> dict[str, Any]:
        return {
            "total": total,
            "query": self.query,
            "show_filter": total > FILTER_FROM_SCHOOLS,
            "filtering": bool(self.query or self.wanted),
        }

    def closed(self, schools: list[listed.SchoolSummary], messages: Sequence[str]) -> dict:
        """No window is open: say so, and list the schools by name to manage them."""
        shown = named(schools, self.query)
        rows, paging = self._page(shown)
        return {
            **self._common(len(schools)),
            **paging,
            "window_open": False,
            "closed_messages": messages,
            "schools": [
                {"name": each.name, "href": f"/schools/{each.id}", "hint": _hint(each)}
                for each in rows
            ],
        }

    def open(self, schools: list[SchoolSummary], deadline: str) -> dict:
        """A window is open: each school's progress, most pressing first, and its next step."""
        by_name = named(schools, self.query)
        shown = filtered(by_what_needs_action(by_name), self.wanted)
        rows, paging = self._page(shown)
        counts = progress_counts(by_name)
        draft = only_draft(schools)
        return {
            **self._common(len(schools)),
            **paging,
            "window_open": True,
            "deadline": deadline,
            "progress_items": [
                {
                    "value": progress_slug(progress),
                    "text": f"{progress.value} ({counts[progress]})",
                    "checked": progress in self.wanted,
                }
                for progress in Progress
            ],
            "continue_draft": (
                {"school": draft.name, "href": self._action_href(draft)} if draft else None
            ),
            "schools": [self._row(each) for each in rows],
        }

    def _row(self, school: SchoolSummary) -> dict[str, Any]:
        progress, action = school.progress, school.next_action
        return {
            "name": school.name,
            "href": f"/schools/{school.school_id}",
            "hint": f"URN {school.urn}" if school.urn else "",
            "progress": progress.value,
            "tag_class": progress.tag_class,
            "drafts": school.drafts,
            "submitted": school.submitted,
            "amount": format_money(school.amount_pence),
            "mentors_with_hours_left": (
                f"{school.mentors_with_hours_left} of {school.mentors}" if school.mentors else "0"
            ),
            "action": action.value,
            "action_href": self._action_href(school),
        }

    def _action_href(self, school: SchoolSummary) -> str:
        target = self._work_href(school)
        if school.conditions_accepted:
            return target
        # The first visit accepts the grant conditions, then carries on to the work itself.
        conditions = self.reverse("grant_conditions", school_id=school.school_id)
        return f"{conditions}?{urlencode({'next': target})}"

    def _work_href(self, school: SchoolSummary) -> str:
        school_id = school.school_id
        action = school.next_action
        if action is Action.CONTINUE_DRAFT:
            return self.reverse("claim_resume", school_id=school_id, claim_id=school.draft_id)
        if action is Action.START_CLAIM:
            return self.reverse("claim_start", school_id=school_id)
        if action is Action.ADD_MENTOR:
            return self.reverse("add_mentor", school_id=school_id)
        return self.reverse("claims", school_id=school_id)


def _hint(school: listed.SchoolSummary) -> str:
    return f"URN {school.urn}" + (f", {school.town}" if school.town else "")
