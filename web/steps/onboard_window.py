"""Onboard a school: the claim window (and so the academic year) it becomes eligible for."""

from __future__ import annotations

from typing import Any

import msgspec

from domain.academic_years import AcademicYear
from domain.schools import SchoolResult
from domain.validation.field_error import FieldError
from domain.validation.whole_number import whole_number
from domain.windows import ClaimWindow
from web.onboarding_state import OnboardingAnswers
from web.wizard import Ask

ID = "window"
TEMPLATE = "support/onboarding/window.html"
FIELD = "window_id"
NO_WINDOW = (
    "There is no current or upcoming claim window for a year whose funding is confirmed, "
    "so no school can be onboarded. Add a claim window first"
)


class Form(msgspec.Struct, frozen=True):
    """The window's radio."""

    window_id: str = ""


class View(msgspec.Struct, frozen=True):
    """The school, the windows it can be onboarded for (id, window) and its years already."""

    school: SchoolResult
    windows: list[tuple[int, ClaimWindow]]
    onboarded: set[AcademicYear]
    chosen: int | None


def applies(state: OnboardingAnswers) -> bool:
    """Every school is onboarded for a window's academic year."""
    return True


def is_answered(state: OnboardingAnswers, key: str) -> bool:
    """Whether a window was chosen."""
    return state.window_id is not None


async def load(ask: Ask) -> View:
    """The chosen school, the windows open or to come, and the years it is eligible for."""
    lookups: Any = ask.lookups
    school = await lookups.school(ask.state.school_id)
    return View(
        school,
        await lookups.windows(),
        await lookups.onboarded_years(ask.state.school_id),
        ask.state.window_id,
    )


def form_for(view: View) -> Form:
    """The window chosen so far."""
    return Form(str(view.chosen) if view.chosen is not None else "")


def already_onboarded(school: SchoolResult, year: AcademicYear) -> FieldError:
    """The error for a school eligible for the year already."""
    return FieldError(
        FIELD, f"{school.name} is already onboarded for the academic year {year.name}"
    )


def parse(form: Form, view: View) -> int | list[FieldError]:
    """The window's id, or why the school cannot be onboarded for it."""
    if not view.windows:
        return [FieldError(FIELD, NO_WINDOW)]
    chosen = whole_number(form.window_id)
    window = dict(view.windows).get(chosen) if chosen is not None else None
    if window is None:
        return [FieldError(FIELD, "Select the claim window")]
    if window.academic_year in view.onboarded:
        return [already_onboarded(view.school, window.academic_year)]
    return chosen


def apply(state: OnboardingAnswers, window_id: int, key: str) -> OnboardingAnswers:
    """Choose the window."""
    return msgspec.structs.replace(state, window_id=window_id)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the window page shows."""
    return {
        "title": f"Which claim window should {view.school.name} be able to claim in?",
        "school": view.school,
        "field": FIELD,
        "windows": [
            {
                "value": str(window_id),
                "text": f"{window.dates}",
                "hint": f"Academic year {window.academic_year.name}"
                + (" (already onboarded)" if window.academic_year in view.onboarded else ""),
                "checked": form.window_id == str(window_id),
            }
            for window_id, window in view.windows
        ],
        "error": errors.get(FIELD),
    }
