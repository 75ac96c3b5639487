"""Onboard a school: check the school, the window and any reason, then confirm."""

from __future__ import annotations

from typing import Any

import msgspec

from domain.schools import SchoolResult
from domain.windows import ClaimWindow
from web.onboarding_state import OnboardingAnswers
from web.wizard import Ask

ID = "check"
TEMPLATE = "support/onboarding/check.html"


class Form(msgspec.Struct, frozen=True):
    """Nothing to answer: the button is the confirmation."""


class View(msgspec.Struct, frozen=True):
    """The answers to check."""

    answers: OnboardingAnswers
    school: SchoolResult
    window: ClaimWindow | None
    users: int


def applies(state: OnboardingAnswers) -> bool:
    """Every onboarding is checked before it is saved."""
    return True


def is_answered(state: OnboardingAnswers, key: str) -> bool:
    """Never: confirming ends the task."""
    return False


async def load(ask: Ask) -> View:
    """The school, the window and how many of the school's users will be emailed."""
    lookups: Any = ask.lookups
    state = ask.state
    windows = dict(await lookups.windows())
    return View(
        state,
        await lookups.school(state.school_id),
        windows.get(state.window_id),
        await lookups.user_count(state.school_id),
    )


def form_for(view: View) -> Form:
    """Nothing to fill in."""
    return Form()


def parse(form: Form, view: View) -> bool:
    """Posting the page confirms the onboarding shown."""
    return True


def apply(state: OnboardingAnswers, confirmed: bool, key: str) -> OnboardingAnswers:
    """Confirm, to be saved when the task saves it."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the check page shows."""
    return {
        "title": "Check the school and claim window",
        "school": view.school,
        "window": view.window,
        "reason": view.answers.reason if view.answers.withdrawn else None,
        "users": view.users,
    }
