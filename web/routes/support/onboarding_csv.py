"""Organisations: onboard many schools from a `name, urn` CSV file for a claim window."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from db.queries import onboarding
from db.queries.support_events import record_event
from db.queries.uploads import KeptUpload
from domain.csv_upload import RowError
from domain.onboarding import ONBOARDING_COLUMNS, SeenUrns, onboarding_row_errors, parse_urn
from domain.validation.field_error import FieldError
from domain.validation.whole_number import whole_number
from domain.windows import ClaimWindow
from web import csv_uploads
from web.emails import queue_email, school_onboarded_fields
from web.onboarding_task import BANNER, ORGANISATIONS, onboardable_windows

UPLOAD = "/support/organisations/onboard-csv"
TITLE = "Onboard schools from a CSV file"


class OnboardingCsv(csv_uploads.CsvUpload[str]):
    """Each row's school, by URN, made eligible for the chosen window's academic year."""

    kind = "onboarding_schools"
    columns = ONBOARDING_COLUMNS
    path = UPLOAD
    name = "support_onboard_csv"
    title = TITLE
    caption = "Organisations"
    preview_title = "Check the schools to onboard"
    nouns = ("school", "schools")
    preview_headings = ("Name", "URN", "Postcode")
    applied_text = "These schools have already been onboarded from this file."
    active = "organisations"
    done_href = ORGANISATIONS
    done_text = "Back to organisations"
    banner = BANNER
    upload_template = "support/onboarding/upload.html"
    option_fields = ("window_id",)
    options_changed = "The claim window chosen has closed or was removed. Upload your file again"
    window: ClaimWindow
    seen: SeenUrns | None = None

    async def choose(self, options: Mapping[str, str]) -> list[FieldError]:
        """A current or upcoming window, chosen."""
        windows = dict(await onboardable_windows(self.now))
        chosen = whole_number(options.get("window_id", ""))
        window = windows.get(chosen) if chosen is not None else None
        if not windows:
            return [FieldError("window_id", "There is no current or upcoming claim window")]
        if window is None:
            return [FieldError("window_id", "Select the claim window")]
        self.window = window
        return []

    async def form_context(self, options: Mapping[str, str]) -> dict[str, Any]:
        """The windows to choose from, the chosen one checked."""
        return {
            "windows": [
                {
                    "value": str(each_id),
                    "text": window.dates,
                    "hint": {"text": f"Academic year {window.academic_year.name}"},
                    "checked": options.get("window_id") == str(each_id),
                }
                for each_id, window in await onboardable_windows(self.now)
            ]
        }

    def parse(self, number: int, values: dict[str, str]) -> str | list[RowError]:
        """The row's URN."""
        urn = parse_urn(values["urn"])
        if isinstance(urn, FieldError):
            return [RowError(number, "urn", urn.message)]
        return urn

    async def check(self, batch: Sequence[tuple[int, str]]) -> list[RowError]:
        """Each URN a school's, once in the file, and the school not onboarded already."""
        # A bitmap: the URNs of a 100,000-row file take 125 KB.
        self.seen = self.seen or SeenUrns()
        year = self.window.academic_year
        known = await onboarding.schools_by_urn({urn for _, urn in batch})
        eligible = await onboarding.eligible_among(set(known.values()), year)
        onboarded = {urn for urn, school_id in known.items() if school_id in eligible}
        errors: list[RowError] = []
        for number, urn in batch:
            errors.extend(
                onboarding_row_errors(number, {"urn": urn}, known, onboarded, year, self.seen)
            )
        return errors

    def summary(self, rows: int) -> list[tuple[str, str]]:
        """How many schools, and the window."""
        window = self.window
        return [
            ("Schools", str(rows)),
            ("Claim window", f"{window.dates} (academic year {window.academic_year.name})"),
        ]

    async def preview(self, first: Sequence[tuple[int, str]]) -> list[list[str]]:
        """The schools as the service knows them."""
        schools = await onboarding.schools_named([urn for _, urn in first])
        return [
            [school.name, school.urn, school.postcode]
            for _, urn in first
            if (school := schools.get(urn)) is not None
        ]

    async def apply(
        self, kept: KeptUpload, batches: AsyncIterator[list[tuple[int, str]]]
    ) -> str | None:
        """Onboard every school, email their users and record it."""
        window = self.window
        onboarded: list[int] = []
        async for batch in batches:
            known = await onboarding.schools_by_urn({urn for _, urn in batch})
            onboarded.extend(
                await onboarding.make_all_eligible(known.values(), window.academic_year)
            )
        for user in await onboarding.school_users(onboarded):
            await queue_email(
                "school_onboarded",
                user.email,
                school_onboarded_fields(
                    user.first_name, user.school_name, window, self.settings.service_url
                ),
            )
        schools = csv_uploads.plural(len(onboarded), self.nouns)
        description = (
            f"{schools} onboarded for the academic year {window.academic_year.name}, "
            f"claim window {window.dates}, from the file ‘{kept.filename}’"
        )
        skipped = kept.row_count - len(onboarded)
        if skipped:
            description += f" ({skipped} already onboarded meanwhile)"
        await record_event(
            self.user_id, "schools_onboarded_by_csv", description, self.now, file_id=kept.id
        )
        return f"{schools} onboarded for the academic year {window.academic_year.name}"

    def already_applied(self, kept: KeptUpload) -> str | None:
        """Said on the organisations page after a second click."""
        return f"The schools in ‘{kept.filename}’ have already been onboarded"


ROUTES = csv_uploads.routes(OnboardingCsv)
