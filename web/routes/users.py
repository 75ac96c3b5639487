"""A school's users: the list, adding a colleague (with a check page) and removing one."""

from __future__ import annotations

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
from domain.validation import FieldError
from domain.validation.email_address import parse_email
from domain.validation.names import parse_first_name, parse_last_name
from web import banner
from web.access import SchoolAccess
from web.clock import Clock
from web.emails import queue_email
from web.page import page
from web.settings import Settings

FIELDS = ("first_name", "last_name", "email")
ALREADY_MEMBER = "This email address already belongs to a user at this organisation"


def _users_path(school_id: int) -> str:
    return f"/schools/{school_id}/users"


# Keyed by school, so adding users in two tabs for two schools never mixes the answers.
def _answers_key(school_id: int) -> str:
    return f"add_user:{school_id}"


def _errors(field_errors: list[FieldError]) -> list[dict]:
    return [{"text": error.message, "href": f"#{error.field}"} for error in field_errors]


async def _parse(school_id: int, answers: dict[str, str]) -> dict[str, str] | list[FieldError]:
    """The colleague's details, or every field error in page order."""
    parsed = {
        "first_name": parse_first_name(answers.get("first_name")),
        "last_name": parse_last_name(answers.get("last_name")),
        "email": parse_email(answers.get("email")),
    }
    email = parsed["email"]
    if isinstance(email, str) and await is_member_by_email(school_id, email):
        parsed["email"] = FieldError("email", ALREADY_MEMBER)
    errors = [value for value in parsed.values() if isinstance(value, FieldError)]
    if errors:
        return errors
    return {field: str(value) for field, value in parsed.items()}


def _form_page(
    school: SchoolAccess, answers: dict[str, str], errors: list[FieldError] | None = None
) -> Template:
    errors = errors or []
    return page(
        "pages/users/add.html",
        title="Add user",
        access=school,
        active="users",
        errors=_errors(errors),
        field_errors={error.field: error.message for error in errors},
        answers={field: answers.get(field, "") for field in FIELDS},
        back_href=_users_path(school.school.id),
    )


def _sign_in_url(settings: Settings) -> str:
    # The configured address, never the request's Host header, which a sender could forge.
    return f"{settings.service_url}/sign-in"


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


@get("/schools/{school_id:int}/users/add", name="add_user")
async def add_user(request: Request, school: NamedDependency[SchoolAccess]) -> Template:
    """Ask for the colleague's name and email, keeping earlier answers when changing them."""
    return _form_page(school, request.session.get(_answers_key(school.school.id)) or {})


@post("/schools/{school_id:int}/users/add", name="add_user_answers")
async def add_user_answers(request: Request, school: NamedDependency[SchoolAccess]) -> Response:
    """Check the colleague's details, then ask the member to confirm them."""
    form = await request.form()
    answers = {field: str(form.get(field, "")) for field in FIELDS}
    parsed = await _parse(school.school.id, answers)
    if isinstance(parsed, list):
        return _form_page(school, answers, parsed)
    request.session[_answers_key(school.school.id)] = parsed
    return Redirect(f"{_users_path(school.school.id)}/add/check", status_code=303)


@get("/schools/{school_id:int}/users/add/check", name="confirm_user")
async def confirm_user(request: Request, school: NamedDependency[SchoolAccess]) -> Response:
    """Confirm user details: what the colleague will be able to do and that they get an email."""
    answers = request.session.get(_answers_key(school.school.id))
    if not answers:
        return Redirect(f"{_users_path(school.school.id)}/add", status_code=303)
    return page(
        "pages/users/confirm.html",
        title="Confirm user details",
        access=school,
        active="users",
        answers=answers,
        back_href=f"{_users_path(school.school.id)}/add",
    )


@post("/schools/{school_id:int}/users/add/check", name="confirm_add_user")
async def confirm_add_user(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    settings: NamedDependency[Settings],
) -> Response:
    """Add the colleague and queue their email in one transaction, then back to the list."""
    school_id = school.school.id
    answers = request.session.get(_answers_key(school_id))
    if not answers:
        return Redirect(f"{_users_path(school_id)}/add", status_code=303)
    # Checked again: someone else may have added this person since the answers were given.
    parsed = await _parse(school_id, answers)
    if isinstance(parsed, list):
        return _form_page(school, answers, parsed)
    try:
        async with write_transaction():
            added = await add_colleague(
                school_id, parsed["first_name"], parsed["last_name"], parsed["email"], clock.now()
            )
            await queue_email(
                "colleague_added",
                added.email,
                {
                    "first_name": added.first_name,
                    "school_name": school.school.name,
                    "added_by_name": school.viewer.user.full_name,
                    "service_url": _sign_in_url(settings),
                },
            )
    except AlreadyMember:
        return _form_page(school, answers, [FieldError("email", ALREADY_MEMBER)])
    request.session.pop(_answers_key(school_id), None)
    banner.show_after_redirect(request, "users", school_id, f"{added.full_name} has been added")
    return Redirect(_users_path(school_id), status_code=303)


async def _removable(school: SchoolAccess, user_id: int) -> Colleague:
    """A colleague the member may remove: never themselves, never someone from elsewhere."""
    if user_id == school.viewer.user.id:
        raise NotFoundException()
    member = await colleague(school.school.id, user_id)
    if member is None:
        raise NotFoundException()
    return member


@get("/schools/{school_id:int}/users/{user_id:int}/remove", name="remove_user")
async def remove_user(school: NamedDependency[SchoolAccess], user_id: FromPath[int]) -> Template:
    """Ask the member to confirm removing a colleague, who will be told by email."""
    member = await _removable(school, user_id)
    return page(
        "pages/users/remove.html",
        title=f"Are you sure you want to remove {member.full_name}?",
        access=school,
        active="users",
        member=member,
        back_href=_users_path(school.school.id),
    )


@post("/schools/{school_id:int}/users/{user_id:int}/remove", name="confirm_remove_user")
async def confirm_remove_user(
    request: Request, school: NamedDependency[SchoolAccess], user_id: FromPath[int]
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
    # Removed by someone else a moment ago: the list already shows the outcome they wanted.
    if removed is not None:
        banner.show_after_redirect(
            request, "users", school_id, f"{removed.full_name} has been removed"
        )
    return Redirect(_users_path(school_id), status_code=303)


ROUTES = [
    users,
    add_user,
    add_user_answers,
    confirm_user,
    confirm_add_user,
    remove_user,
    confirm_remove_user,
]
