"""Choose the scenario to reset the service's data to (development tools)."""

from __future__ import annotations

from typing import Protocol

import msgspec

from domain.validation.field_error import FieldError
from web.wizard import Ask

ID = "scenario"
TEMPLATE = "support/development/scenario.html"
CHOOSE_SCENARIO = "Select the scenario to reset the service's data to"


class ServiceReset(msgspec.Struct, frozen=True):
    """Resetting the service: the scenario chosen, and whether it is confirmed."""

    scenario: str = ""
    confirmed: bool = False


class Choice(msgspec.Struct, frozen=True):
    """A scenario as the radios offer it."""

    key: str
    name: str
    description: str


class ResetLookups(Protocol):
    """What the steps ask their task."""

    def scenarios(self) -> list[Choice]: ...


class Form(msgspec.Struct, frozen=True):
    """The scenario's key as posted."""

    scenario: str = ""


class View(msgspec.Struct, frozen=True):
    """Every scenario, and the one chosen so far."""

    scenarios: list[Choice]
    chosen: str


def applies(state: ServiceReset) -> bool:
    """Every reset starts with a scenario."""
    return True


def is_answered(state: ServiceReset, key: str) -> bool:
    """Answered once a scenario is chosen."""
    return bool(state.scenario)


async def load(ask: Ask) -> View:
    """The scenarios to choose from."""
    lookups: ResetLookups = ask.lookups
    return View(lookups.scenarios(), ask.state.scenario)


def form_for(view: View) -> Form:
    """The scenario chosen so far."""
    return Form(view.chosen)


def parse(form: Form, view: View) -> str | list[FieldError]:
    """One of the scenarios offered."""
    chosen = next((each for each in view.scenarios if each.key == form.scenario.strip()), None)
    if chosen is None:
        return [FieldError("scenario", CHOOSE_SCENARIO)]
    return chosen.key


def apply(state: ServiceReset, key_chosen: str, key: str) -> ServiceReset:
    """Keep the scenario; a new choice must be confirmed again."""
    return ServiceReset(scenario=key_chosen)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """The radios: each scenario with what it sets up."""
    return {
        "title": "Which scenario do you want to reset the service's data to?",
        "items": [
            {
                "value": each.key,
                "text": each.name,
                "hint": {"text": each.description},
                "checked": form.scenario == each.key,
            }
            for each in view.scenarios
        ],
        "field_errors": errors,
    }
