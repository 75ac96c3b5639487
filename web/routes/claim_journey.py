"""The add-claim journey: one question per page, saved as it goes, then submitted atomically.

One generic handler per verb serves every step of a claim (`web/journey.py` owns their order);
starting a claim has its own two pages because no claim exists until a provider is chosen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import urlencode

import msgspec
from litestar import Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Response, Template

from db.queries.accredited_providers import (
    ProviderMatches,
    accredited_provider,
    search_accredited_providers,
)
from db.queries.claim_drafts import (
    Draft,
    DraftLine,
    HoursTaken,
    JourneyAnswers,
    NotADraft,
    Saved,
    claim_and_answers,
    claim_for_school,
    claim_start_for,
    clear_journey_answers,
    create_draft,
    mentor_allowances,
    save_draft,
    save_hours_confirmation,
    save_journey_answers,
    school_mentor_options,
)
from db.queries.claim_submission import (
    AlreadySubmitted,
    CannotSubmit,
    SubmittedClaim,
    submit_claim,
)
from db.queries.claims import claim_for_school as claim_detail
from db.queries.windows import all_windows
from domain.academic_years import AcademicYear
from domain.claim_status import ClaimStatus
from domain.eligibility import StartBlocker
from domain.funding import Region, format_money, hourly_rate_pence
from domain.hours import MentorAllowance, format_hours
from domain.submission import Problem
from domain.validation.provider_search import ProviderSearch, parse_provider_search
from domain.windows import payment_message, window_at
from web import journey
from web.access import SchoolAccess
from web.clock import Clock
from web.emails import queue_email
from web.journey import ClaimState, MentorHours
from web.page import page
from web.partials import claim_provider_suggestions, claim_summary
from web.partials.claim_summary import ClaimSoFar, SummaryLine
from web.steps import (
    check_answers,
    confirm_hours,
    mentor_hours,
    mentors,
    provider,
    provider_results,
)

NAV = "claims"
FEEDBACK_EMAIL = "ittmentor.funding@education.gov.uk"


def claims_url(school_id: int) -> str:
    """The school's claims list, where Cancel goes."""
    return f"/schools/{school_id}/claims"


def claim_url(school_id: int, claim_id: int) -> str:
    """A claim's own page."""
    return f"/schools/{school_id}/claims/{claim_id}"


class Journey(msgspec.Struct, frozen=True):
    """One user's way through one claim of one school: the claim and every answer so far."""

    access: SchoolAccess
    claim: Draft | None
    state: ClaimState
    academic_year: AcademicYear

    @property
    def school_id(self) -> int:
        """The school the claim is for."""
        return self.access.school.id

    @property
    def user_id(self) -> int:
        """The signed-in user."""
        return self.access.viewer.user.id

    @property
    def provider_name(self) -> str:
        """The chosen provider's name."""
        return self.claim.provider.name if self.claim and self.claim.provider else ""

    def url(self, step_id: str) -> str:
        """The address of a step of this claim (or of starting one)."""
        if self.claim is None:
            base = f"/schools/{self.school_id}/claims/new"
            return base if step_id == provider.ID else f"{base}/{step_id}"
        return f"{claim_url(self.school_id, self.claim.id)}/{step_id}"

    def back_href(self, step_id: str) -> str:
        """Where the back link of a step goes."""
        previous = journey.previous_step(self.state, step_id)
        return self.url(previous) if previous else claims_url(self.school_id)


async def _existing(access: SchoolAccess, claim_id: int) -> Journey:
    found = await claim_and_answers(claim_id, access.school.id, access.viewer.user.id)
    if found is None:
        raise NotFoundException()
    claim, answers = found
    state = ClaimState(
        provider_id=claim.provider.id if claim.provider else None,
        mentors=tuple(MentorHours(each.mentor_id, each.hours) for each in claim.mentors),
        hours_confirmed=claim.hours_confirmed_with_provider,
        reached_check_answers=answers.reached_check_answers,
    )
    return Journey(access, claim, state, claim.academic_year)


async def _new(access: SchoolAccess, clock: Clock) -> Journey | Template:
    start = await claim_start_for(access.school.id, clock.now())
    if not start.can_start:
        return page(
            "pages/claim_journey/cannot_start.html",
            title="You cannot start a claim",
            access=access,
            active=NAV,
            back_href=claims_url(access.school.id),
            messages=start.messages,
            offer_add_mentor=start.blocker is StartBlocker.NO_MENTORS,
            claims_href=claims_url(access.school.id),
        )
    return Journey(access, None, ClaimState(), start.academic_year)


