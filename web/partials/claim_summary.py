"""'Your claim so far' beside each question, returned alone as the answers change (HTMX)."""

from __future__ import annotations

import msgspec
from litestar.response import Template

from domain.academic_years import AcademicYear
from domain.funding import amount_pence
from domain.hours import format_hours
from web.page import html

# Only the rows an answer changes: each replaces its own row in the page's live region.
CHANGES = "partials/claim_summary_changes.html"


class SummaryLine(msgspec.Struct, frozen=True):
    """A mentor on the claim and their hours, if answered."""

    name: str
    hours: int | None = None

    @property
    def hours_text(self) -> str:
        """Like "16 hours", or "Not answered yet"."""
        return format_hours(self.hours) if self.hours is not None else "Not answered yet"


class ClaimSoFar(msgspec.Struct, frozen=True):
    """The claim as answered so far, and what it is worth at the school's hourly rate."""

    school_name: str
    academic_year: AcademicYear
    hourly_rate_pence: int
    provider_name: str | None = None
    lines: tuple[SummaryLine, ...] = ()

    @property
    def total_hours(self) -> int:
        """The hours answered so far, for every mentor."""
        return sum(line.hours or 0 for line in self.lines)

    @property
    def total_hours_text(self) -> str:
        """Like "18 hours"."""
        return format_hours(self.total_hours)

    @property
    def amount_pence(self) -> int:
        """The grant for the hours answered so far."""
        return amount_pence(self.hourly_rate_pence, self.total_hours)


def fragment(summary: ClaimSoFar) -> Template:
    """Just the rows that answers change, to swap into the page's live region by their ids."""
    return html(CHANGES, context={"summary": summary}, headers={"Vary": "HX-Request"})
