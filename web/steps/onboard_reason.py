"""Onboard a school whose trainee withdrew: why, as the provider's email or the ticket says."""

from __future__ import annotations

import msgspec

from domain.validation.field_error import FieldError
from web.onboarding_state import OnboardingAnswers
from web.wizard import Ask

ID = "reason"
TEMPLATE = "support/onboarding/reason.html"
FIELD = "reason"
MAX_LENGTH = 500


class Form(msgspec.Struct, frozen=True):
    """The reason, as typed."""

    reason: str = ""


class View(msgspec.Struct, frozen=True):
    """The reason given so far."""

    reason: str


def applies(state: OnboardingAnswers) -> bool:
    """Only the withdrawn-trainee exception, which DfE must be able to account for."""
    return state.withdrawn


def is_answered(state: OnboardingAnswers, key: str) -> bool:
    """Whether a reason was given."""
    return bool(state.reason)


async def load(ask: Ask) -> View:
    """The reason so far."""
    return View(ask.state.reason)


def form_for(view: View) -> Form:
    """The box with the reason so far."""
    return Form(view.reason)


def parse(form: Form, view: View) -> str | list[FieldError]:
    """The reason, or the error."""
    reason = form.reason.strip()
    if not reason:
        return [FieldError(FIELD, "Enter the support ticket reference or a note from the provider")]
    if len(reason) > MAX_LENGTH:
        return [FieldError(FIELD, f"The reason must be {MAX_LENGTH} characters or fewer")]
    return reason


def apply(state: OnboardingAnswers, reason: str, key: str) -> OnboardingAnswers:
    """Keep the reason."""
    return msgspec.structs.replace(state, reason=reason)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the reason page shows."""
    return {
        "title": "Why can this school claim although its trainee withdrew?",
        "field": FIELD,
        "reason": form.reason,
        "max_length": MAX_LENGTH,
        "error": errors.get(FIELD),
    }
