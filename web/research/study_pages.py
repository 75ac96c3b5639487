"""A study's pages: the list of studies, the charts across a study's sessions, and downloads."""

from __future__ import annotations

import msgspec
from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Template

from db.queries.research import (
    NoteValue,
    SessionValue,
    all_sessions,
    session_notes,
    study_events,
    study_sessions,
)
from web.page import page
from web.research import charts
from web.research.downloads import download
from web.research.figures import Participant, StudyFigures, study_csv, study_figures
from web.research.journal import JOURNAL
from web.research.record import runs
from web.research.scenarios import SCENARIOS
from web.research.scenarios import scenario as scenario_named
from web.research.studies import Study


class StudyData(msgspec.Struct, frozen=True):
    """A study's sessions, participants and notes, read once for a page or a download."""

    study: Study
    title: str
    sessions: list[SessionValue]
    participants: list[Participant]
    notes: list[NoteValue]


async def _study(name: str, scenario_key: str, *, whole: bool = True) -> StudyData:
    # Pages recorded a moment ago may still be on their way to the database.
    await JOURNAL.flush()
    if name:
        study, title = Study(name=name), name
    else:
        chosen = scenario_named(scenario_key)
        if chosen is None:
            raise NotFoundException()
        study, title = Study(scenario=chosen.key), chosen.name
    sessions = await study_sessions(scenario=study.scenario, study=study.name)
    if not sessions:
        raise NotFoundException()
    events = await study_events(scenario=study.scenario, study=study.name, whole=whole)
    by_session: dict[int, list] = {}
    for event in events:
        by_session.setdefault(event.session, []).append(event)
    notes = await session_notes([each.id for each in sessions])
    counted: dict[tuple[int, int], int] = {}
    for each in notes:
        counted[each.session, each.run] = counted.get((each.session, each.run), 0) + 1
    participants = [
        Participant(session.code, run, counted.get((session.id, run.run), 0))
        for session in sessions
        for run in runs(by_session.get(session.id, []))
    ]
    return StudyData(study, title, sessions, participants, notes)


def _charts(figures: StudyFigures) -> dict:
    return {
        "time_chart": charts.time_on_questions(figures.times),
        "errors_chart": charts.bars(
            "errors-chart",
            "Errors shown, by field",
            [
                (f"{each.question}: {each.field}", each.errors, str(each.errors))
                for each in figures.errors
            ],
            "error",
        ),
        "going_back_chart": charts.going_back(figures.going_back),
        "funnel_chart": charts.funnel(figures.funnel),
        "javascript_chart": charts.javascript(figures.javascript),
    }


@get("/research/studies", name="research_studies")
async def studies() -> Template:
    """Every study: sessions given a study name, and sessions by scenario."""
    await JOURNAL.flush()
    sessions = await all_sessions()
    named: dict[str, list] = {}
    by_scenario: dict[str, list] = {}
    for each in sessions:
        if each.study:
            named.setdefault(each.study, []).append(each)
        by_scenario.setdefault(each.scenario, []).append(each)
    return page(
        "pages/research/studies.html",
        title="Studies",
        named=[
            (Study(name=name), name, found)
            for name, found in sorted(named.items(), key=lambda item: item[0].casefold())
        ],
        scenarios=[
            (Study(scenario=each.key), each.name, by_scenario[each.key])
            for each in SCENARIOS
            if each.key in by_scenario
        ],
        back_href="/research",
    )


@get("/research/study", name="research_study")
async def study(name: FromQuery[str] = "", scenario: FromQuery[str] = "") -> Template:
    """Charts across a study's sessions: time, errors, going back, how far, JavaScript."""
    data = await _study(name, scenario, whole=False)
    figures = study_figures(data.participants)
    return page(
        "pages/research/study.html",
        title=data.title,
        study=data.study,
        study_title=data.title,
        sessions=data.sessions,
        figures=figures,
        notes=len(data.notes),
        seconds_text=charts.seconds_text,
        back_href="/research/studies",
        **_charts(figures),
    )


@get("/research/study.csv", name="research_study_csv")
async def study_as_csv(name: FromQuery[str] = "", scenario: FromQuery[str] = "") -> Response:
    """Every participant's numbers for every question, as CSV."""
    data = await _study(name, scenario, whole=False)
    text = study_csv(data.title, data.participants)
    return download(text, "text/csv; charset=utf-8", f"{data.study.file_name}.csv")


@get("/research/study.json", name="research_study_json")
async def study_as_json(name: FromQuery[str] = "", scenario: FromQuery[str] = "") -> Response:
    """The study's figures, every participant's pages and the facilitator's notes, as JSON."""
    data = await _study(name, scenario)
    codes = {each.id: each.code for each in data.sessions}
    body = msgspec.json.encode(
        {
            "study": {
                "name": data.study.name,
                "scenario": data.study.scenario,
                "title": data.title,
            },
            "figures": study_figures(data.participants),
            "participants": [
                {
                    "session": each.code,
                    "run": each.run.run,
                    "javascript": each.run.javascript,
                    "visits": each.run.visits,
                    "summary": each.run.summary,
                }
                for each in data.participants
            ],
            "notes": [
                {"session": codes[each.session], "run": each.run, "at": each.at, "text": each.text}
                for each in data.notes
            ],
        }
    )
    return download(body, "application/json", f"{data.study.file_name}.json")


ROUTES = [studies, study, study_as_csv, study_as_json]
