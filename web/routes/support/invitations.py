"""Organisations: invite users to schools from an `email, school_urn, first_name, last_name`
CSV file."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from db.queries import invitations, onboarding
from db.queries.support_events import record_event
from db.queries.uploads import KeptUpload
from domain.csv_upload import RowError
from domain.onboarding import INVITATION_COLUMNS, Invitation, SeenInvitations, parse_invitation
from web import csv_uploads
from web.emails import queue_email
from web.onboarding_task import BANNER, ORGANISATIONS

INVITE = "/support/organisations/invite-csv"
ALREADY = "Already users of their school (not invited again)"


class InvitationCsv(csv_uploads.CsvUpload[Invitation]):
    """Each row's person given access to the school, with an account made if they have none."""

    kind = "user_invitations"
    columns = INVITATION_COLUMNS
    path = INVITE
    name = "support_invite_csv"
    title = "Invite users from a CSV file"
    caption = "Organisations"
    preview_title = "Check the users to invite"
    nouns = ("user", "users")
    preview_headings = ("Email address", "School", "First name", "Last name")
    applied_text = "These users have already been invited from this file."
    active = "organisations"
    done_href = ORGANISATIONS
    done_text = "Back to organisations"
    banner = BANNER
    upload_template = "support/organisations/invite.html"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.seen = SeenInvitations()
        self.schools: set[str] = set()
        self.members = 0

    def parse(self, number: int, values: dict[str, str]) -> Invitation | list[RowError]:
        """The person and their school."""
        return parse_invitation(number, values)

    async def check(self, batch: Sequence[tuple[int, Invitation]]) -> list[RowError]:
        """Each school known, and each person named once a school, with one name."""
        known = await onboarding.schools_by_urn({each.school_urn for _, each in batch})
        errors: list[RowError] = []
        for number, invitation in batch:
            errors.extend(self.seen.errors(number, invitation, known))
        places = [
            (each.email, known[each.school_urn]) for _, each in batch if each.school_urn in known
        ]
        self.members += len(await invitations.members_among(places))
        self.schools.update(known)
        return errors

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """How many people and schools, and how many of them already belong."""
        return [
            ("Users", str(rows)),
            ("Schools", str(len(self.schools))),
            (ALREADY, str(self.members)),
        ]

    async def preview(self, first: Sequence[tuple[int, Invitation]]) -> list[list[str]]:
        """The people, each with their school's name as the service knows it."""
        schools = await onboarding.schools_named({each.school_urn for _, each in first})
        return [
            [
                each.email,
                f"{schools[each.school_urn].name} ({each.school_urn})"
                if each.school_urn in schools
                else each.school_urn,
                each.first_name,
                each.last_name,
            ]
            for _, each in first
        ]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, Invitation]]]
    ) -> str | None:
        """Give everyone access, queue their invitations and record it."""
        invited = 0
        schools: set[int] = set()
        async for batch in batches:
            known = await onboarding.schools_by_urn({each.school_urn for _, each in batch})
            people = [
                (each.email, each.first_name, each.last_name, known[each.school_urn])
                for _, each in batch
                if each.school_urn in known
            ]
            schools.update(school_id for *_, school_id in people)
            for person in await invitations.invite(people, self.now):
                # The outbox sends them at GOV.UK Notify's rate, however many there are.
                await queue_email(
                    "user_invited",
                    person.email,
                    {
                        "first_name": person.first_name,
                        "school_name": person.school_name,
                        "service_url": f"{self.settings.service_url}/sign-in",
                    },
                )
                invited += 1
        users = csv_uploads.plural(invited, self.nouns)
        description = (
            f"{users} invited to {csv_uploads.plural(len(schools), ('school', 'schools'))} "
            f"from the file ‘{kept.filename}’"
        )
        skipped = kept.row_count - invited
        if skipped:
            description += f" ({skipped} already users of their school)"
        await record_event(
            self.user_id, "users_invited_by_csv", description, self.now, file_id=kept.id
        )
        return f"{users} invited"

    def already_applied(self, kept: KeptUpload) -> str | None:
        """Said on the organisations page after a second click."""
        return f"The users in ‘{kept.filename}’ have already been invited"


ROUTES = csv_uploads.routes(InvitationCsv)
