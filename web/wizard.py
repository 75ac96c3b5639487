"""The wizard engine: a journey of step modules, and one GET and one POST for every step.

A step module owns its step: `ID` (URL slug = template name = test file), `applies(state)`,
`is_answered(state, key)`, `Form` (raw strings), `load(ask)` (through the lookups its task passes
in), `form_for(view)`, `parse(form, view)`, `apply(state, answer, key)` and `context(view, form,
errors)`. A step asked once per thing (hours per mentor) adds `keys(state)` and `is_key(key)`; its
ids are "{ID}/{key}". A view of a step (provider results) sets `VIEW_OF` and is reachable when its
step is. Optional: `shown(state)` (what seeing the page records), `fragment(view)` (HTMX, on a
GET or a POST: a POST keeps what is typed out of the address), `back(view)` (a back link other
than the previous step). No `Form` means the page posts elsewhere. `parse` may answer with a
`Page` of its own instead (no teacher found): shown as it is, nothing saved.

A task (add claim, add user, a support console task) supplies the rest: where state is kept, the
layout around a step and the addresses. Answers are never lists; a list from `parse` or `save`
is the page's errors. A task has one GET and one POST route: `step_at` reads the step from its
path (the first step at the bare address) and `step_url` builds one from the route's name;
`step_page` puts a step in the layout the task gives (`layout(step_id)`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any, Protocol
from urllib.parse import urlencode

import msgspec
from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Response

from domain.validation.field_error import FieldError
from web.forms import error_summary, read_form


class Goto(msgspec.Struct, frozen=True):
    """Send the user to a step (or a view of one) instead, with a query string."""

    step_id: str
    query: dict[str, str] = {}


class Rejected(msgspec.Struct, frozen=True):
    """Saving found an earlier answer no longer holds: show that step again with its errors."""

    step_id: str
    errors: list[FieldError]


class Page(msgspec.Struct, frozen=True):
    """A page a step shows in answer to a post instead of moving on; nothing is saved."""

    template: str
    context: dict
    status_code: int = 200


class Ask(msgspec.Struct, frozen=True):
    """What a step's `load` is given: the state, which repeat of the step, the query, lookups."""

    state: Any
    key: str
    query: Mapping[str, str]
    lookups: Any
    # An HTMX request for a fragment (suggestions as the user types), not a whole page.
    htmx: bool = False


class Journey:
    """The ordered registry of a task's step modules: the only list of its steps."""

    def __init__(self, steps: Sequence[ModuleType], views: Sequence[ModuleType] = ()) -> None:
        self.steps = tuple(steps)
        self.views = {view.ID: view for view in views}
        self.first = self.steps[0].ID
        self.last = self.steps[-1].ID

    def find(self, step_id: str) -> tuple[ModuleType, str] | None:
        """The module serving a step id, and the key of its repeat ("" for a single step)."""
        if step_id in self.views:
            return self.views[step_id], ""
        slug, _, key = step_id.partition("/")
        for module in self.steps:
            if module.ID != slug:
                continue
            repeated = hasattr(module, "keys")
            if repeated and key and module.is_key(key):
                return module, key
            if not repeated and not key:
                return module, ""
        return None

    def step_ids(self, state: Any) -> list[str]:
        """Every step the state calls for, in order."""
        ids: list[str] = []
        for module in self.steps:
            if not module.applies(state):
                continue
            if hasattr(module, "keys"):
                ids.extend(f"{module.ID}/{key}" for key in module.keys(state))
            else:
                ids.append(module.ID)
        return ids

    def is_answered(self, state: Any, step_id: str) -> bool:
        """Whether the step's question has an answer."""
        found = self.find(step_id)
        return found is not None and found[0].is_answered(state, found[1])

    def first_unanswered(self, state: Any) -> str:
        """The first question without an answer, or the last step when there is none."""
        ids = self.step_ids(state)
        return next((step_id for step_id in ids if not self.is_answered(state, step_id)), ids[-1])

    def is_reachable(self, state: Any, step_id: str) -> bool:
        """Whether the step applies and every question before it is answered."""
        step_id = self._placed(step_id)
        ids = self.step_ids(state)
        return step_id in ids and ids.index(step_id) <= ids.index(self.first_unanswered(state))

    def next_step(self, state: Any, current: str) -> str:
        """Where to go after answering `current`: the following step, or back to the last."""
        current = self._placed(current)
        first_gap = self.first_unanswered(state)
        if self.is_changing(state):
            return first_gap
        ids = self.step_ids(state)
        following = ids[ids.index(current) + 1] if current in ids[:-1] else first_gap
        return min(following, first_gap, key=ids.index)

    def previous_step(self, state: Any, current: str) -> str | None:
        """Where the back link goes: the step before, the last step when changing, or None."""
        current = self._placed(current)
        if self.is_changing(state) and current != self.last:
            return self.last
        ids = self.step_ids(state)
        if current not in ids or ids.index(current) == 0:
            return None
        return ids[ids.index(current) - 1]

    def is_changing(self, state: Any) -> bool:
        """Whether the last step (check your answers) was seen, so every answer returns to it."""
        return bool(getattr(state, "reached_check_answers", False))

    def _placed(self, step_id: str) -> str:
        # A view stands in the order where the step it shows stands.
        view = self.views.get(step_id)
        return view.VIEW_OF if view is not None else step_id


