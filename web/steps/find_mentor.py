"""Find a mentor: their TRN and date of birth, looked up in the Teaching Record System as posted.

The date of birth is never kept: the answer is the TRN and the name the Teaching Record System
gives for it, looked up the moment the answers are posted (on Continue, or as they are typed).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

import msgspec
from litestar.response import Template

from domain.validation.date_of_birth import parse_date_of_birth
from domain.validation.field_error import FieldError
from domain.validation.trn import TRN_LENGTH, parse_trn
from web.partials import mentor_preview
from web.partials.mentor_preview import Outcome, Preview
from web.wizard import Ask, Page

ID = "find"
TEMPLATE = "steps/find_mentor.html"
TITLE = "Find a mentor"
TRN = "trn"
DATE_OF_BIRTH = "date-of-birth"
NOT_FOUND_TITLE = "No teacher found"
UNAVAILABLE_TITLE = "Sorry, the Teaching Record System is not available"


class Form(msgspec.Struct, frozen=True):
    """The TRN and the date's three boxes as typed, and "change" when sent back to edit them."""

    trn: str = ""
    day: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-day")
    month: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-month")
    year: str = msgspec.field(default="", name=f"{DATE_OF_BIRTH}-year")
    change: str = ""


class Search(msgspec.Struct, frozen=True):
    """A well-formed TRN and date of birth, ready to look up."""

    trn: str
    date_of_birth: date


class Teacher(msgspec.Struct, frozen=True):
    """A teacher as the Teaching Record System (or the school's own list) names them."""

    trn: str
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class Found(msgspec.Struct, frozen=True):
    """What looking the answers up said, and the teacher when there is one."""

    outcome: Outcome
    teacher: Teacher | None = None


class NewMentor(msgspec.Struct, frozen=True):
    """The teacher being added (never their date of birth), and whether the user confirmed."""

    trn: str = ""
    first_name: str = ""
    last_name: str = ""
    confirmed: bool = False

    @property
    def full_name(self) -> str:
        """First and last name, as the Teaching Record System gives them."""
        return f"{self.first_name} {self.last_name}"


class Lookups(Protocol):
    """What the step asks of its task."""

    def today(self) -> date:
        """The UK date now."""

    async def look_up(self, search: Search) -> Found:
        """The school's own mentor with the TRN, else whom the Teaching Record System finds."""


class View(msgspec.Struct, frozen=True):
    """What was typed (or the TRN found before), today, and what looking it up found."""

    typed: Form
    today: date
    found: Found | None = None


def applies(state: NewMentor) -> bool:
    """Every mentor is found in the Teaching Record System first."""
    return True


def is_answered(state: NewMentor, key: str) -> bool:
    """Whether a teacher was found."""
    return bool(state.trn)


def parse_search(form: Form, today: date) -> Search | list[FieldError]:
    """The search, or every field's error in page order (field ids as on the page)."""
    trn = parse_trn(form.trn)
    born = parse_date_of_birth(form.day, form.month, form.year, today)
    errors = [each for each in (trn, born) if isinstance(each, FieldError)]
    if errors:
        return [_on_page(each) for each in errors]
    return Search(trn=trn, date_of_birth=born)


def _on_page(error: FieldError) -> FieldError:
    # The date of birth's errors name a part (day, month or year) of the GOV.UK date input.
    if error.field == TRN:
        return error
    return FieldError(
        f"{DATE_OF_BIRTH}-{error.field}",
        error.message,
        tuple(f"{DATE_OF_BIRTH}-{part}" for part in error.highlighted),
    )


async def load(ask: Ask) -> View:
    """The answers posted and who they belong to; before any post, the TRN found last time."""
    lookups: Lookups = ask.lookups
    today = lookups.today()
    if not ask.query:
        return View(Form(trn=ask.state.trn), today)
    typed = Form(*(ask.query.get(name, "") for name in Form.__struct_fields__))
    search = parse_search(typed, today)
    if typed.change or not isinstance(search, Search):
        return View(typed, today)
    return View(typed, today, await lookups.look_up(search))


def form_for(view: View) -> Form:
    """The boxes as typed (the date of birth is never kept to fill them again)."""
    return view.typed


def fragment(view: View) -> Template:
    """Who the answers typed so far belong to, under the date of birth."""
    return mentor_preview.fragment(preview(view))


def preview(view: View) -> Preview | None:
    """Who the lookup found; nothing while the answers are incomplete."""
    # Errors wait for Continue: GOV.UK validates on submit, not as you type.
    found = view.found
    if found is None:
        return None
    return Preview(found.outcome, found.teacher.full_name if found.teacher else "")


def already_added(name: str) -> FieldError:
    """The TRN's error when the school already holds the teacher."""
    return FieldError(TRN, f"{name} has already been added as a mentor")


def parse(form: Form, view: View) -> NewMentor | Page | list[FieldError]:
    """The teacher found, else the page saying why not, else every field's error."""
    if form.change:
        # "Change" and "check the details" come back with the answers, to edit them.
        return []
    search = parse_search(form, view.today)
    if isinstance(search, list):
        return search
    found = view.found or Found(Outcome.UNAVAILABLE)
    if found.outcome is Outcome.ALREADY_ADDED and found.teacher is not None:
        return [already_added(found.teacher.full_name)]
    if found.outcome is Outcome.FOUND and found.teacher is not None:
        teacher = found.teacher
        return NewMentor(teacher.trn, teacher.first_name, teacher.last_name)
    # Posted back from these pages to edit or try again, tidied ("Mar" is 3, no spaces).
    answers = answers_of(search)
    if found.outcome is Outcome.NOT_FOUND:
        return Page(
            "steps/find_mentor_not_found.html",
            {
                "title": NOT_FOUND_TITLE,
                "search": search,
                "answers": answers,
                "trn_length": TRN_LENGTH,
            },
        )
    # 503: the service is fine but a system it depends on is not; the answers stay in the form.
    return Page(
        "steps/find_mentor_unavailable.html",
        {"title": UNAVAILABLE_TITLE, "answers": answers},
        status_code=503,
    )


def answers_of(search: Search) -> Form:
    """The search as it would be typed."""
    born = search.date_of_birth
    return Form(search.trn, str(born.day), str(born.month), str(born.year))


def apply(state: NewMentor, answer: NewMentor, key: str) -> NewMentor:
    """The teacher found, to be confirmed."""
    return answer


def context(view: View, form: Form, errors: dict[str, str]) -> dict:
    """What the find page shows."""
    date_error = next((errors[f] for f in errors if f.startswith(DATE_OF_BIRTH)), None)
    # The message alone does not say which of the date's boxes to mark: parse it again.
    searched = parse_search(form, view.today) if date_error else None
    parts = (
        next(
            (e.highlighted for e in searched if e.field.startswith(DATE_OF_BIRTH)),
            (),
        )
        if isinstance(searched, list)
        else ()
    )
    return {
        "title": TITLE,
        "answers": form,
        "trn_length": TRN_LENGTH,
        "trn_error": errors.get(TRN),
        "date_error": date_error,
        "date_parts": parts,
        "preview": None,
    }
