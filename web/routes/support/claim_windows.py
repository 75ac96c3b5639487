"""Settings: claim windows. The table, adding and changing one (a wizard), and removing one."""

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
from db.queries.support_events import record_event
from db.queries.windows import (
    ManagedWindow,
    academic_years,
    add_window,
    change_window,
    managed_window,
    managed_windows,
    remove_window,
)
from domain.academic_years import AcademicYear
from domain.windows import (
    ClaimWindow,
    current_window_warning,
    locked_message,
    window_problems,
    window_status,
)
from web import banner, wizard
from web.clock import Clock
from web.steps import check_window, window_dates
from web.steps.window_dates import WindowAnswers
from web.support_access import SupportViewer
from web.support_console import console_page

WINDOWS_PATH = "/support/settings/claim-windows"
CLAIM_WINDOW = wizard.Journey((window_dates, check_window))
# Banners are keyed by school elsewhere; the console is no school.
BANNER = ("support-claim-windows", 0)
TITLES = {
    (window_dates.ID, False): "Add claim window",
    (window_dates.ID, True): "Change claim window",
    (check_window.ID, False): "Check the claim window",
    (check_window.ID, True): "Check the changed claim window",
}


def _answers_key(window_id: int | None) -> str:
    # One set of answers per window, so changing two windows in two tabs never mixes them.
    return f"support_claim_window:{window_id or 'new'}"