class Task(Protocol):
    """One user's run through one wizard: its journey, state store, layout and addresses."""

    journey: Journey

    @property
    def state(self) -> Any:
        """The answers so far."""

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The address of a step of this run."""

    def exit_url(self) -> str:
        """Where the first step's back link goes (the list the task started from)."""

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> Ask:
        """What a step's `load` gets: the state and this task's lookups."""

    async def save(self, state: Any) -> Task | list[FieldError] | Rejected | str:
        """Keep the new state: the task as saved, this page's errors, an earlier step's errors
        (checked again at the end), or an address to go to (the task is done)."""

    def layout(self, step_id: str) -> Callable[..., Response]:
        """The page a step sits in (`page` or `console_page` with the area and whatever else
        this task's pages show filled in), given the template and the step's fields."""


def step_page(
    task: Task,
    step_id: str,
    template: str,
    context: Mapping[str, Any],
    errors: Sequence[FieldError],
    back_href: str,
) -> Response:
    """A step's page in its task's layout: the step's fields (its title, or the task's), the
    error summary, the back link, where the form posts and where Cancel goes."""
    return task.layout(step_id)(
        template,
        **context,
        errors=error_summary(errors),
        back_href=back_href,
        action=task.url(step_id),
        cancel_href=task.exit_url(),
    )


def _see_other(url: str) -> Redirect:
    # 303 after a POST, so reloading the next page never posts the answer again.
    return Redirect(url, status_code=303)


def _goto_url(task: Task, goto: Goto) -> str:
    return task.url(goto.step_id, goto.query)


def _goto(task: Task, goto: Goto) -> Redirect:
    return _see_other(_goto_url(task, goto))


def _step(task: Task, step_id: str) -> tuple[ModuleType, str]:
    found = task.journey.find(step_id)
    if found is None:
        raise NotFoundException()
    return found


def back_href(task: Task, module: ModuleType, step_id: str, view: Any) -> str:
    """Where a step's back link goes."""
    if hasattr(module, "back"):
        return _goto_url(task, module.back(view))
    previous = task.journey.previous_step(task.state, step_id)
    return task.url(previous) if previous else task.exit_url()


def render(
    task: Task,
    step_id: str,
    view: Any,
    form: Any,
    errors: Sequence[FieldError] = (),
) -> Response:
    """A step's page: its context, the error summary and the back link, in the task's layout."""
    module, _ = _step(task, step_id)
    by_field = {error.field: error.message for error in errors}
    context = module.context(view, form, by_field)
    template = getattr(module, "TEMPLATE", f"steps/{module.ID.replace('-', '_')}.html")
    return step_page(
        task, step_id, template, context, errors, back_href(task, module, step_id, view)
    )


