"""Facilitator pages for research sessions, the participant's sign-in link and the JS beacon.

Registered only when research mode is on, which production refuses (web/settings.py), so none
of these pages exists on the live service. Facilitators need no sign-in.
"""

from __future__ import annotations

import re

import msgspec
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from db.queries.research import (
    EventValue,
    SessionValue,
    all_sessions,
    session_by_code,
    session_events,
    session_notes,
    study_names,
)
from db.queries.users import record_sign_in, user_by_persona
from db.queries.windows import all_windows
from domain.validation.date_input import parse_date_input
from domain.validation.field_error import FieldError
from web.access import SESSION_USER
from web.clock import Clock
from web.forms import error_summary
from web.page import page
from web.research import study_pages
from web.research.charts import timeline
from web.research.clock import session_clock
from web.research.dates import SessionDate, at_session_time, chosen_text, date_choices, on_day
from web.research.downloads import download
from web.research.journal import ACTIVE, JOURNAL
from web.research.notes import parse_note
from web.research.record import ARRIVALS, NAVIGATIONS, notes_csv, runs, summary_csv, visits_csv
from web.research.record import as_json as record_json
from web.research.recorder import SESSION_RESEARCH
from web.research.scenarios import SCENARIOS, scenario
from web.research.sessions import (
    add_note,
    choose_session_date,
    delete_session,
    reset_session,
    set_session_date,
    set_session_study,
    start_session,
)
from web.research.studies import Study, parse_study_name
from web.session_store import start_new_session

_CODE = re.compile(r"[A-Z0-9]{6}")
_PAGE_TOKEN = re.compile(r"[0-9a-f]{32}")
ANOTHER_DATE = "another"
DONE = {
    "started": "Session started",
    "reset": "Session reset: the data is back to the scenario's starting point",
    "date": "Session date changed",
    "deleted": "Session deleted",
    "note": "Note added",
    "study": "Study changed",
}


async def _recorded(code: str) -> SessionValue:
    # Pages recorded a moment ago may still be on their way to the database.
    await JOURNAL.flush()
    return await _session(code)


async def _session(code: str) -> SessionValue:
    found = await session_by_code(code.upper()) if _CODE.fullmatch(code.upper()) else None
    if found is None:
        raise NotFoundException()
    return found


def _scenario_name(session: SessionValue) -> str:
    chosen = scenario(session.scenario)
    return chosen.name if chosen else session.scenario


def _session_path(code: str) -> str:
    return f"/research/sessions/{code}"


@get("/research", name="research_sessions")
async def sessions(done: FromQuery[str] = "") -> Template:
    """Every research session, and a way to start one."""
    await JOURNAL.flush()
    return page(
        "pages/research/sessions.html",
        title="Research sessions",
        sessions=await all_sessions(),
        scenario_names={each.key: each.name for each in SCENARIOS},
        success_message=DONE.get(done),
    )


@get("/research/sessions/new", name="research_new_session")
async def new_session() -> Template:
    """Choose the scenario for a participant session."""
    return _scenario_page()


def _scenario_page(errors: list[dict] | None = None, answers: dict | None = None) -> Template:
    return page(
        "pages/research/new_session.html",
        title="Choose a scenario",
        errors=errors,
        answers=answers or {},
        scenarios=SCENARIOS,
        back_href="/research",
    )


@post("/research/sessions", name="research_start_session")
async def start(request: Request, clock: NamedDependency[Clock]) -> Response:
    """Start a session: build the scenario's rows and give it a code."""
    form = await request.form()
    answers = {"scenario": str(form.get("scenario", "")), "study": str(form.get("study", ""))}
    chosen = scenario(answers["scenario"])
    study = parse_study_name(answers["study"])
    errors = [] if chosen else [{"text": "Select a scenario", "href": "#scenario"}]
    if isinstance(study, FieldError):
        errors += error_summary([study])
    if errors:
        return _scenario_page(errors, answers)
    session = await start_session(chosen.key, clock)
    if study:
        await set_session_study(session.code, study)
    return Redirect(f"{_session_path(session.code)}?done=started", status_code=303)


async def _session_page(
    request: Request,
    session: SessionValue,
    clock: Clock,
    *,
    errors: list[dict] | None = None,
    answers: dict[str, str] | None = None,
    done: str = "",
) -> Template:
    now = clock.now()
    chosen = scenario(session.scenario)
    return page(
        "pages/research/session.html",
        title=f"Session {session.code}",
        errors=errors,
        session=session,
        scenario_name=_scenario_name(session),
        date_chosen=chosen_text(session.date_choice, chosen.date) if chosen else "",
        study=Study(name=session.study) if session.study else Study(scenario=session.scenario),
        notes=list(reversed(await session_notes([session.id]))),
        service_now=session_clock(session.clock_offset_seconds, clock).now(),
        sign_in_url=str(request.base_url).rstrip("/") + f"/research/join/{session.code}",
        date_choices=date_choices(await all_windows(), now),
        answers=answers or {},
        another=ANOTHER_DATE,
        success_message=DONE.get(done),
        back_href="/research",
    )