class ClaimWindowTask:
    """Adding a window, or changing one: the answers live in the support user's session."""

    journey = CLAIM_WINDOW

    def __init__(
        self,
        request: Request,
        support: SupportViewer,
        clock: Clock,
        changing: ManagedWindow | None = None,
    ) -> None:
        self.request, self.support, self.clock, self.changing = request, support, clock, changing
        window_id = changing.id if changing else None
        stored = request.session.get(_answers_key(window_id))
        if stored is None and changing is not None:
            window = changing.window
            stored = {
                "starts_on": window.starts_on.isoformat(),
                "ends_on": window.ends_on.isoformat(),
                "start_year": window.academic_year.start_year,
            }
        self.state = msgspec.convert(stored or {}, WindowAnswers)

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """/new or /N/change for the dates, with /check after it to confirm them."""
        changing = {"window_id": self.changing.id} if self.changing else {}
        reverse = self.request.app.route_reverse
        name = "support_claim_window_step"
        return wizard.step_url(reverse, name, self.journey, step_id, query, **changing)

    def exit_url(self) -> str:
        """Back to the table of windows."""
        return WINDOWS_PATH

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    async def academic_years(self) -> list[AcademicYear]:
        """The years a window can be for (those without confirmed funding are refused)."""
        return await academic_years()

    async def other_windows(self) -> list[ClaimWindow]:
        """Every window but the one being changed."""
        others = await managed_windows()
        return [each.window for each in others if not self.changing or each.id != self.changing.id]

    def warning(self) -> str | None:
        """The warning shown while changing the open window."""
        if self.changing is None:
            return None
        return current_window_warning(self.changing.window, self.clock.now(), removing=False)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the claim windows settings."""
        return partial(
            console_page,
            support=self.support,
            active="settings",
            title=TITLES[(step_id, self.changing is not None)],
            change_href=self.url(window_dates.ID),
            changing=self.changing is not None,
        )

    async def save(self, state: WindowAnswers) -> ClaimWindowTask | wizard.Rejected | str:
        """Keep the answers once checked; once confirmed, save the window and log it."""
        key = _answers_key(self.changing.id if self.changing else None)
        if not state.confirmed:
            self.request.session[key] = msgspec.to_builtins(state)
            self.state = state
            return self
        window = state.window
        assert window is not None
        async with write_transaction():
            # Checked again on confirming: another window may have been added meanwhile.
            problems = window_problems(
                window.starts_on,
                window.ends_on,
                await self.other_windows(),
                academic_year=window.academic_year,
            )
            if problems:
                return wizard.Rejected(window_dates.ID, [window_dates.placed(p) for p in problems])
            message = await self._write(window)
        self.request.session.pop(key, None)
        banner.show_after_redirect(self.request, *BANNER, message)
        return WINDOWS_PATH

    async def _write(self, window: ClaimWindow) -> str:
        now = self.clock.now()
        user_id = self.support.user.id
        if self.changing is None:
            await add_window(window.starts_on, window.ends_on, window.academic_year)
            message = f"Claim window from {window.dates} added"
            await record_event(
                user_id,
                "claim_window_added",
                f"{message} for the academic year {window.academic_year.name}",
                now,
            )
            return message
        await change_window(
            self.changing.id, window.starts_on, window.ends_on, window.academic_year
        )
        was = self.changing.window
        await record_event(
            user_id,
            "claim_window_changed",
            f"Claim window from {was.dates} ({was.academic_year.name}) changed to "
            f"{window.dates} ({window.academic_year.name})",
            now,
        )
        return f"Claim window changed to {window.dates}"


async def _window(window_id: int) -> ManagedWindow:
    window = await managed_window(window_id)
    if window is None:
        raise NotFoundException()
    return window


def _locked(support: SupportViewer, window: ManagedWindow, clock: Clock) -> Template | None:
    """The page saying a past window cannot be changed or removed, if it is past."""
    message = locked_message(window.window, clock.now())
    if message is None:
        return None
    return console_page(
        "support/claim_windows/locked.html",
        title="You cannot change this claim window",
        support=support,
        active="settings",
        message=message,
        back_href=WINDOWS_PATH,
    )


@get(WINDOWS_PATH, name="support_claim_windows")
async def claim_windows(
    request: Request, support_user: NamedDependency[SupportViewer], clock: NamedDependency[Clock]
) -> Template:
    """Every window with its status; change and remove links for those not yet past."""
    now = clock.now()
    rows = [
        {
            "id": each.id,
            "window": each.window,
            "status": window_status(each.window, now),
            "locked": locked_message(each.window, now) is not None,
        }
        for each in await managed_windows()
    ]
    return console_page(
        "support/claim_windows/index.html",
        title="Claim windows",
        support=support_user,
        active="settings",
        windows=rows,
        back_href="/support/settings",
        success_message=banner.take(request, *BANNER),
    )


TASK_PATHS = [
    f"{WINDOWS_PATH}/new",
    f"{WINDOWS_PATH}/new/{{step:path}}",
    f"{WINDOWS_PATH}/{{window_id:int}}/change",
    f"{WINDOWS_PATH}/{{window_id:int}}/change/{{step:path}}",
]


async def _task(
    request: Request, support: SupportViewer, clock: Clock, window_id: int | None
) -> ClaimWindowTask | Template:
    """Adding a window, or changing one not yet past (else the page saying it cannot be)."""
    if window_id is None:
        return ClaimWindowTask(request, support, clock)
    window = await _window(window_id)
    locked = _locked(support, window, clock)
    return locked if locked is not None else ClaimWindowTask(request, support, clock, window)


@get(TASK_PATHS, name="support_claim_window_step")
async def window_step(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    window_id: FromPath[int | None] = None,
    step: FromPath[str] = "",
) -> Response:
    """A new window's (or a changed one's) dates and academic year, then the check."""
    task = await _task(request, support_user, clock, window_id)
    if not isinstance(task, ClaimWindowTask):
        return task
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(TASK_PATHS, name="support_claim_window_answer")
async def window_answer(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    window_id: FromPath[int | None] = None,
    step: FromPath[str] = "",
) -> Response:
    """Check the dates and year, then save the window, checked again, and log it."""
    task = await _task(request, support_user, clock, window_id)
    if not isinstance(task, ClaimWindowTask):
        return task
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


@get(f"{WINDOWS_PATH}/{{window_id:int}}/remove", name="support_remove_claim_window")
async def remove(
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    window_id: FromPath[int],
) -> Template:
    """Are you sure: the window, and the warning if it is the open one."""
    window = await _window(window_id)
    locked = _locked(support_user, window, clock)
    if locked is not None:
        return locked
    return console_page(
        "support/claim_windows/remove.html",
        title="Are you sure you want to remove this claim window?",
        support=support_user,
        active="settings",
        window=window,
        warning=current_window_warning(window.window, clock.now(), removing=True),
        back_href=WINDOWS_PATH,
    )


@post(f"{WINDOWS_PATH}/{{window_id:int}}/remove", name="support_confirm_remove_claim_window")
async def confirm_remove(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    window_id: FromPath[int],
) -> Response:
    """Remove the window (kept for history), log it, and go back to the table."""
    window = await _window(window_id)
    locked = _locked(support_user, window, clock)
    if locked is not None:
        return locked
    now = clock.now()
    dates = window.window.dates
    async with write_transaction():
        removed = await remove_window(window.id, now)
        if removed:
            await record_event(
                support_user.user.id,
                "claim_window_removed",
                f"Claim window from {dates} ({window.window.academic_year.name}) removed",
                now,
            )
    # Removed by someone else a moment ago: the table already shows what they wanted.
    if removed:
        banner.show_after_redirect(request, *BANNER, f"Claim window from {dates} removed")
    return Redirect(WINDOWS_PATH, status_code=303)


ROUTES = [
    claim_windows,
    window_step,
    window_answer,
    remove,
    confirm_remove,
]