async def show(task: Task, step_id: str, request: Request, query: Mapping[str, str]) -> Response:
    """GET: the step's page with the answer given so far, once the steps before are answered."""
    module, key = _step(task, step_id)
    if not task.journey.is_reachable(task.state, step_id):
        return _see_other(task.url(task.journey.first_unanswered(task.state)))
    if hasattr(module, "shown"):
        seen = module.shown(task.state)
        if seen != task.state:
            saved = await task.save(seen)
            task = saved if not isinstance(saved, list | str | Rejected) else task
    htmx = bool(getattr(request, "htmx", False))
    view = await module.load(task.ask(key, query, htmx))
    if isinstance(view, Goto):
        return _goto(task, view)
    if htmx and hasattr(module, "fragment"):
        return module.fragment(view)
    return render(task, step_id, view, module.form_for(view))


async def answer(task: Task, step_id: str, request: Request) -> Response:
    """POST: the page again with every error (200), or save and on to the next step (303)."""
    module, key = _step(task, step_id)
    if not task.journey.is_reachable(task.state, step_id):
        return _see_other(task.url(task.journey.first_unanswered(task.state)))
    if not hasattr(module, "Form"):
        # The page posts elsewhere (check your answers to submit): a stray post shows it again.
        return _see_other(task.url(step_id))
    form = await read_form(request, module.Form)
    # A page's hidden fields (the search a result was picked from) are its query when posted.
    fields = msgspec.structs.asdict(form).items()
    query = {name: value for name, value in fields if isinstance(value, str)}
    htmx = bool(getattr(request, "htmx", False))
    view = await module.load(task.ask(key, query, htmx))
    if isinstance(view, Goto):
        return _goto(task, view)
    if htmx and hasattr(module, "fragment"):
        # Typed so far, posted as it is typed: what it finds, and nothing saved.
        return module.fragment(view)
    parsed = module.parse(form, view)
    if isinstance(parsed, Goto):
        return _goto(task, parsed)
    if isinstance(parsed, Page):
        # Its back link returns to the question it answers.
        shown = step_page(task, step_id, parsed.template, parsed.context, (), task.url(step_id))
        shown.status_code = parsed.status_code
        return shown
    if isinstance(parsed, list):
        return render(task, step_id, view, form, parsed)
    updated = module.apply(task.state, parsed, key)
    saved = await task.save(updated)
    if isinstance(saved, str):
        return _see_other(saved)
    if isinstance(saved, list):
        # Something changed meanwhile (another school took the hours): the page as it is now.
        fresh = await module.load(task.ask(key, query))
        return render(task, step_id, fresh, form, saved)
    if isinstance(saved, Rejected):
        earlier, earlier_key = _step(task, saved.step_id)
        view = await earlier.load(task.ask(earlier_key, {}))
        return render(task, saved.step_id, view, earlier.form_for(view), saved.errors)
    return _see_other(saved.url(task.journey.next_step(updated, step_id)))


def step_at(journey: Journey, step: str) -> str:
    """The step a task's address names: the first at the bare address, any other after it."""
    step_id = step.strip("/")
    if not step_id:
        return journey.first
    # One address a page: the first step is never also served at /{its id}.
    if step_id == journey.first or journey.find(step_id) is None:
        raise NotFoundException()
    return step_id


def step_url(
    reverse: Callable[..., str],
    name: str,
    journey: Journey,
    step_id: str,
    query: Mapping[str, str] | None = None,
    **params: Any,
) -> str:
    """A step's address from its task's route name (see `step_at`)."""
    if step_id != journey.first:
        params["step"] = step_id
    return with_query(reverse(name, **params), query)


def with_query(url: str, query: Mapping[str, str] | None) -> str:
    """The address with a query string, if there is one."""
    return f"{url}?{urlencode(query)}" if query else url