@get("/research/sessions/{code:str}", name="research_session")
async def session_page(
    request: Request, code: FromPath[str], clock: NamedDependency[Clock], done: FromQuery[str] = ""
) -> Template:
    """A session: the participant's link, the briefing, the date, notes, reset and the record."""
    return await _session_page(request, await _session(code), clock, done=done)


@post("/research/sessions/{code:str}/notes", name="research_add_note")
async def note(request: Request, code: FromPath[str], clock: NamedDependency[Clock]) -> Response:
    """Keep a note with the session's record; the participant never sees it."""
    session = await _session(code)
    form = await request.form()
    text = str(form.get("note", ""))
    parsed = parse_note(text)
    if isinstance(parsed, FieldError):
        return await _session_page(
            request, session, clock, errors=error_summary([parsed]), answers={"note": text}
        )
    await add_note(session, parsed, clock)
    return Redirect(f"{_session_path(session.code)}?done=note#notes", status_code=303)


def _study_page(session: SessionValue, errors=None, answers=None, names=()) -> Template:
    return page(
        "pages/research/study_name.html",
        title="Which study is this session part of?",
        errors=errors,
        session=session,
        scenario_name=_scenario_name(session),
        answers=answers or {"study": session.study},
        names=names,
        back_href=_session_path(session.code),
    )


@get("/research/sessions/{code:str}/study", name="research_session_study")
async def study_name(code: FromPath[str]) -> Template:
    """Name the study the session belongs to."""
    session = await _session(code)
    return _study_page(session, names=await study_names())


@post("/research/sessions/{code:str}/study", name="research_set_session_study")
async def set_study_name(request: Request, code: FromPath[str]) -> Response:
    """Put the session in the named study, or in its scenario's only."""
    session = await _session(code)
    text = str((await request.form()).get("study", ""))
    parsed = parse_study_name(text)
    if isinstance(parsed, FieldError):
        return _study_page(session, error_summary([parsed]), {"study": text}, await study_names())
    await set_session_study(session.code, parsed)
    return Redirect(f"{_session_path(session.code)}?done=study", status_code=303)


@get("/research/sessions/{code:str}/reset", name="research_confirm_reset")
async def confirm_reset(code: FromPath[str], clock: NamedDependency[Clock]) -> Template:
    """Ask before resetting: the participant's changes go, the record and the date stay."""
    session = await _session(code)
    chosen = scenario(session.scenario)
    return page(
        "pages/research/reset.html",
        title=f"Are you sure you want to reset session {session.code}?",
        session=session,
        scenario_name=_scenario_name(session),
        date_chosen=chosen_text(session.date_choice, chosen.date) if chosen else "",
        back_href=_session_path(session.code),
    )


@post("/research/sessions/{code:str}/reset", name="research_reset_session")
async def reset(code: FromPath[str], clock: NamedDependency[Clock]) -> Redirect:
    """Put the session's data back to its scenario's starting point: a new run begins."""
    session = await _session(code)
    await reset_session(session.code, clock)
    return Redirect(f"{_session_path(session.code)}?done=reset", status_code=303)


@post("/research/sessions/{code:str}/date", name="research_session_date")
async def change_date(
    request: Request, code: FromPath[str], clock: NamedDependency[Clock]
) -> Response:
    """Set the date the service believes it is, for this session only."""
    session = await _session(code)
    form = await request.form()
    choice = str(form.get("date", ""))
    answers = {part: str(form.get(f"another-date-{part}", "")) for part in ("day", "month", "year")}
    if choice == ANOTHER_DATE:
        day = parse_date_input(answers["day"], answers["month"], answers["year"], "the date")
        if isinstance(day, FieldError):
            errors = error_summary(
                [msgspec.structs.replace(day, field=f"another-date-{day.field}")]
            )
            return await _session_page(
                request, session, clock, errors=errors, answers={"date": choice, **answers}
            )
        await set_session_date(session.code, at_session_time(day), clock, choice=on_day(day))
    elif choice in {each.value for each in SessionDate}:
        await choose_session_date(session.code, SessionDate(choice), clock)
    else:
        errors = [{"text": "Select the date the service should think it is", "href": "#date"}]
        return await _session_page(request, session, clock, errors=errors, answers=answers)
    return Redirect(f"{_session_path(session.code)}?done=date", status_code=303)


@get("/research/sessions/{code:str}/record", name="research_record")
async def record(code: FromPath[str], run: FromQuery[str] = "") -> Template:
    """What the participant did, run by run: pages, time on each, errors, going back."""
    session = await _recorded(code)
    record_runs = runs(await session_events(session.id))
    chosen = next((each for each in record_runs if str(each.run) == run), None)
    shown = chosen or (record_runs[-1] if record_runs else None)
    notes = await session_notes([session.id])
    shown_notes = [each for each in notes if shown and each.run == shown.run]
    return page(
        "pages/research/record.html",
        title=f"Session {session.code} record",
        session=session,
        scenario_name=_scenario_name(session),
        runs=record_runs,
        shown=shown,
        notes=shown_notes,
        timeline=timeline(shown, [(each.at, each.text) for each in shown_notes]) if shown else None,
        arrivals=ARRIVALS,
        back_href=_session_path(session.code),
    )


