"""Onboarding one school as a wizard task: answers in the session, written once confirmed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import msgspec
from litestar import Request
from litestar.response import Response

from db.outbox import write_transaction
from db.queries import onboarding
from db.queries.support_events import record_event
from db.queries.support_schools import search_schools
from db.queries.windows import managed_windows
from domain.academic_years import AcademicYear
from domain.schools import SchoolResult
from domain.validation.field_error import FieldError
from domain.windows import ClaimWindow, can_onboard_for
from web import banner, wizard
from web.clock import Clock
from web.emails import queue_email, school_onboarded_fields
from web.onboarding_state import BY_SEARCH, OnboardingAnswers
from web.settings import Settings
from web.steps import (
    onboard_check,
    onboard_reason,
    onboard_school,
    onboard_school_results,
    onboard_window,
)
from web.support_access import SupportViewer
from web.support_console import console_page

ONBOARDING = wizard.Journey(
    (onboard_school, onboard_window, onboard_reason, onboard_check),
    views=(onboard_school_results,),
)
ORGANISATIONS = "/support/organisations"
# Banners are keyed by school elsewhere; the console is no school.
BANNER = ("support-organisations", 0)
CAPTIONS = {BY_SEARCH: "Onboard a school"}
WITHDRAWN_CAPTION = "Onboard a school whose trainee withdrew"


def _answers_key(kind: str) -> str:
    # One set of answers per way in, so the two tasks in two tabs never mix.
    return f"support_onboarding:{kind}"


async def onboardable_windows(now) -> list[tuple[int, ClaimWindow]]:
    """The windows schools can be onboarded for now: open or upcoming, funding confirmed."""
    return [
        (each.id, each.window)
        for each in await managed_windows()
        if can_onboard_for(each.window, now)
    ]


class OnboardingTask:
    """One support user onboarding one school, by search or as the withdrawn-trainee case."""

    journey = ONBOARDING

    def __init__(
        self, request: Request, support: SupportViewer, clock: Clock, settings: Settings, kind: str
    ) -> None:
        self.request, self.support, self.clock, self.settings = request, support, clock, settings
        self.kind = kind
        stored = request.session.get(_answers_key(kind)) if request.session is not None else None
        try:
            state = msgspec.convert(stored or {}, OnboardingAnswers)
        except msgspec.ValidationError:
            state = OnboardingAnswers()
        self.state = msgspec.structs.replace(state, kind=kind)

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The address of a step of this way in."""
        path = self.request.app.route_reverse("support_onboard_step", kind=self.kind, step=step_id)
        return wizard.with_query(path, query)

    def exit_url(self) -> str:
        """Back to the organisations."""
        return ORGANISATIONS

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    # What the steps look up.

    async def school(self, school_id: int | None) -> SchoolResult | None:
        """The school with this id."""
        return await onboarding.school(school_id) if school_id is not None else None

    async def search_schools(self, search: str) -> tuple[list[SchoolResult], int]:
        """The first page of schools matching the search, and how many match."""
        return await search_schools(search, 1)

    async def windows(self) -> list[tuple[int, ClaimWindow]]:
        """The windows a school can be onboarded for now."""
        return await onboardable_windows(self.clock.now())

    async def onboarded_years(self, school_id: int) -> set[AcademicYear]:
        """The years the school is eligible for already."""
        return await onboarding.onboarded_years(school_id)

    async def user_count(self, school_id: int) -> int:
        """How many users the school has."""
        return await onboarding.user_count(school_id)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of onboarding, in the console."""
        return partial(
            console_page,
            support=self.support,
            active="organisations",
            caption=CAPTIONS.get(self.kind, WITHDRAWN_CAPTION),
            change_school_href=self.url(onboard_school.ID),
            change_window_href=self.url(onboard_window.ID),
            change_reason_href=self.url(onboard_reason.ID),
        )

    async def save(self, state: OnboardingAnswers) -> OnboardingTask | wizard.Rejected | str:
        """Keep the answers; once confirmed, onboard the school, email its users and log it."""
        key = _answers_key(self.kind)
        if not state.confirmed:
            self.request.session[key] = msgspec.to_builtins(state)
            self.state = state
            return self
        school = await self.school(state.school_id)
        window = dict(await self.windows()).get(state.window_id)
        if school is None or window is None:
            # The window was removed or closed meanwhile: choose again.
            return wizard.Rejected(
                onboard_window.ID, [FieldError(onboard_window.FIELD, "Select the claim window")]
            )
        async with write_transaction():
            if not await onboarding.make_eligible(school.id, window.academic_year):
                return wizard.Rejected(
                    onboard_window.ID,
                    [onboard_window.already_onboarded(school, window.academic_year)],
                )
            for user in await onboarding.school_users([school.id]):
                await queue_email(
                    "school_onboarded",
                    user.email,
                    school_onboarded_fields(
                        user.first_name, user.school_name, window, self.settings.service_url
                    ),
                )
            description = (
                f"{school.name} (URN {school.urn}) onboarded for the academic year "
                f"{window.academic_year.name}, claim window {window.dates}"
            )
            if state.withdrawn:
                description += f". Trainee withdrew: {state.reason}"
            await record_event(
                self.support.user.id,
                "school_onboarded_withdrawn_trainee" if state.withdrawn else "school_onboarded",
                description,
                self.clock.now(),
            )
        self.request.session.pop(key, None)
        banner.show_after_redirect(
            self.request,
            *BANNER,
            f"{school.name} onboarded for the academic year {window.academic_year.name}",
        )
        return ORGANISATIONS
