"""Onboard a school, the search's results: a view of the school step, its matches as radios."""

from __future__ import annotations

import msgspec
from litestar.response import Template

from domain.schools import SchoolResult
from domain.validation.field_error import FieldError
from web.onboarding_state import OnboardingAnswers
from web.partials import onboarding_school_suggestions
from web.steps import onboard_school
from web.wizard import Ask, Goto

ID = onboard_school.RESULTS
VIEW_OF = onboard_school.ID
TEMPLATE = "support/onboarding/school_results.html"
FIELD = "school_id"


class Form(msgspec.Struct, frozen=True):
    """The radio picked, and the search it came from (to show the same results again)."""

    school_id: str = ""
    school: str = ""


class View(msgspec.Struct, frozen=True):
    """The search and its matches (none while the box is empty), and how many there are."""

    search: str
    schools: list[SchoolResult]
    total: int


async def load(ask: Ask) -> View | Goto:
    """The matches: a few as suggestions while typing (HTMX), else the first page of them."""
    search = " ".join(ask.query.get("school", "").split())[:100]
    if not search:
        return View("", [], 0) if ask.htmx else Goto(onboard_school.ID)
    schools, total = await ask.lookups.search_schools(search)
    if ask.htmx:
        schools = schools[: onboard_school.SUGGESTIONS]
    return View(search, schools, total)


def fragment(view: View) -> Template:
    """The suggestions under the search box."""
    return onboarding_school_suggestions.fragment(view.search, view.schools, view.total)


def form_for(view: View) -> Form:
    """Nothing picked yet, from this search."""
    return Form(school=view.search)


def back(view: View) -> Goto:
    """The search box, with the search in it."""
    return Goto(onboard_school.ID, {"school": view.search})


def parse(form: Form, view: View) -> int | Goto | list[FieldError]:
    """The id of the school picked from the results, or the error."""
    if not view.schools:
        # Nothing to pick from: back to the search.
        return back(view)
    shown = {str(each.id): each.id for each in view.schools}
    picked = shown.get(form.school_id.strip())
    if picked is None:
        return [FieldError(FIELD, "Select the school to onboard")]
    return picked


def apply(state: OnboardingAnswers, school_id: int, key: str) -> OnboardingAnswers:
    """Choose the school picked."""
    return onboard_school.apply(state, school_id, key)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the results page shows."""
    noun = "school" if view.total == 1 else "schools"
    title = (
        f"{view.total} {noun} found for ‘{view.search}’"
        if view.total
        else f"No schools found for ‘{view.search}’"
    )
    return {
        "title": title,
        "field": FIELD,
        "search": view.search,
        "schools": view.schools,
        "total": view.total,
        "more_than_shown": view.total > len(view.schools),
        "picked": form.school_id,
        "error": errors.get(FIELD),
    }
