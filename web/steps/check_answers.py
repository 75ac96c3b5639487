"""Check your answers: the whole claim, its funding, the declaration and "Accept and submit"."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from domain.funding import format_money
from domain.hours import format_hours
from web.claim_state import ClaimState, needs_confirmation, reach_check_answers
from web.partials.claim_summary import ClaimSoFar
from web.steps import confirm_hours, mentors, provider
from web.steps.claim_lookups import ClaimLine
from web.wizard import Ask

ID = "check-answers"
TITLE = "Check your answers before submitting your claim"
# The page posts to the claim's submit address, not to itself.
SUBMIT = "submit"

# journeys.md "Check your answers": what the school declares by submitting.
DECLARATION = (
    # rules.md "Eligibility": a claim can only be submitted once the training is complete.
    "the mentors on this claim have completed their training with the accredited provider",
    (
        "the mentors on this claim are general mentors of trainee teachers on initial teacher "
        "training (ITT), not early career teacher (ECT) mentors"
    ),
    "I am authorised to make this claim for the school",
    "I have read the grant conditions",
    "the information in this claim is accurate",
    "the school will provide evidence of the training if the Department for Education asks for it",
)


class View(msgspec.Struct, frozen=True):
    """The whole claim as answered, with the addresses of the questions to change it."""

    state: ClaimState
    lines: Sequence[ClaimLine]
    summary: ClaimSoFar
    hrefs: dict[str, str]


def applies(state: ClaimState) -> bool:
    """Every claim ends here."""
    return True


def is_answered(state: ClaimState, key: str) -> bool:
    """Never: it is where a complete claim rests."""
    return False


def shown(state: ClaimState) -> ClaimState:
    """Remember the page was seen, so changing an answer comes back here."""
    return reach_check_answers(state)


async def load(ask: Ask) -> View:
    """The claim and the address of each question."""
    lookups = ask.lookups
    hrefs = {
        step_id: lookups.url(step_id)
        for step_id in (provider.ID, mentors.ID, confirm_hours.ID, SUBMIT)
    }
    for each in lookups.lines:
        hrefs[f"hours/{each.mentor_id}"] = lookups.url(f"hours/{each.mentor_id}")
    return View(ask.state, lookups.lines, lookups.summary, hrefs)


def form_for(view: View) -> None:
    """The page's only question is asked again on submit, so nothing is kept here."""
    return


def context(view: View, form: None, errors: dict[str, str]) -> dict:
    """What check your answers shows."""
    state, summary, hrefs = view.state, view.summary, view.hrefs
    provider_name = summary.provider_name or ""
    return {
        "title": TITLE,
        "mentors": view.lines,
        # Asked here when an answer changed since it was last asked (journeys.md, step 5).
        "ask_confirmation": needs_confirmation(state),
        "confirm": confirm_hours.radios(provider_name, state.hours_confirmed, errors),
        "confirmation_text": confirm_hours.answer_text(state.hours_confirmed),
        "confirm_href": hrefs[confirm_hours.ID],
        "provider_href": hrefs[provider.ID],
        "mentors_href": hrefs[mentors.ID],
        "hours_rows": [
            (each, hrefs[f"hours/{each.mentor_id}"], format_hours(each.hours))
            for each in view.lines
        ],
        "total_hours": summary.total_hours_text,
        "rate": format_money(summary.hourly_rate_pence),
        "amount": format_money(summary.amount_pence),
        "declaration": DECLARATION,
        # The page is the whole claim, so "Your claim so far" would only repeat it.
        "show_summary": False,
        "submit_action": hrefs[SUBMIT],
    }
