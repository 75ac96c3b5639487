"""Support users: the list, adding one (a wizard: details, then check) and removing one."""

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
from db.queries.support_users import (
    add_support_user,
    is_support_email,
    remove_support_user,
    support_user,
    support_users,
)
from db.queries.users import UserValue
from domain.onboarding import parse_support_email
from domain.validation.field_error import FieldError
from web import banner, wizard
from web.clock import Clock
from web.emails import queue_email, sign_in_link
from web.settings import Settings
from web.steps import confirm_user, user_details
from web.steps.user_details import NewUser, UserKind
from web.support_access import SupportViewer
from web.support_console import console_page

USERS_PATH = "/support/users"
ADD_SUPPORT_USER = wizard.Journey((user_details, confirm_user))
ANSWERS_KEY = "support_add_user"
ALREADY_SUPPORT_USER = "This email address already belongs to a support user"
SUPPORT_USERS = UserKind(
    noun="support user",
    can="use the support console: every school, claim and setting of the service",
    email_hint=(
        "Their Department for Education email address, ending in @education.gov.uk."
        " They will sign in with it."
    ),
    already=ALREADY_SUPPORT_USER,
    note="If they were a support user before and were removed, their access is restored.",
)
BANNER = ("support-users", 0)


class AddSupportUser:
    """Adding a support user: the answers live in the support user's session."""

    journey = ADD_SUPPORT_USER
    kind = SUPPORT_USERS

    def __init__(
        self, request: Request, support: SupportViewer, clock: Clock, settings: Settings
    ) -> None:
        self.request, self.support, self.clock, self.settings = request, support, clock, settings
        self.state = msgspec.convert(request.session.get(ANSWERS_KEY) or {}, NewUser)

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """/support/users/add for the details, /check to confirm them."""
        reverse = self.request.app.route_reverse
        return wizard.step_url(reverse, "support_add_user", self.journey, step_id, query)

    def exit_url(self) -> str:
        """Back to the list of support users."""
        return USERS_PATH

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    def parse_email(self, text: str) -> str | FieldError:
        """A DfE email address: only DfE staff use the console."""
        return parse_support_email(text)

    async def is_user(self, email: str) -> bool:
        """Whether the email address already belongs to a support user."""
        return await is_support_email(email)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the Support users area."""
        return partial(
            console_page,
            support=self.support,
            active="users",
            change_href=self.url(user_details.ID),
        )

    async def save(self, state: NewUser) -> AddSupportUser | wizard.Rejected | str:
        """Keep the details once checked; once confirmed, add them, tell them and log it."""
        if not state.confirmed:
            self.request.session[ANSWERS_KEY] = msgspec.to_builtins(state)
            self.state = state
            return self
        rejected = wizard.Rejected(user_details.ID, [FieldError("email", ALREADY_SUPPORT_USER)])
        now = self.clock.now()
        async with write_transaction():
            added = await add_support_user(state.first_name, state.last_name, state.email, now)
            # Checked again on confirming: someone may have added this person meanwhile.
            if added is None:
                return rejected
            await queue_email(
                "support_user_added",
                added.email,
                {
                    "first_name": added.first_name,
                    "added_by_name": self.support.user.full_name,
                    "service_url": sign_in_link(
                        self.settings.service_url, self.request.app.route_reverse
                    ),
                },
            )
            await record_event(
                self.support.user.id,
                "support_user_added",
                f"Support user {added.full_name} ({added.email}) added",
                now,
            )
        self.request.session.pop(ANSWERS_KEY, None)
        banner.show_after_redirect(self.request, *BANNER, f"{added.full_name} has been added")
        return USERS_PATH


@get(USERS_PATH, name="support_users")
async def users(request: Request, support_user: NamedDependency[SupportViewer]) -> Template:
    """Every support user, with a way to add one and to remove anyone but yourself."""
    return console_page(
        "support/users/index.html",
        title="Support users",
        support=support_user,
        active="users",
        users=await support_users(support_user.own_only),
        viewer_id=support_user.user.id,
        success_message=banner.take(request, *BANNER),
    )


ADD_PATHS = [f"{USERS_PATH}/add", f"{USERS_PATH}/add/{{step:path}}"]


@get(ADD_PATHS, name="support_add_user")
async def add_user(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """A page of adding a support user: their name and DfE email address, then the check."""
    task = AddSupportUser(request, support_user, clock, settings)
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(ADD_PATHS, name="support_add_user_answer")
async def add_user_answer(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """Check the details, then add the support user, queue their email and log it."""
    task = AddSupportUser(request, support_user, clock, settings)
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


async def _removable(support: SupportViewer, user_id: int) -> UserValue:
    """A support user who may be removed: never yourself, and nobody by a research session's
    participant, who sees only themself."""
    if user_id == support.user.id or support.own_only is not None:
        raise NotFoundException()
    member = await support_user(user_id)
    if member is None:
        raise NotFoundException()
    return member


@get(f"{USERS_PATH}/{{user_id:int}}/remove", name="support_remove_user")
async def remove_user(
    support_user: NamedDependency[SupportViewer], user_id: FromPath[int]
) -> Template:
    """Are you sure: who will lose access to the console, and that they will be told."""
    member = await _removable(support_user, user_id)
    return console_page(
        "support/users/remove.html",
        title=f"Are you sure you want to remove {member.full_name}?",
        support=support_user,
        active="users",
        member=member,
        back_href=USERS_PATH,
    )


@post(f"{USERS_PATH}/{{user_id:int}}/remove", name="support_confirm_remove_user")
async def confirm_remove_user(
    request: Request,
    support_user: NamedDependency[SupportViewer],
    clock: NamedDependency[Clock],
    user_id: FromPath[int],
) -> Redirect:
    """Remove the support user, queue their email and log it, then back to the list."""
    await _removable(support_user, user_id)
    now = clock.now()
    async with write_transaction():
        removed = await remove_support_user(user_id, now)
        if removed is not None:
            await queue_email(
                "support_user_removed", removed.email, {"first_name": removed.first_name}
            )
            await record_event(
                support_user.user.id,
                "support_user_removed",
                f"Support user {removed.full_name} ({removed.email}) removed",
                now,
            )
    # Removed by someone else a moment ago: the list already shows what they wanted.
    if removed is not None:
        banner.show_after_redirect(request, *BANNER, f"{removed.full_name} has been removed")
    return Redirect(USERS_PATH, status_code=303)


ROUTES = [users, remove_user, confirm_remove_user]
# Adding a support user changes the console for everyone: refused in a research session.
WHOLE_SERVICE_ROUTES = [add_user, add_user_answer]
