"""Adding a claim as a wizard task: where its answers are kept, and what its steps look up.

The claim's own answers are saved on the draft (hours under the allowance lock); where the user
is in the journey is kept per user, school and claim, so two tabs or two schools never mix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial

import msgspec
from litestar import Request
from litestar.params import FromPath
from litestar.response import Response

from db.queries.accredited_providers import accredited_provider, search_accredited_providers
from db.queries.claim_allowances import (
    mentor_allowances,
    school_mentor_history,
    school_mentor_options,
)
from db.queries.claim_drafts import (
    Draft,
    DraftLine,
    HoursTaken,
    NotADraft,
    Saved,
    create_draft,
    save_draft,
    save_hours_confirmation,
    viewer_and_claim,
)
from db.queries.journey_state import JourneyAnswers, save_journey_answers
from domain.academic_years import AcademicYear
from domain.claim_again import History
from domain.funding import Region, hourly_rate_pence
from domain.hours import MentorAllowance, MentorOption
from domain.providers import ProviderMatches, ProviderValue
from domain.validation.field_error import FieldError
from domain.validation.provider_search import ProviderSearch
from web.access import SchoolAccess, accepted_school, school_access, signed_in_user_id
from web.claim_state import ClaimState, MentorHours
from web.clock import Clock
from web.journey import CLAIM
from web.page import page
from web.partials.claim_summary import ClaimSoFar, SummaryLine
from web.steps import mentor_hours, provider
from web.steps.claim_lookups import ClaimLine
from web.wizard import Ask, with_query

NAV = "claims"


class ClaimTask:
    """One user's way through one claim of one school (not yet created while choosing its
    provider): the answers so far, and the lookups its steps are given."""

    journey = CLAIM

    def __init__(
        self,
        reverse: Callable[..., str],
        access: SchoolAccess,
        clock: Clock,
        academic_year: AcademicYear,
        claim: Draft | None = None,
        state: ClaimState | None = None,
        claim_id: int | None = None,
    ) -> None:
        # The app's route_reverse: addresses come from route names.
        self.reverse = reverse
        self.access = access
        self.clock = clock
        self.academic_year = academic_year
        self.claim = claim
        self.state = state or ClaimState()
        self.claim_id = claim.id if claim else claim_id
        # The mentors left out when the claim was started again, named on the first page shown.
        self.left_out: tuple[str, ...] = ()

    @property
    def school_id(self) -> int:
        """The school the claim is for."""
        return self.access.school.id

    @property
    def user_id(self) -> int:
        """The signed-in user."""
        return self.access.viewer.user.id

    # The task's addresses and layout.

    def url(self, step_id: str, query: Mapping[str, str] | None = None) -> str:
        """The address of a step of this claim (or of starting one)."""
        school_id = self.school_id
        if self.claim_id is None and step_id == provider.ID:
            path = self.reverse("claim_start", school_id=school_id)
        elif self.claim_id is None:
            path = self.reverse("claim_start", school_id=school_id, step=step_id)
        else:
            path = self.reverse(
                "claim_step", school_id=school_id, claim_id=self.claim_id, step=step_id
            )
        return with_query(path, query)

    def exit_url(self) -> str:
        """Cancel, and the first question's back link, go to the claims list."""
        return self.reverse("claims", school_id=self.school_id)

    def ask(self, key: str, query: Mapping[str, str], htmx: bool = False) -> Ask:
        """What a step's `load` gets: the answers, and this task as its lookups."""
        return Ask(self.state, key, query, self, htmx)

    def layout(self, step_id: str) -> Callable[..., Response]:
        """A question of the claim, with "Your claim so far" beside it."""
        summary_url = self.url("summary") if self.claim_id else None
        return partial(
            page,
            access=self.access,
            active=NAV,
            summary=self.summary,
            summary_url=summary_url,
            left_out=self.left_out,
        )

    @property
    def provider(self) -> ProviderValue | None:
        """The accredited provider chosen."""
        return self.claim.provider if self.claim else None

    @property
    def lines(self) -> Sequence[ClaimLine]:
        """The mentors on the claim and their hours."""
        return self.claim.mentors if self.claim else ()

    @property
    def summary(self) -> ClaimSoFar:
        """'Your claim so far', as saved."""
        return self.summary_of(tuple(SummaryLine(each.name, each.hours) for each in self.lines))

    def summary_of(self, lines: tuple[SummaryLine, ...]) -> ClaimSoFar:
        """The claim with these mentors and hours, at the school's hourly rate."""
        return ClaimSoFar(
            school_name=self.access.school.name,
            academic_year=self.academic_year,
            hourly_rate_pence=hourly_rate_pence(
                Region(self.access.school.region), self.academic_year
            ),
            provider_name=self.provider.name if self.provider else None,
            lines=lines,
        )

    async def accredited_provider(self, provider_id: int) -> ProviderValue | None:
        """The accredited provider with this id, if there is one."""
        return await accredited_provider(provider_id)

    async def search_providers(self, search: ProviderSearch, limit: int) -> ProviderMatches:
        """The first accredited providers matching a search."""
        return await search_accredited_providers(search, limit)

    async def mentor_options(self) -> list[MentorOption]:
        """The school's mentors, each with their allowance with the claim's provider."""
        return await school_mentor_options(
            self.school_id, self.state.provider_id, self.academic_year, self.claim_id
        )

    async def mentor_history(self) -> History:
        """The school's mentors and every school's hours for them with the claim's provider,
        with the claims the user may be told of."""
        return await school_mentor_history(
            self.school_id,
            self.state.provider_id,
            self.academic_year,
            self.user_id,
            sees_every_school=self.access.as_support,
        )

    async def allowance(self, mentor_id: int) -> MentorAllowance:
        """The mentor's allowance with the claim's provider, not counting this claim."""
        allowances = await mentor_allowances(
            [mentor_id], self.state.provider_id, self.academic_year, self.claim_id
        )
        return allowances[mentor_id]

    # Keeping the answers.

    async def save(self, state: ClaimState) -> ClaimTask | list[FieldError] | str:
        """Save what changed: the claim's answers under the hours lock, the rest per user."""
        if self.claim_id is None:
            # The first answer creates the claim: nothing is saved before a provider is chosen.
            claim_id = await create_draft(
                self.school_id, self.user_id, state.provider_id, self.academic_year, self.now()
            )
            return self.moved_on(state, claim_id=claim_id)
        result = await self._persist(state)
        if isinstance(result, NotADraft):
            # Submitted (or removed) meanwhile: its own page says what happened.
            return self.reverse("claim", school_id=self.school_id, claim_id=self.claim_id)
        if isinstance(result, HoursTaken):
            return mentor_hours.changed(result.remaining)
        return self.moved_on(state)

    def now(self) -> datetime:
        """The moment, from the injected clock."""
        return self.clock.now()

    def moved_on(self, state: ClaimState, claim_id: int | None = None) -> ClaimTask:
        """This task with the answers saved."""
        return ClaimTask(
            self.reverse,
            self.access,
            self.clock,
            self.academic_year,
            self.claim,
            state,
            claim_id or self.claim_id,
        )

    async def _persist(self, updated: ClaimState) -> Saved | HoursTaken | NotADraft:
        before = self.state
        if (updated.provider_id, updated.mentors) != (before.provider_id, before.mentors):
            result = await save_draft(
                self.claim_id,
                self.school_id,
                updated.provider_id,
                [DraftLine(each.mentor_id, each.hours) for each in updated.mentors],
                self.now(),
            )
            if not isinstance(result, Saved):
                return result
        if updated.hours_confirmed != before.hours_confirmed:
            result = await save_hours_confirmation(
                self.claim_id, self.school_id, updated.hours_confirmed, self.now()
            )
            if not isinstance(result, Saved):
                return result
        answers = JourneyAnswers(updated.reached_check_answers)
        if answers != JourneyAnswers(before.reached_check_answers):
            await save_journey_answers(
                self.user_id, self.school_id, self.claim, answers, self.now()
            )
        return Saved()


