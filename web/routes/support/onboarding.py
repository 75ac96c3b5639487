"""Organisations: onboard one school, found by search or as the withdrawn-trainee exception.

The wizard engine serves every step from one GET and one POST; these handlers find the task.
"""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Response

from web import wizard
from web.clock import Clock
from web.onboarding_state import KINDS
from web.onboarding_task import OnboardingTask
from web.settings import Settings
from web.support_access import SupportViewer

STEP = "/support/organisations/onboard/{kind:str}/{step:path}"


def _task(
    request, support_user, clock, settings, kind: str, step: str
) -> tuple[OnboardingTask, str]:
    step_id = step.strip("/")
    if kind not in KINDS or OnboardingTask.journey.find(step_id) is None:
        raise NotFoundException()
    return OnboardingTask(request, support_user, clock, settings, kind), step_id


@get(STEP, name="support_onboard_step")
async def show_step(
    request: HTMXRequest,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    kind: FromPath[str],
    step: FromPath[str],
) -> Response:
    """A question of onboarding a school, once the questions before it are answered."""
    task, step_id = _task(request, support_user, clock, settings, kind, step)
    query = {name: str(value) for name, value in request.query_params.items()}
    return await wizard.show(task, step_id, request, query)


@post(STEP, name="support_onboard_step_answer")
async def answer_step(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    kind: FromPath[str],
    step: FromPath[str],
) -> Response:
    """Check an answer: the page again with errors, or on to the next question."""
    task, step_id = _task(request, support_user, clock, settings, kind, step)
    return await wizard.answer(task, step_id, request)


ROUTES = [show_step, answer_step]
