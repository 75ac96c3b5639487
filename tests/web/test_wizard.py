"""The wizard engine on a task of its own ("add a claim window"), with no app or database.

Shows that a new multi-step task is step modules plus a journey: dates, then check, then done.
"""

from __future__ import annotations

from types import SimpleNamespace

import msgspec
import pytest
from litestar.datastructures import FormMultiDict
from litestar.exceptions import NotFoundException

from domain.validation.field_error import FieldError
from web import wizard

pytestmark = pytest.mark.anyio


class Window(msgspec.Struct, frozen=True):
    opens: str = ""
    closes: str = ""
    confirmed: bool = False
    reached_check_answers: bool = False


class DatesForm(msgspec.Struct, frozen=True):
    opens: str = ""
    closes: str = ""


def parse_dates(form: DatesForm, view: Window) -> Window | list[FieldError]:
    errors = [
        FieldError(name, f"Enter the date the window {name}")
        for name in ("opens", "closes")
        if not getattr(form, name).strip()
    ]
    return errors or Window(form.opens.strip(), form.closes.strip())


async def load_window(ask: wizard.Ask) -> Window:
    return ask.state


DATES = SimpleNamespace(
    ID="dates",
    Form=DatesForm,
    applies=lambda state: True,
    is_answered=lambda state, key: bool(state.opens),
    load=load_window,
    form_for=lambda view: DatesForm(view.opens, view.closes),
    parse=parse_dates,
    apply=lambda state, answer, key: msgspec.structs.replace(
        answer, reached_check_answers=state.reached_check_answers
    ),
    context=lambda view, form, errors: {"title": "Dates", "by_field": errors},
)
CHECK = SimpleNamespace(
    ID="check",
    Form=type("CheckForm", (msgspec.Struct,), {}),
    applies=lambda state: True,
    is_answered=lambda state, key: False,
    shown=lambda state: msgspec.structs.replace(state, reached_check_answers=True),
    load=load_window,
    form_for=lambda view: None,
    parse=lambda form, view: True,
    apply=lambda state, answer, key: msgspec.structs.replace(state, confirmed=answer),
    context=lambda view, form, errors: {"title": "Check", "window": view},
)
JOURNEY = wizard.Journey((DATES, CHECK))


class Page(msgspec.Struct):
    step_id: str
    template: str
    context: dict
    status_code: int = 200

    @property
    def errors(self) -> list:
        return self.context["errors"]

    @property
    def back_href(self) -> str:
        return self.context["back_href"]


class AddWindow:
    """A task keeping its state in a dict; done once confirmed."""

    journey = JOURNEY

    def __init__(self, store: dict, clash: bool = False) -> None:
        self.store, self.clash = store, clash
        self.state = store.get("window", Window())

    def url(self, step_id, query=None):
        return wizard.with_query(f"/windows/new/{step_id}", query)

    def exit_url(self):
        return "/windows"

    def ask(self, key, query, htmx=False):
        return wizard.Ask(self.state, key, query, None, htmx)

    def layout(self, step_id):
        return lambda template, **fields: Page(step_id, template, {"area": "windows", **fields})

    async def save(self, state):
        if state.confirmed:
            if self.clash:
                return wizard.Rejected("dates", [FieldError("opens", "Windows cannot overlap")])
            self.store["saved"] = state
            return "/windows"
        self.store["window"] = state
        return AddWindow(self.store)


class Request:
    """Just what the engine reads of a request: the posted form and the HTMX header."""

    htmx = False

    def __init__(self, data: dict | None = None) -> None:
        self.data = FormMultiDict(data or {})

    async def form(self):
        return self.data


async def post(task, step_id, data=None):
    return await wizard.answer(task, step_id, Request(data))


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_a_step_not_reached_yet_redirects_to_the_first_unanswered():
    response = await wizard.show(AddWindow({}), "check", Request(), {})
    assert (response.status_code, response.url) == (303, "/windows/new/dates")


async def test_an_unknown_step_is_not_found():
    with pytest.raises(NotFoundException):
        await wizard.show(AddWindow({}), "nonsense", Request(), {})


async def test_every_error_is_shown_at_once_with_the_answers_kept():
    page = await post(AddWindow({}), "dates", {"closes": "1 July"})
    assert page.status_code == 200
    assert [error["href"] for error in page.errors] == ["#opens"]
    page = await post(AddWindow({}), "dates", {})
    assert [error["href"] for error in page.errors] == ["#opens", "#closes"]
    assert page.template == "steps/dates.html"
    assert page.back_href == "/windows"


async def test_an_answer_is_saved_and_the_next_step_follows():
    store: dict = {}
    response = await post(AddWindow(store), "dates", {"opens": "1 May", "closes": "1 July"})
    assert (response.status_code, response.url) == (303, "/windows/new/check")
    assert store["window"] == Window("1 May", "1 July")


