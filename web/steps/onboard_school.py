"""Onboard a school: search by name, URN or postcode, or pick a suggestion as it is typed."""

from __future__ import annotations

import msgspec

from domain.schools import SchoolResult
from domain.validation.field_error import FieldError
from domain.validation.whole_number import whole_number
from web.onboarding_state import OnboardingAnswers
from web.wizard import Ask, Goto

ID = "school"
TEMPLATE = "support/onboarding/school.html"
FIELD = "school"
QUESTION = "Which school do you want to onboard?"
# How many suggestions appear under the box as the user types (with JavaScript).
SUGGESTIONS = 5
# The results page, for when JavaScript is off (web/steps/onboard_school_results.py).
RESULTS = "school-results"


class Form(msgspec.Struct, frozen=True):
    """The search text, and the suggestion picked, if one was."""

    school: str = ""
    school_id: str = ""


class View(msgspec.Struct, frozen=True):
    """The search to show, the school behind a picked suggestion and the suggestions' address."""

    search: str
    chosen: SchoolResult | None
    suggestions_url: str


def applies(state: OnboardingAnswers) -> bool:
    """Every onboarding is of one school."""
    return True


def is_answered(state: OnboardingAnswers, key: str) -> bool:
    """Whether a school was chosen."""
    return state.school_id is not None


async def load(ask: Ask) -> View:
    """The school behind a picked suggestion, and the search box's text."""
    picked = whole_number(ask.query.get("school_id", ""))
    chosen = await ask.lookups.school(picked) if picked is not None else None
    search = " ".join(ask.query.get("school", "").split())
    if not search and ask.state.school_id is not None:
        current = await ask.lookups.school(ask.state.school_id)
        search = current.name if current else ""
    return View(search, chosen, ask.lookups.url(RESULTS))


def form_for(view: View) -> Form:
    """The search box as it starts."""
    return Form(school=view.search)


def parse(form: Form, view: View) -> int | Goto | list[FieldError]:
    """A picked school's id, else the results of the search, else the error."""
    if view.chosen is not None:
        return view.chosen.id
    search = " ".join(form.school.split())
    if not search:
        return [FieldError(FIELD, "Enter a school name, URN or postcode")]
    if len(search) > 100:
        return [FieldError(FIELD, "School name, URN or postcode must be 100 characters or fewer")]
    return Goto(RESULTS, {"school": search})


def apply(state: OnboardingAnswers, school_id: int, key: str) -> OnboardingAnswers:
    """Choose the school; a window chosen for another school is asked again."""
    if school_id == state.school_id:
        return state
    return msgspec.structs.replace(state, school_id=school_id, window_id=None)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the search page shows."""
    return {
        "title": QUESTION,
        "question": QUESTION,
        "field": FIELD,
        "search": form.school,
        "error": errors.get(FIELD),
        "suggestions_url": view.suggestions_url,
    }