async def _for_new_claim(
    access: SchoolAccess, clock: Clock, respond: Callable[[Journey], Awaitable[Response]]
) -> Response:
    """`respond` for a claim about to start, or say why one cannot be started."""
    journey_ = await _new(access, clock)
    return journey_ if isinstance(journey_, Template) else await respond(journey_)


async def _read(request: Request, form_type: type[msgspec.Struct]) -> msgspec.Struct:
    """A step's form of raw strings; never decoded by the framework, so never a 400."""
    data: FormMultiDict = await request.form()
    values: dict = {}
    for field in msgspec.structs.fields(form_type):
        if field.type == list[str]:
            values[field.name] = [str(value) for value in data.getall(field.name, [])]
        else:
            value = data.get(field.name)
            values[field.name] = value if isinstance(value, str) else ""
    return form_type(**values)


def _error_list(errors: dict[str, str]) -> list[dict]:
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


def _rate(journey_: Journey) -> int:
    return hourly_rate_pence(Region(journey_.access.school.region), journey_.academic_year)


def _summary(journey_: Journey, lines: tuple[SummaryLine, ...] | None = None) -> ClaimSoFar:
    claim = journey_.claim
    if lines is None:
        lines = tuple(SummaryLine(each.name, each.hours) for each in claim.mentors) if claim else ()
    return ClaimSoFar(
        school_name=journey_.access.school.name,
        academic_year=journey_.academic_year,
        hourly_rate_pence=_rate(journey_),
        provider_name=journey_.provider_name or None,
        lines=lines,
    )


def _step_page(
    journey_: Journey,
    step_id: str,
    template: str,
    title: str,
    errors: dict[str, str] | None = None,
    back_href: str | None = None,
    **context,
) -> Template:
    return page(
        f"steps/{template}.html",
        title=title,
        access=journey_.access,
        active=NAV,
        errors=_error_list(errors or {}),
        back_href=back_href or journey_.back_href(step_id),
        claims_href=claims_url(journey_.school_id),
        action=journey_.url(step_id),
        summary=_summary(journey_),
        summary_url=(
            f"{claim_url(journey_.school_id, journey_.claim.id)}/summary"
            if journey_.claim
            else None
        ),
        **context,
    )


async def _persist(
    journey_: Journey, updated: ClaimState, clock: Clock
) -> Saved | HoursTaken | NotADraft:
    """Save what changed: the claim's answers under the hours lock, the rest per user."""
    claim, before = journey_.claim, journey_.state
    if (updated.provider_id, updated.mentors) != (before.provider_id, before.mentors):
        result = await save_draft(
            claim.id,
            journey_.school_id,
            updated.provider_id,
            [DraftLine(each.mentor_id, each.hours) for each in updated.mentors],
            clock.now(),
        )
        if not isinstance(result, Saved):
            return result
    if updated.hours_confirmed != before.hours_confirmed:
        result = await save_hours_confirmation(
            claim.id, journey_.school_id, updated.hours_confirmed, clock.now()
        )
        if not isinstance(result, Saved):
            return result
    answers = JourneyAnswers(updated.reached_check_answers)
    if answers != JourneyAnswers(before.reached_check_answers):
        await save_journey_answers(
            journey_.user_id, journey_.school_id, claim, answers, clock.now()
        )
    return Saved()


def _continue(journey_: Journey, updated: ClaimState, step_id: str) -> Redirect:
    return Redirect(journey_.url(journey.next_step(updated, step_id)), status_code=303)


def _not_a_draft(journey_: Journey) -> Redirect:
    return Redirect(claim_url(journey_.school_id, journey_.claim.id), status_code=303)


# The search text travels in the query string, so results pages can be bookmarked and reloaded.
SearchText = Annotated[str, QueryParameter(name="provider")]


# Accredited provider, and its results page when JavaScript is off.


def _provider_page(journey_: Journey, form: provider.Form, errors: dict[str, str]) -> Template:
    return _step_page(
        journey_,
        provider.ID,
        "provider",
        provider.QUESTION,
        errors,
        suggestions_url=journey_.url(provider_results.ID),
        **provider.context(form, errors),
    )


