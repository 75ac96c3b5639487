"""Every page a participant can see has a name they would recognise, and figures stay pure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from web.journey import hours_step
from web.onboarding_state import KINDS, OnboardingAnswers
from web.onboarding_task import ONBOARDING
from web.research.questions import NAMES, question
from web.research.recorder import _TYPED_PARAMETER
from web.routes.mentors import ADD_MENTOR
from web.routes.support.claim_windows import CLAIM_WINDOW
from web.routes.support.development import RESET
from web.routes.support.payments import SEND_TO_PAYER
from web.routes.support.users import ADD_SUPPORT_USER
from web.routes.users import ADD_USER
from web.steps import (
    check_answers,
    confirm_hours,
    mentors,
    provider,
    provider_results,
)

# The step ids of the claim journey's steps, served by one route (web/routes/claim_journey.py).
CLAIM_STEP = "/schools/{school_id}/claims/{claim_id}/{step}"
JOURNEY_STEPS = [
    provider.ID,
    provider_results.ID,
    mentors.ID,
    "hours/*",
    confirm_hours.ID,
    check_answers.ID,
]
# Before a claim exists only the provider's results can be shown; other steps redirect.
NEW_CLAIM_STEP = "/schools/{school_id}/claims/new/{step}"
# The other tasks serve their first step at the bare address and the rest after it.
_WINDOWS = "/support/settings/claim-windows"
STEPS_AFTER_THE_FIRST = {
    "/schools/{school_id}/users/add/{step}": ADD_USER,
    "/support/users/add/{step}": ADD_SUPPORT_USER,
    f"{_WINDOWS}/new/{{step}}": CLAIM_WINDOW,
    f"{_WINDOWS}/{{window_id}}/change/{{step}}": CLAIM_WINDOW,
    "/schools/{school_id}/mentors/add/{step}": ADD_MENTOR,
    "/support/claims/payments/send/{step}": SEND_TO_PAYER,
    "/support/settings/reset/{step}": RESET,
}
# Onboarding a school: one route for both ways in and every step (web/routes/support/onboarding.py).
ONBOARD_STEP = "/support/organisations/onboard/{kind}/{step}"
NOT_PAGES = ("/research", "/static/", "/assets/", "/schema")
PROBE = (
    "import sys, web.research.charts, web.research.figures;"
    "print(sorted({m.split('.')[0] for m in sys.modules} & {'db', 'litestar', 'piccolo', 'jinja2'}))"
)


def _page_steps(app) -> set[str]:
    steps = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not handler.http_methods & {"GET", "POST"} or route.path.startswith(NOT_PAGES):
                continue
            step = _TYPED_PARAMETER.sub(r"{\1}", route.path)
            if step == CLAIM_STEP:
                steps.update(step.replace("{step}", each) for each in JOURNEY_STEPS)
            elif step == NEW_CLAIM_STEP:
                steps.add(step.replace("{step}", provider_results.ID))
            elif step in STEPS_AFTER_THE_FIRST:
                later = STEPS_AFTER_THE_FIRST[step].steps[1:]
                steps.update(step.replace("{step}", module.ID) for module in later)
            elif step == ONBOARD_STEP:
                steps.update(
                    step.replace("{kind}", kind).replace("{step}", each)
                    for kind in KINDS
                    for each in ONBOARDING.step_ids(OnboardingAnswers(kind=kind))
                    + ["school-results"]
                )
            else:
                steps.add(step)
    return steps


def test_every_page_of_the_service_has_a_readable_name(research_app):
    unnamed = sorted(step for step in _page_steps(research_app) if step not in NAMES)
    assert not unnamed, f"Name these steps in web/research/questions.py: {unnamed}"


def test_the_hours_step_is_recorded_as_the_name_expects():
    assert hours_step(12).split("/")[0] + "/*" == "hours/*"


@pytest.mark.parametrize(
    ("step", "status", "name"),
    [
        ("/schools/{school_id}/claims/{claim_id}/hours/*", 200, "Hours for a mentor"),
        ("/schools/{school_id}/claims/new", 200, "Accredited provider"),
        ("/schools/{school_id}/claims/{claim_id}/provider", 200, "Accredited provider"),
        ("/schools/12/no-such-page", 404, "Page not found"),
        ("/schools/{school_id}/claims", 500, "Sorry, there is a problem with the service"),
        ("/a/step/nobody/named", 200, "/a/step/nobody/named"),
    ],
)
def test_a_step_is_named_as_the_participant_saw_it(step, status, name):
    assert question(step, status) == name


def test_figures_and_charts_import_no_database_or_web_framework():
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert imported.stdout.strip() == "[]"
