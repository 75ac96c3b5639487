"""Are you sure: the scenario the service's data will be reset to, then reset it."""

from __future__ import annotations

import msgspec

from web.steps.reset_scenario import ID as SCENARIO_ID
from web.steps.reset_scenario import Choice, ServiceReset
from web.wizard import Ask, Goto

ID = "check"
TEMPLATE = "support/development/check.html"


class Form(msgspec.Struct, frozen=True):
    """The scenario the page showed, sent back with the button that resets the data."""

    scenario: str = ""


class View(msgspec.Struct, frozen=True):
    """The chosen scenario."""

    choice: Choice


def applies(state: ServiceReset) -> bool:
    """Every reset is confirmed before it happens."""
    return True


def is_answered(state: ServiceReset, key: str) -> bool:
    """Never: resetting ends the task."""
    return False


async def load(ask: Ask) -> View | Goto:
    """The chosen scenario; back to choosing if it is not one any more."""
    choice = next(
        (each for each in ask.lookups.scenarios() if each.key == ask.state.scenario), None
    )
    if choice is None:
        return Goto(SCENARIO_ID)
    return View(choice)


def form_for(view: View) -> Form:
    """The scenario shown."""
    return Form(view.choice.key)


def parse(form: Form, view: View) -> bool | Goto:
    """Posting the page confirms a reset to the scenario it showed; any other (another tab
    chose another meanwhile) is asked again."""
    if form.scenario != view.choice.key:
        return Goto(SCENARIO_ID)
    return True


def apply(state: ServiceReset, confirmed: bool, key: str) -> ServiceReset:
    """Confirm the reset, which the task carries out when it saves."""
    return msgspec.structs.replace(state, confirmed=confirmed)


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """The scenario and what a reset does."""
    return {
        "title": "Are you sure you want to reset the service's data?",
        "choice": view.choice,
        "scenario": form.scenario,
    }