async def _show_provider(journey_: Journey, search: str) -> Template:
    if not search and journey_.claim and journey_.claim.provider:
        search = journey_.claim.provider.name
    return _provider_page(journey_, provider.Form(provider=search), {})


async def _answer_provider(request: Request, journey_: Journey, clock: Clock) -> Response:
    form = await _read(request, provider.Form)
    picked = provider.chosen_id(form)
    chosen = await accredited_provider(picked) if picked is not None else None
    current = journey_.claim.provider if journey_.claim else None
    answer = provider.parse(form, chosen, current)
    if isinstance(answer, dict):
        return _provider_page(journey_, form, answer)
    if isinstance(answer, ProviderSearch):
        query = urlencode({"provider": answer.text})
        return Redirect(f"{journey_.url(provider_results.ID)}?{query}", status_code=303)
    return await _choose_provider(journey_, answer, clock)


async def _choose_provider(journey_: Journey, provider_id: int, clock: Clock) -> Response:
    updated = journey.answer_provider(journey_.state, provider_id)
    if journey_.claim is None:
        claim_id = await create_draft(
            journey_.school_id, journey_.user_id, provider_id, journey_.academic_year, clock.now()
        )
        following = journey.next_step(updated, journey.PROVIDER)
        return Redirect(f"{claim_url(journey_.school_id, claim_id)}/{following}", status_code=303)
    if isinstance(await _persist(journey_, updated, clock), NotADraft):
        return _not_a_draft(journey_)
    return _continue(journey_, updated, journey.PROVIDER)


def _results_page(
    journey_: Journey,
    search: str,
    matches: ProviderMatches,
    form: provider_results.Form,
    errors: dict[str, str],
) -> Template:
    return _step_page(
        journey_,
        provider_results.ID,
        "provider_results",
        provider_results.title(search, matches),
        errors,
        back_href=f"{journey_.url(provider.ID)}?{urlencode({'provider': search})}",
        **provider_results.context(search, matches, form, errors),
    )


async def _show_results(request: HTMXRequest, journey_: Journey, text: str) -> Response:
    search = parse_provider_search(text)
    if request.htmx:
        # As the user types: a few suggestions, or nothing while the box is empty.
        if not isinstance(search, ProviderSearch):
            return claim_provider_suggestions.fragment("", None)
        matches = await search_accredited_providers(search, provider.SUGGESTIONS)
        return claim_provider_suggestions.fragment(search.text, matches)
    if not isinstance(search, ProviderSearch):
        return Redirect(journey_.url(provider.ID), status_code=303)
    matches = await search_accredited_providers(search, provider_results.RESULTS_SHOWN)
    return _results_page(journey_, search.text, matches, provider_results.Form(), {})


async def _answer_results(request: Request, journey_: Journey, clock: Clock) -> Response:
    form = await _read(request, provider_results.Form)
    search = parse_provider_search(form.provider)
    if not isinstance(search, ProviderSearch):
        return Redirect(journey_.url(provider.ID), status_code=303)
    matches = await search_accredited_providers(search, provider_results.RESULTS_SHOWN)
    answer = provider_results.parse(form, matches.providers)
    if isinstance(answer, dict):
        return _results_page(journey_, search.text, matches, form, answer)
    return await _choose_provider(journey_, answer, clock)


# Mentors.


async def _mentors_page(journey_: Journey, chosen: list[str], errors: dict[str, str]) -> Template:
    options = await school_mentor_options(
        journey_.school_id, journey_.state.provider_id, journey_.academic_year, journey_.claim.id
    )
    context = mentors.context(options, chosen, errors)
    title = (
        mentors.question(journey_.provider_name)
        if context["options"]
        else mentors.no_mentors_title(journey_.provider_name)
    )
    return _step_page(
        journey_,
        mentors.ID,
        "mentors",
        title,
        errors,
        provider_name=journey_.provider_name,
        academic_year=journey_.academic_year,
        change_provider_href=journey_.url(provider.ID),
        **context,
    )


async def _answer_mentors(request: Request, journey_: Journey, clock: Clock) -> Response:
    form = await _read(request, mentors.Form)
    options = await school_mentor_options(
        journey_.school_id, journey_.state.provider_id, journey_.academic_year, journey_.claim.id
    )
    answer = mentors.parse(form, options)
    if isinstance(answer, dict):
        return await _mentors_page(journey_, form.mentors, answer)
    updated = journey.answer_mentors(journey_.state, answer)
    if isinstance(await _persist(journey_, updated, clock), NotADraft):
        return _not_a_draft(journey_)
    return _continue(journey_, updated, mentors.ID)


