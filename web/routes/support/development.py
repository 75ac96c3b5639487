"""Development tools (Settings, never in production): reset the service's data to a named
scenario, and move every claim back to Submitted so a payments rehearsal can run again."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from db.outbox import write_transaction
from db.service_data import SCENARIOS, back_to_submitted, claims_after_submission, reset_to
from db.service_data import scenario as scenario_named
from web import banner, wizard
from web.clock import Clock
from web.forms import read_form
from web.settings import Settings
from web.steps import reset_check, reset_scenario
from web.steps.reset_scenario import Choice, ServiceReset
from web.support_access import SupportViewer
from web.support_console import console_page

SETTINGS_PATH = "/support/settings"
RESET = wizard.Journey((reset_scenario, reset_check))
ANSWERS_KEY = "support_reset"
BACK_PATH = f"{SETTINGS_PATH}/claims-back-to-submitted"
BANNER = ("support-settings", 0)


def development_tools(settings: Settings) -> bool:
    """Whether the development tools exist: everywhere but production."""
    return not settings.is_production


def _outside_production(settings: Settings) -> None:
    if not development_tools(settings):
        raise NotFoundException()


class ResetService:
    """Resetting the service's data: the scenario chosen lives in the session."""

    journey = RESET

    def __init__(self, request: Request, support: SupportViewer, clock: Clock) -> None:
        self.request, self.support, self.clock = request, support, clock
        self.state = msgspec.convert(request.session.get(ANSWERS_KEY) or {}, ServiceReset)

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The scenario question at the bare address, then /check."""
        reverse = self.request.app.route_reverse
        return wizard.step_url(reverse, "support_reset", self.journey, step_id, query)

    def exit_url(self) -> str:
        """Back to the settings."""
        return SETTINGS_PATH

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    def scenarios(self) -> list[Choice]:
        """Every scenario the service can be reset to."""
        return [Choice(each.key, each.name, each.description) for each in SCENARIOS]

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the Settings area."""
        return partial(console_page, support=self.support, active="settings")

    async def save(self, state: ServiceReset) -> ResetService | str:
        """Keep the scenario once chosen; once confirmed, reset the data in one transaction."""
        if not state.confirmed:
            self.request.session[ANSWERS_KEY] = msgspec.to_builtins(state)
            self.state = state
            return self
        self.request.session.pop(ANSWERS_KEY, None)
        chosen = scenario_named(state.scenario)
        if chosen is None:
            return self.url(reset_scenario.ID)
        async with write_transaction():
            await reset_to(chosen, self.support.user.id, self.clock.now())
        # Every account is kept, so the support user stays signed in and lands back here.
        banner.show_after_redirect(
            self.request, *BANNER, f"The service's data has been reset to “{chosen.name}”"
        )
        return SETTINGS_PATH


RESET_PATHS = [f"{SETTINGS_PATH}/reset", f"{SETTINGS_PATH}/reset/{{step:path}}"]


@get(RESET_PATHS, name="support_reset")
async def reset(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """A page of resetting the service's data: the scenario, then are you sure."""
    _outside_production(settings)
    task = ResetService(request, support_user, clock)
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(RESET_PATHS, name="support_reset_answer")
async def reset_answer(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """Choose the scenario, then reset the service's data to it."""
    _outside_production(settings)
    task = ResetService(request, support_user, clock)
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


@get(BACK_PATH, name="support_claims_back")
async def claims_back(
    support_user: NamedDependency[SupportViewer], settings: NamedDependency[Settings]
) -> Template:
    """Are you sure: how many claims go back to Submitted, and what they lose."""
    _outside_production(settings)
    count = await claims_after_submission()
    return console_page(
        "support/development/claims_back.html",
        title="Are you sure you want to move every claim back to submitted?"
        if count
        else "There are no claims to move back to submitted",
        support=support_user,
        active="settings",
        count=count,
        back_href=SETTINGS_PATH,
    )


class _BackForm(msgspec.Struct, frozen=True):
    """The count of claims the page showed."""

    count: str = ""


@post(BACK_PATH, name="support_claims_back_confirm")
async def claims_back_confirm(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Redirect:
    """Move every claim after submission back to Submitted, recorded, in one transaction."""
    _outside_production(settings)
    form = await read_form(request, _BackForm)
    async with write_transaction():
        # Only the count the page showed is confirmed: if claims moved meanwhile (or the post
        # did not come from the page), ask again with the count as it is now.
        if form.count != str(await claims_after_submission()):
            return Redirect(BACK_PATH, status_code=303)
        moved = await back_to_submitted(support_user.user.id, clock.now())
    if moved:
        banner.show_after_redirect(
            request,
            *BANNER,
            f"{moved} {'claim' if moved == 1 else 'claims'} moved back to submitted",
        )
    return Redirect(SETTINGS_PATH, status_code=303)


ROUTES = [reset, reset_answer, claims_back, claims_back_confirm]