@get("/research/sessions/{code:str}/record.csv", name="research_record_csv")
async def record_csv(code: FromPath[str]) -> Response:
    """Every page of every run as CSV."""
    session = await _recorded(code)
    text = visits_csv(session.code, runs(await session_events(session.id)))
    return download(text, "text/csv; charset=utf-8", f"research-{session.code}-pages.csv")


@get("/research/sessions/{code:str}/summary.csv", name="research_summary_csv")
async def record_summary_csv(code: FromPath[str]) -> Response:
    """Counts per step of every run as CSV."""
    session = await _recorded(code)
    text = summary_csv(session.code, runs(await session_events(session.id)))
    return download(text, "text/csv; charset=utf-8", f"research-{session.code}-summary.csv")


@get("/research/sessions/{code:str}/record.json", name="research_record_json")
async def record_as_json(code: FromPath[str]) -> Response:
    """The whole record as JSON."""
    session = await _recorded(code)
    record_runs = runs(await session_events(session.id))
    notes = await session_notes([session.id])
    body = record_json(session, _scenario_name(session), record_runs, notes)
    return download(body, "application/json", f"research-{session.code}.json")


@get("/research/sessions/{code:str}/notes.csv", name="research_notes_csv")
async def record_notes_csv(code: FromPath[str]) -> Response:
    """The facilitator's notes as CSV."""
    session = await _session(code)
    text = notes_csv(session.code, await session_notes([session.id]))
    return download(text, "text/csv; charset=utf-8", f"research-{session.code}-notes.csv")


@get("/research/sessions/{code:str}/delete", name="research_confirm_delete")
async def confirm_delete(code: FromPath[str]) -> Template:
    """Ask before deleting a session and its record."""
    session = await _session(code)
    return page(
        "pages/research/delete.html",
        title=f"Are you sure you want to delete session {session.code}?",
        session=session,
        scenario_name=_scenario_name(session),
        back_href=_session_path(session.code),
    )


@post("/research/sessions/{code:str}/delete", name="research_delete_session")
async def delete(code: FromPath[str]) -> Redirect:
    """Delete the session, its record and its data."""
    session = await _session(code)
    await delete_session(session.code)
    return Redirect("/research?done=deleted", status_code=303)


@get("/research/join/{code:str}", name="research_join")
async def join(code: FromPath[str]) -> Template:
    """The participant's way in: sign in as the session's user."""
    session = await _session(code)
    user = await user_by_persona(session.participant_key)
    if user is None:
        raise NotFoundException()
    return page("pages/research/join.html", title=f"Sign in as {user.full_name}", session=session)


@post("/research/join/{code:str}", name="research_sign_in")
async def sign_in(request: Request, code: FromPath[str], clock: NamedDependency[Clock]) -> Redirect:
    """Sign the participant in; their requests now belong to the session and its date."""
    session = await _session(code)
    user = await user_by_persona(session.participant_key)
    if user is None:
        raise NotFoundException()
    # A new web session, as for any sign-in, that remembers the research session.
    start_new_session(request, {SESSION_USER: user.id, SESSION_RESEARCH: session.code})
    await record_sign_in(user.id, session_clock(session.clock_offset_seconds, clock).now())
    chosen = scenario(session.scenario)
    return Redirect(chosen.start_path if chosen else "/schools", status_code=303)


@post("/research/beacon", name="research_beacon", status_code=204)
async def beacon(request: Request, clock: NamedDependency[Clock]) -> None:
    """JavaScript ran on a participant's page: note it, and how the page was reached."""
    code = request.session.get(SESSION_RESEARCH) if request.session else None
    if not isinstance(code, str):
        return
    found = await ACTIVE.get(code)
    form = await request.form()
    token, navigation = str(form.get("page", "")), str(form.get("navigation", ""))
    if found is None or not _PAGE_TOKEN.fullmatch(token) or navigation not in NAVIGATIONS:
        return
    session_id, run, _ = found
    JOURNAL.add(
        [
            EventValue(
                session=session_id,
                run=run,
                kind="js",
                at=clock.now(),
                page=token,
                via=navigation,
            )
        ]
    )


ROUTES = [
    sessions,
    new_session,
    start,
    session_page,
    note,
    study_name,
    set_study_name,
    confirm_reset,
    reset,
    change_date,
    record,
    record_csv,
    record_summary_csv,
    record_as_json,
    record_notes_csv,
    confirm_delete,
    delete,
    join,
    sign_in,
    beacon,
    *study_pages.ROUTES,
]