# Hours, once per mentor.


async def _allowance(journey_: Journey, mentor_id: int) -> MentorAllowance:
    allowances = await mentor_allowances(
        [mentor_id], journey_.state.provider_id, journey_.academic_year, journey_.claim.id
    )
    return allowances[mentor_id]


def _hours_page(
    journey_: Journey,
    mentor_id: int,
    allowance: MentorAllowance,
    form: mentor_hours.Form,
    errors: dict[str, str],
) -> Template:
    mentor = journey_.claim.mentor(mentor_id)
    step_id = journey.hours_step(mentor_id)
    return _step_page(
        journey_,
        step_id,
        "hours",
        mentor_hours.question(mentor.name),
        errors,
        mentor=mentor,
        provider_name=journey_.provider_name,
        change_mentors_href=journey_.url(mentors.ID),
        preview_query=urlencode({"mentor": mentor_id}),
        **mentor_hours.context(form, allowance, errors),
    )


async def _show_hours(journey_: Journey, mentor_id: int) -> Template:
    allowance = await _allowance(journey_, mentor_id)
    form = mentor_hours.form_for(journey_.state.hours_for(mentor_id), allowance)
    return _hours_page(journey_, mentor_id, allowance, form, {})


async def _answer_hours(
    request: Request, journey_: Journey, mentor_id: int, clock: Clock
) -> Response:
    form = await _read(request, mentor_hours.Form)
    allowance = await _allowance(journey_, mentor_id)
    answer = mentor_hours.parse(form, allowance)
    if isinstance(answer, dict):
        return _hours_page(journey_, mentor_id, allowance, form, answer)
    updated = journey.answer_hours(journey_.state, mentor_id, answer)
    result = await _persist(journey_, updated, clock)
    if isinstance(result, NotADraft):
        return _not_a_draft(journey_)
    if isinstance(result, HoursTaken):
        # Another school took some of the hours between showing the page and answering it.
        fresh = await _allowance(journey_, mentor_id)
        # With none left the page says so instead of asking, with a way on.
        errors = mentor_hours.changed(fresh.remaining) if fresh.can_claim else {}
        return _hours_page(journey_, mentor_id, fresh, form, errors)
    return _continue(journey_, updated, journey.hours_step(mentor_id))


# Confirm the hours with the provider.


def _confirm_page(journey_: Journey, confirmed: bool | None, errors: dict[str, str]) -> Template:
    return _step_page(
        journey_,
        confirm_hours.ID,
        "confirm_hours",
        confirm_hours.question(journey_.provider_name),
        errors,
        provider_name=journey_.provider_name,
        lines=[SummaryLine(each.name, each.hours) for each in journey_.claim.mentors],
        confirm=confirm_hours.context(journey_.provider_name, confirmed, errors),
    )


async def _answer_confirmation(request: Request, journey_: Journey, clock: Clock) -> Response:
    form = await _read(request, confirm_hours.Form)
    answer = confirm_hours.parse(form, journey_.provider_name)
    if isinstance(answer, dict):
        return _confirm_page(journey_, None, answer)
    updated = journey.answer_confirmation(journey_.state, answer)
    if isinstance(await _persist(journey_, updated, clock), NotADraft):
        return _not_a_draft(journey_)
    return _continue(journey_, updated, confirm_hours.ID)


# Check your answers.


