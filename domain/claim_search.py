"""The support console's claim search: the filters a support user chose, read from a GET form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

import msgspec

from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.hours import TrainingType
from domain.validation.date_input import parse_date_input
from domain.validation.field_error import FieldError
from domain.validation.whole_number import whole_number
from domain.windows import LONDON, ClaimWindow

CLAIMS_PER_PAGE = 25
UNASSIGNED = "unassigned"
# Longest text kept from a search box: references are 8 characters, names a few dozen.
_LONGEST_TEXT = 100

DATE_FIELDS = ("submitted_from", "submitted_to")
# Every query parameter of the search form, in page order; a filter's tag removes its group.
FILTER_GROUPS: dict[str, tuple[str, ...]] = {
    "reference": ("reference",),
    "academic_year": ("academic_year",),
    "window": ("window",),
    "training_type": ("training_type",),
    "status": ("status",),
    "school": ("school",),
    "provider": ("provider",),
    "mentor": ("mentor",),
    **{name: (f"{name}-day", f"{name}-month", f"{name}-year") for name in DATE_FIELDS},
    "assigned": ("assigned",),
}
FILTER_PARAMETERS = tuple(name for group in FILTER_GROUPS.values() for name in group)
END_BEFORE_START = "The end date must be the same as or after the start date"


class SearchChoices(msgspec.Struct, frozen=True):
    """What the select filters offer: anything else in the address is not a filter."""

    academic_years: tuple[AcademicYear, ...]
    windows: Mapping[int, ClaimWindow]
    provider_ids: frozenset[int]
    support_user_ids: frozenset[int]


class ClaimSearch(msgspec.Struct, frozen=True):
    """The filters in force; None or "" is no filter."""

    reference: str = ""
    academic_year: AcademicYear | None = None
    window_id: int | None = None
    window: ClaimWindow | None = None
    training_type: TrainingType | None = None
    status: ClaimStatus | None = None
    school: str = ""
    provider_id: int | None = None
    mentor: str = ""
    submitted_from: date | None = None
    submitted_to: date | None = None
    # A support user's id, or UNASSIGNED for claims nobody looks after.
    assigned: int | str | None = None

    def submitted_after(self) -> datetime | None:
        """The first instant a claim may have been submitted: the later of window and start date."""
        starts = [
            datetime.combine(day, time(0, 0), tzinfo=LONDON)
            for day in (self.window and self.window.starts_on, self.submitted_from)
            if day is not None
        ]
        return max(starts) if starts else None

    def submitted_before(self) -> datetime | None:
        """The first instant after the search: midnight UK time after the earlier end date."""
        ends = [
            datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=LONDON)
            for day in (self.window and self.window.ends_on, self.submitted_to)
            if day is not None
        ]
        return min(ends) if ends else None


def _text(query: Mapping[str, str], name: str) -> str:
    return " ".join(query.get(name, "").split())[:_LONGEST_TEXT]


def _enum(kind, text: str):
    try:
        return kind(text)
    except ValueError:
        return None


def _date(query: Mapping[str, str], name: str, words: str) -> date | FieldError | None:
    parts = [query.get(f"{name}-{part}", "") for part in ("day", "month", "year")]
    if not any(part.strip() for part in parts):
        return None
    parsed = parse_date_input(*parts, words)
    if isinstance(parsed, FieldError):
        # The summary links to the first box in error (GOV.UK date input pattern).
        return FieldError(
            f"{name}-{parsed.field}", parsed.message, tuple(f"{name}-{p}" for p in parsed.parts)
        )
    return parsed


def parse_claim_search(
    query: Mapping[str, str], choices: SearchChoices
) -> tuple[ClaimSearch, list[FieldError]]:
    """The filters from the search form's query, and errors for dates that are not real.

    A date in error filters nothing, so the rest of the search still shows its claims.
    """
    year_number = whole_number(query.get("academic_year", ""))
    year = next((y for y in choices.academic_years if y.start_year == year_number), None)
    window_id = whole_number(query.get("window", ""))
    window = choices.windows.get(window_id) if window_id is not None else None
    provider_id = whole_number(query.get("provider", ""))
    assigned_text = query.get("assigned", "")
    assigned: int | str | None = None
    if assigned_text == UNASSIGNED:
        assigned = UNASSIGNED
    elif (user_id := whole_number(assigned_text)) in choices.support_user_ids:
        assigned = user_id
    status = _enum(ClaimStatus, query.get("status", ""))
    errors: list[FieldError] = []
    dates: dict[str, date | None] = {}
    for name, words in zip(DATE_FIELDS, ("the start date", "the end date"), strict=True):
        parsed = _date(query, name, words)
        if isinstance(parsed, FieldError):
            errors.append(parsed)
            parsed = None
        dates[name] = parsed
    start, end = dates["submitted_from"], dates["submitted_to"]
    if start and end and end < start:
        errors.append(
            FieldError("submitted_to-day", END_BEFORE_START, tuple(FILTER_GROUPS["submitted_to"]))
        )
        start = end = None
    search = ClaimSearch(
        reference=_text(query, "reference").upper(),
        academic_year=year,
        window_id=window_id if window else None,
        window=window,
        training_type=_enum(TrainingType, query.get("training_type", "")),
        # Drafts are the school's own: the console never lists them.
        status=status if status is not ClaimStatus.DRAFT else None,
        school=_text(query, "school"),
        provider_id=provider_id if provider_id in choices.provider_ids else None,
        mentor=_text(query, "mentor"),
        submitted_from=start,
        submitted_to=end,
        assigned=assigned,
    )
    return search, errors


def search_parameters(
    query: Mapping[str, str], without: str | None = None
) -> list[tuple[str, str]]:
    """The search form's non-blank parameters, in page order, less one filter's group."""
    dropped = FILTER_GROUPS.get(without, ()) if without else ()
    return [
        (name, query[name].strip())
        for name in FILTER_PARAMETERS
        if name not in dropped and query.get(name, "").strip()
    ]