async def test_seeing_the_check_page_makes_a_change_return_to_it():
    store = {"window": Window("1 May", "1 July")}
    page = await wizard.show(AddWindow(store), "check", Request(), {})
    assert page.back_href == "/windows/new/dates"
    assert store["window"].reached_check_answers
    dates = await wizard.show(AddWindow(store), "dates", Request(), {})
    assert dates.back_href == "/windows/new/check"
    response = await post(AddWindow(store), "dates", {"opens": "2 May", "closes": "1 July"})
    assert response.url == "/windows/new/check"


async def test_confirming_ends_the_task():
    store = {"window": Window("1 May", "1 July")}
    response = await post(AddWindow(store), "check")
    assert (response.status_code, response.url) == (303, "/windows")
    assert store["saved"].confirmed


async def test_an_answer_that_no_longer_holds_shows_its_own_step_again():
    store = {"window": Window("1 May", "1 July")}
    page = await post(AddWindow(store, clash=True), "check")
    assert (page.step_id, page.status_code) == ("dates", 200)
    assert [error["text"] for error in page.errors] == ["Windows cannot overlap"]
    assert page.context["by_field"] == {"opens": "Windows cannot overlap"}


@pytest.mark.parametrize(("path", "step_id"), [("", "dates"), ("/check", "check")])
def test_a_task_serves_its_first_step_at_the_bare_address_and_the_rest_after_it(path, step_id):
    assert wizard.step_at(JOURNEY, path) == step_id


@pytest.mark.parametrize("path", ["/dates", "/nothing", "/check/more"])
def test_no_other_address_of_a_task_is_a_step(path):
    with pytest.raises(NotFoundException):
        wizard.step_at(JOURNEY, path)


def test_a_step_address_comes_from_the_task_route_name():
    def reverse(name, **params):
        return f"{name}:{sorted(params.items())}"

    assert wizard.step_url(reverse, "add", JOURNEY, "dates", window_id=3) == (
        "add:[('window_id', 3)]"
    )
    assert wizard.step_url(reverse, "add", JOURNEY, "check", {"q": "x"}) == (
        "add:[('step', 'check')]?q=x"
    )


def test_a_step_page_has_the_task_layout_with_its_title_errors_and_addresses():
    errors = [FieldError("opens", "Enter the date the window opens")]
    context = {"title": "Dates", "answers": {}}
    page = wizard.step_page(AddWindow({}), "dates", "dates.html", context, errors, "/back")
    assert (page.step_id, page.template) == ("dates", "dates.html")
    assert page.context == {
        "area": "windows",
        "title": "Dates",
        "errors": [{"text": "Enter the date the window opens", "href": "#opens"}],
        "back_href": "/back",
        "action": "/windows/new/dates",
        "cancel_href": "/windows",
        "answers": {},
    }


# A step whose answer is checked elsewhere as it is posted: a fragment as it is typed (HTMX),
# or a page of its own when the answer finds nothing.
LOOKUP = SimpleNamespace(
    **{
        **vars(DATES),
        "load": lambda ask: _looked_up(ask),
        "fragment": lambda view: f"fragment: {view}",
        "parse": lambda form, view: (
            wizard.Page("steps/nothing_found.html", {"title": "Nothing found"}, 503)
            if view == "nothing"
            else parse_dates(form, view)
        ),
    }
)
LOOKUP_JOURNEY = wizard.Journey((LOOKUP, CHECK))


async def _looked_up(ask: wizard.Ask):
    return "nothing" if ask.query.get("opens") == "never" else ask.state


class LookUpWindow(AddWindow):
    journey = LOOKUP_JOURNEY


class HTMXRequest(Request):
    htmx = True


async def test_a_fragment_answers_a_post_as_typed_and_saves_nothing():
    store: dict = {}
    response = await wizard.answer(
        LookUpWindow(store), "dates", HTMXRequest({"opens": "never", "closes": "1 July"})
    )
    assert response == "fragment: nothing"
    assert store == {}


async def test_a_page_of_the_steps_own_answers_a_post_and_saves_nothing():
    store: dict = {}
    page = await post(LookUpWindow(store), "dates", {"opens": "never", "closes": "1 July"})
    assert (page.template, page.status_code) == ("steps/nothing_found.html", 503)
    assert (page.step_id, page.errors, page.back_href) == ("dates", [], "/windows/new/dates")
    assert store == {}
    response = await post(LookUpWindow(store), "dates", {"opens": "1 May", "closes": "1 July"})
    assert (response.status_code, response.url) == (303, "/windows/new/check")