async def _show_check_answers(
    journey_: Journey, clock: Clock, errors: dict[str, str] | None = None
) -> Template:
    updated = journey.reach_check_answers(journey_.state)
    await _persist(journey_, updated, clock)
    journey_ = msgspec.structs.replace(journey_, state=updated)
    summary = _summary(journey_)
    claim = journey_.claim
    return _step_page(
        journey_,
        check_answers.ID,
        "check_answers",
        check_answers.TITLE,
        errors,
        claim=claim,
        # Asked here when an answer changed since it was last asked (journeys.md, step 5).
        ask_confirmation=journey.needs_confirmation(updated),
        confirm=confirm_hours.context(
            journey_.provider_name, updated.hours_confirmed, errors or {}
        ),
        confirmation_text=confirm_hours.answer_text(updated.hours_confirmed),
        confirm_href=journey_.url(confirm_hours.ID),
        provider_href=journey_.url(provider.ID),
        mentors_href=journey_.url(mentors.ID),
        hours_rows=[
            (each, journey_.url(journey.hours_step(each.mentor_id)), format_hours(each.hours))
            for each in claim.mentors
        ],
        total_hours=summary.total_hours_text,
        rate=format_money(summary.hourly_rate_pence),
        amount=format_money(summary.amount_pence),
        declaration=check_answers.DECLARATION,
        # The page is the whole claim, so "Your claim so far" would only repeat it.
        show_summary=False,
        submit_action=f"{claim_url(journey_.school_id, claim.id)}/submit",
    )


# The generic step handlers.


def _is_step(step_id: str) -> bool:
    known = {
        provider.ID,
        provider_results.ID,
        mentors.ID,
        confirm_hours.ID,
        check_answers.ID,
    }
    return step_id in known or journey.hours_step_mentor(step_id) is not None


async def _reachable(access: SchoolAccess, claim_id: int, step: str) -> Journey | Response:
    step_id = step.strip("/")
    if not _is_step(step_id):
        raise NotFoundException()
    journey_ = await _existing(access, claim_id)
    if not journey_.claim.is_draft:
        return _not_a_draft(journey_)
    if step_id != provider_results.ID and not journey.is_reachable(journey_.state, step_id):
        return Redirect(journey_.url(journey.first_unanswered(journey_.state)), status_code=303)
    return journey_


@get("/schools/{school_id:int}/claims/new", name="claim_start")
async def start(
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    search: SearchText = "",
) -> Response:
    """The first question of a new claim; nothing is saved until a provider is chosen."""
    return await _for_new_claim(school, clock, lambda new: _show_provider(new, search))


@post("/schools/{school_id:int}/claims/new", name="claim_start_answer")
async def start_answer(
    request: Request, school: NamedDependency[SchoolAccess], clock: NamedDependency[Clock]
) -> Response:
    """Search for the provider, or start the claim with the provider picked."""
    return await _for_new_claim(school, clock, lambda new: _answer_provider(request, new, clock))


@get("/schools/{school_id:int}/claims/new/provider-results", name="claim_start_results")
async def start_results(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    search: SearchText = "",
) -> Response:
    """Providers matching the search: a results page, or suggestions for htmx."""
    return await _for_new_claim(school, clock, lambda new: _show_results(request, new, search))


@post("/schools/{school_id:int}/claims/new/provider-results", name="claim_start_results_answer")
async def start_results_answer(
    request: Request, school: NamedDependency[SchoolAccess], clock: NamedDependency[Clock]
) -> Response:
    """Start the claim with the provider picked from the results."""
    return await _for_new_claim(school, clock, lambda new: _answer_results(request, new, clock))


@get("/schools/{school_id:int}/claims/{claim_id:int}/{step:path}", name="claim_step")
async def show_step(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    step: FromPath[str],
    search: SearchText = "",
) -> Response:
    """Any question of a claim in progress, once the questions before it are answered."""
    journey_ = await _reachable(school, claim_id, step)
    if not isinstance(journey_, Journey):
        return journey_
    step_id = step.strip("/")
    if step_id == provider_results.ID:
        return await _show_results(request, journey_, search)
    if step_id == journey.PROVIDER:
        return await _show_provider(journey_, search)
    if step_id == mentors.ID:
        return await _mentors_page(journey_, [str(each) for each in journey_.state.mentor_ids], {})
    if step_id == confirm_hours.ID:
        return _confirm_page(journey_, journey_.state.hours_confirmed, {})
    if step_id == check_answers.ID:
        return await _show_check_answers(journey_, clock)
    return await _show_hours(journey_, journey.hours_step_mentor(step_id))


