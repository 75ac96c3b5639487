"""A school's users: the list, adding a colleague (a wizard: details, then check) and removing."""

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
from db.queries.colleagues import (
    AlreadyMember,
    Colleague,
    add_colleague,
    colleague,
    colleagues,
    is_member_by_email,
    remove_colleague,
)
from domain.validation.email_address import parse_email
from domain.validation.field_error import FieldError
from web import banner, wizard
from web.access import SchoolAccess
from web.clock import Clock
from web.emails import queue_email, sign_in_link
from web.page import page
from web.settings import Settings
from web.steps import confirm_user, user_details
from web.steps.user_details import NewUser, UserKind
from web.support_acting import record_if_support

ALREADY_MEMBER = user_details.ALREADY_MEMBER
ADD_USER = wizard.Journey((user_details, confirm_user))


# Keyed by school, so adding users in two tabs for two schools never mixes the answers.
def _answers_key(school_id: int) -> str:
    return f"add_user:{school_id}"


class AddUser:
    """Adding a colleague to a school: the answers live in the user's server-side session."""

    journey = ADD_USER

    def __init__(
        self, request: Request, school: SchoolAccess, clock: Clock, settings: Settings
    ) -> None:
        self.request, self.school, self.clock, self.settings = request, school, clock, settings
        # The app's route_reverse: addresses come from route names.
        self.reverse = request.app.route_reverse
        stored = request.session.get(_answers_key(school.school.id)) or {}
        self.state = msgspec.convert(stored, NewUser)
        self.kind = UserKind(
            noun="user",
            can=f"view and create claims for {school.school.name}",
            email_hint="Use their work email address. They will sign in with it.",
            already=ALREADY_MEMBER,
        )

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """/users/add for the details, /users/add/check to confirm them."""
        reverse, school_id = self.request.app.route_reverse, self.school.school.id
        return wizard.step_url(
            reverse, "add_user", self.journey, step_id, query, school_id=school_id
        )

    def exit_url(self) -> str:
        """Back to the list of users."""
        return self.reverse("users", school_id=self.school.school.id)

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> wizard.Ask:
        """The answers so far, and this task as the steps' lookups."""
        return wizard.Ask(self.state, key, query, self, htmx)

    def parse_email(self, text: str) -> str | FieldError:
        """Any valid email address: colleagues sign in with their work one."""
        return parse_email(text)

    async def is_user(self, email: str) -> bool:
        """Whether the email address already belongs to a member of the school."""
        return await is_member_by_email(self.school.school.id, email)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A page of the Users area."""
        return partial(
            page, access=self.school, active="users", change_href=self.url(user_details.ID)
        )

    async def save(self, state: NewUser) -> AddUser | list[FieldError] | wizard.Rejected | str:
        """Keep the details once checked; once confirmed, add the colleague and tell them."""
        school_id = self.school.school.id
        if not state.confirmed:
            self.request.session[_answers_key(school_id)] = msgspec.to_builtins(state)
            self.state = state
            return self
        # Checked again on confirming: someone else may have added this person meanwhile.
        if await self.is_user(state.email):
            return wizard.Rejected(user_details.ID, [FieldError("email", ALREADY_MEMBER)])
        try:
            added = await self._add(state)
        except AlreadyMember:
            return wizard.Rejected(user_details.ID, [FieldError("email", ALREADY_MEMBER)])
        self.request.session.pop(_answers_key(school_id), None)
        banner.show_after_redirect(
            self.request, "users", school_id, f"{added.full_name} has been added"
        )
        return self.exit_url()

    async def _add(self, state: NewUser) -> Colleague:
        """Add the colleague and queue their email in one transaction."""
        school = self.school
        async with write_transaction():
            added = await add_colleague(
                school.school.id, state.first_name, state.last_name, state.email, self.clock.now()
            )
            await queue_email(
                "colleague_added",
                added.email,
                {
                    "first_name": added.first_name,
                    "school_name": school.school.name,
                    "added_by_name": school.viewer.user.full_name,
                    "service_url": sign_in_link(self.settings.service_url, self.reverse),
                },
            )
            what = f"Added {added.full_name} ({added.email}) as a user"
            await record_if_support(school, "user_added", what, self.clock.now())
        return added


@get("/schools/{school_id:int}/users", name="users")
async def users(request: Request, school: NamedDependency[SchoolAccess]) -> Template:
    """The school's users, with a way to add one and to remove anyone but yourself."""
    school_id = school.school.id
    # Shown once: the banner confirms the add or remove that led here.
    success_message = banner.take(request, "users", school_id)
    return page(
        "pages/users/index.html",
        title="Users",
        access=school,
        active="users",
        users=await colleagues(school_id),
        viewer_id=school.viewer.user.id,
        success_message=success_message,
    )


ADD_PATHS = ["/schools/{school_id:int}/users/add", "/schools/{school_id:int}/users/add/{step:path}"]


@get(ADD_PATHS, name="add_user")
async def add_user(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """A page of adding a colleague: their name and email (kept when changing), then the check."""
    task = AddUser(request, school, clock, settings)
    return await wizard.show(task, wizard.step_at(task.journey, step), request, {})


@post(ADD_PATHS, name="add_user_answer")
async def add_user_answer(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
    step: FromPath[str] = "",
) -> Response:
    """Check the colleague's details, then add them and queue their email in one transaction."""
    task = AddUser(request, school, clock, settings)
    return await wizard.answer(task, wizard.step_at(task.journey, step), request)


async def _removable(school: SchoolAccess, user_id: int) -> Colleague:
    """A colleague the member may remove: never themselves, never someone from elsewhere."""
    if user_id == school.viewer.user.id:
        raise NotFoundException()
    member = await colleague(school.school.id, user_id)
    if member is None:
        raise NotFoundException()
    return member


@get("/schools/{school_id:int}/users/{user_id:int}/remove", name="remove_user")
async def remove_user(
    request: Request, school: NamedDependency[SchoolAccess], user_id: FromPath[int]
) -> Template:
    """Ask the member to confirm removing a colleague, who will be told by email."""
    member = await _removable(school, user_id)
    return page(
        "pages/users/remove.html",
        title=f"Are you sure you want to remove {member.full_name}?",
        access=school,
        active="users",
        member=member,
        back_href=request.app.route_reverse("users", school_id=school.school.id),
    )


@post("/schools/{school_id:int}/users/{user_id:int}/remove", name="confirm_remove_user")
async def confirm_remove_user(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    user_id: FromPath[int],
) -> Redirect:
    """Remove the colleague and queue their email in one transaction, then back to the list."""
    await _removable(school, user_id)
    school_id = school.school.id
    async with write_transaction():
        removed = await remove_colleague(school_id, user_id)
        if removed is not None:
            await queue_email(
                "colleague_removed",
                removed.email,
                {"first_name": removed.first_name, "school_name": school.school.name},
            )
            what = f"Removed {removed.full_name} ({removed.email}) as a user"
            await record_if_support(school, "user_removed", what, clock.now())
    # Removed by someone else a moment ago: the list already shows the outcome they wanted.
    if removed is not None:
        banner.show_after_redirect(
            request, "users", school_id, f"{removed.full_name} has been removed"
        )
    return Redirect(request.app.route_reverse("users", school_id=school_id), status_code=303)


ROUTES = [
    users,
    add_user,
    add_user_answer,
    remove_user,
    confirm_remove_user,
]