class DraftAccess(msgspec.Struct, frozen=True):
    """The school, as the `school` dependency gives it, and its claim from the path with the
    user's answers (None if the claim is not the school's)."""

    school: SchoolAccess
    found: tuple[Draft, JourneyAnswers] | None


async def provide_draft(
    request: Request, school_id: FromPath[int], claim_id: FromPath[int]
) -> DraftAccess:
    """The school and its claim, read with the signed-in user in one statement: every question
    of a claim in progress starts here. The same checks as the `school` dependency's."""
    user_id = signed_in_user_id(request)
    found = await viewer_and_claim(user_id, school_id, claim_id) if user_id is not None else None
    access = accepted_school(request, school_access(request, found[0] if found else None))
    return DraftAccess(school=access, found=found[1] if found else None)


def claim_task(
    reverse: Callable[..., str],
    access: SchoolAccess,
    clock: Clock,
    found: tuple[Draft, JourneyAnswers] | None,
) -> ClaimTask | None:
    """The task for a claim read with the user's answers; None for no claim."""
    if found is None:
        return None
    claim, answers = found
    state = ClaimState(
        provider_id=claim.provider.id if claim.provider else None,
        mentors=tuple(MentorHours(each.mentor_id, each.hours) for each in claim.mentors),
        hours_confirmed=claim.hours_confirmed_with_provider,
        reached_check_answers=answers.reached_check_answers,
    )
    return ClaimTask(reverse, access, clock, claim.academic_year, claim, state)