@post("/schools/{school_id:int}/claims/{claim_id:int}/{step:path}", name="claim_step_answer")
async def answer_step(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
    step: FromPath[str],
) -> Response:
    """Check an answer: the page again with errors, or on to the next question."""
    journey_ = await _reachable(school, claim_id, step)
    if not isinstance(journey_, Journey):
        return journey_
    step_id = step.strip("/")
    if step_id == provider_results.ID:
        return await _answer_results(request, journey_, clock)
    if step_id == journey.PROVIDER:
        return await _answer_provider(request, journey_, clock)
    if step_id == mentors.ID:
        return await _answer_mentors(request, journey_, clock)
    if step_id == confirm_hours.ID:
        return await _answer_confirmation(request, journey_, clock)
    if step_id == check_answers.ID:
        # Check your answers is submitted to its own address; a stray post just shows it again.
        return Redirect(journey_.url(check_answers.ID), status_code=303)
    return await _answer_hours(request, journey_, journey.hours_step_mentor(step_id), clock)


@get("/schools/{school_id:int}/claims/{claim_id:int}/resume", name="claim_resume")
async def resume(school: NamedDependency[SchoolAccess], claim_id: FromPath[int]) -> Redirect:
    """Continue a draft where it was left: the first unanswered question, or check answers."""
    journey_ = await _existing(school, claim_id)
    if not journey_.claim.is_draft:
        return _not_a_draft(journey_)
    return Redirect(journey_.url(journey.first_unanswered(journey_.state)), status_code=303)


async def _payment_message(moment) -> str:
    """When claims submitted at `moment` are paid, from the window they were submitted in."""
    message = payment_message(window_at(await all_windows(), moment))
    return message or "The Department for Education will tell you when claims are paid."


async def _queue_confirmation(submitted: SubmittedClaim, paid: str) -> None:
    await queue_email(
        "claim_submitted",
        submitted.submitter_email,
        {
            "payment": paid,
            "first_name": submitted.submitter_first_name,
            "school_name": submitted.school_name,
            "reference": submitted.reference,
            "provider_name": submitted.provider_name,
            "total_hours": format_hours(submitted.total_hours),
            "amount": format_money(submitted.amount_pence),
        },
    )


def _ways_forward(journey_: Journey, result: CannotSubmit) -> list[dict]:
    """Each reason the claim cannot be submitted, with a link to put it right where there is one."""
    names = {each.mentor_id: each.name for each in journey_.claim.mentors}
    reasons = []
    for reason in result.reasons:
        link = None
        if reason.problem is Problem.NOT_ENOUGH_HOURS_LEFT and reason.mentor_id in names:
            link = {
                "href": journey_.url(journey.hours_step(reason.mentor_id)),
                "text": f"Change the hours for {names[reason.mentor_id]}",
            }
        elif reason.problem in (
            Problem.NO_HOURS_LEFT,
            Problem.NO_MENTORS,
            Problem.MENTOR_TWICE,
            Problem.HOURS_OUT_OF_RANGE,
        ):
            link = {"href": journey_.url(mentors.ID), "text": "Change the mentors on this claim"}
        elif reason.problem is Problem.PROVIDER_NOT_ACCREDITED:
            link = {"href": journey_.url(provider.ID), "text": "Change the accredited provider"}
        reasons.append({"message": reason.message, "link": link})
    return reasons


@post("/schools/{school_id:int}/claims/{claim_id:int}/submit", name="claim_submit")
async def submit(
    request: Request,
    school: NamedDependency[SchoolAccess],
    clock: NamedDependency[Clock],
    claim_id: FromPath[int],
) -> Response:
    """Submit the claim once, if every rule still holds; else say what changed."""
    journey_ = await _existing(school, claim_id)
    submitted_url = f"{claim_url(journey_.school_id, claim_id)}/submitted"
    if not journey_.claim.is_draft:
        return Redirect(submitted_url, status_code=303)
    gap = journey.first_unanswered(journey_.state)
    if gap != check_answers.ID:
        return Redirect(journey_.url(gap), status_code=303)
    if journey.needs_confirmation(journey_.state):
        answer = confirm_hours.parse(
            await _read(request, confirm_hours.Form), journey_.provider_name
        )
        if isinstance(answer, dict):
            return await _show_check_answers(journey_, clock, answer)
        updated = journey.answer_confirmation(journey_.state, answer)
        if isinstance(await _persist(journey_, updated, clock), NotADraft):
            return Redirect(submitted_url, status_code=303)
    now = clock.now()
    paid = await _payment_message(now)
    result = await submit_claim(
        claim_id,
        journey_.school_id,
        journey_.user_id,
        now,
        lambda submitted: _queue_confirmation(submitted, paid),
    )
    if result is None:
        raise NotFoundException()
    if isinstance(result, CannotSubmit):
        return page(
            "pages/claim_journey/cannot_submit.html",
            title="You cannot submit this claim",
            access=school,
            active=NAV,
            back_href=journey_.url(check_answers.ID),
            reasons=_ways_forward(journey_, result),
            check_answers_href=journey_.url(check_answers.ID),
            claims_href=claims_url(journey_.school_id),
        )
    if isinstance(result, SubmittedClaim):
        await clear_journey_answers(journey_.user_id, journey_.school_id, journey_.claim)
    assert isinstance(result, SubmittedClaim | AlreadySubmitted)
    return Redirect(submitted_url, status_code=303)


@get("/schools/{school_id:int}/claims/{claim_id:int}/submitted", name="claim_submitted")
async def submitted(school: NamedDependency[SchoolAccess], claim_id: FromPath[int]) -> Response:
    """The confirmation: the reference and what happens next."""
    claim = await claim_for_school(claim_id, school.school.id)
    if claim is None:
        raise NotFoundException()
    if claim.is_draft:
        return Redirect(f"{claim_url(school.school.id, claim_id)}/resume", status_code=303)
    detail = await claim_detail(school.school.id, claim_id)
    return page(
        "pages/claim_journey/submitted.html",
        title="Claim submitted",
        access=school,
        active=NAV,
        claim=claim,
        is_submitted=claim.status is ClaimStatus.SUBMITTED,
        # The confirmation email goes to whoever submitted, queued with the claim itself.
        email=school.viewer.user.email if claim.submitted_by == school.viewer.user.id else None,
        claims_href=claims_url(school.school.id),
        claim_href=claim_url(school.school.id, claim_id),
        feedback_email=FEEDBACK_EMAIL,
        payment=await _payment_message(detail.submitted_at) if detail.submitted_at else None,
    )


def _whole_number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


async def _preview(
    journey_: Journey, mentor: str, hours: str, custom_hours: str, chosen: list[str] | None
) -> ClaimSoFar:
    """The summary with the answer being given on the page, before it is saved."""
    claim = journey_.claim
    if chosen is not None:
        options = await school_mentor_options(
            journey_.school_id, journey_.state.provider_id, journey_.academic_year, claim.id
        )
        ticked = set(chosen)
        return _summary(
            journey_,
            tuple(
                SummaryLine(option.name, journey_.state.hours_for(option.mentor_id))
                for option in mentors.claimable(options)
                if str(option.mentor_id) in ticked
            ),
        )
    mentor_id = _whole_number(mentor)
    if mentor_id is None or claim.mentor(mentor_id) is None:
        return _summary(journey_)
    answer = mentor_hours.parse(
        mentor_hours.Form(hours=hours, custom_hours=custom_hours),
        await _allowance(journey_, mentor_id),
    )
    return _summary(
        journey_,
        tuple(
            SummaryLine(
                each.name,
                answer
                if each.mentor_id == mentor_id and not isinstance(answer, dict)
                else each.hours,
            )
            for each in claim.mentors
        ),
    )


@get("/schools/{school_id:int}/claims/{claim_id:int}/summary", name="claim_summary")
async def summary(
    request: HTMXRequest,
    school: NamedDependency[SchoolAccess],
    claim_id: FromPath[int],
    mentor: FromQuery[str] = "",
    hours: FromQuery[str] = "",
    custom_hours: FromQuery[str] = "",
    preview: FromQuery[str] = "",
    ticked: Annotated[list[str] | None, QueryParameter(name="mentors")] = None,
) -> Response:
    """'Your claim so far': the fragment for htmx as answers change, else a page of its own."""
    journey_ = await _existing(school, claim_id)
    # Nothing ticked sends no "mentors" at all, so the mentors page says what it previews.
    chosen = (ticked or []) if preview == mentors.ID else None
    so_far = await _preview(journey_, mentor, hours, custom_hours, chosen)
    if request.htmx:
        return claim_summary.fragment(so_far)
    return page(
        "pages/claim_journey/summary.html",
        title="Your claim so far",
        access=school,
        active=NAV,
        back_href=f"{claim_url(school.school.id, claim_id)}/resume",
        summary=so_far,
        summary_heading=False,
    )


ROUTES = [
    start,
    start_answer,
    start_results,
    start_results_answer,
    resume,
    submit,
    submitted,
    summary,
    show_step,
    answer_step,
]
