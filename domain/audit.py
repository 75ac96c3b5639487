"""Audit: sampling paid claims, the provider's deadline, and reading the provider's answers."""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import msgspec

from domain.csv_upload import RowError
from domain.validation.field_error import FieldError

# support.md "Audit (sampling)": the provider has 21 days to answer, moved to the Monday after
# a deadline that falls on a weekend.
RESPONSE_DAYS = 21
_SATURDAY, _SUNDAY = 5, 6

# The columns of the file support uploads to sample claims.
SAMPLE_COLUMNS = ("claim_reference", "sample_reason")
# The file each provider is sent: one row per mentor, the last two columns for them to fill in.
PROVIDER_FILE_COLUMNS = (
    "claim_reference",
    "school",
    "mentor_full_name",
    "hours",
    "claim_accepted",
    "rejection_reason",
)
# The file the provider sends back.
PROVIDER_RESPONSE_COLUMNS = (
    "claim_reference",
    "mentor_full_name",
    "claim_accepted",
    "rejection_reason",
)
_YES = frozenset({"yes", "true"})
_NO = frozenset({"no", "false"})
# A reason is read by support, the school and perhaps the payer: room to explain, not an essay.
REASON_MAX_LENGTH = 500


def response_deadline(sent_on: date) -> date:
    """The day the provider must answer by: 21 days on, a weekend moved to the Monday."""
    deadline = sent_on + timedelta(days=RESPONSE_DAYS)
    if deadline.weekday() == _SATURDAY:
        return deadline + timedelta(days=2)
    if deadline.weekday() == _SUNDAY:
        return deadline + timedelta(days=1)
    return deadline


class SampleRow(msgspec.Struct, frozen=True):
    """One claim to audit, and why it was sampled."""

    row: int
    reference: str
    reason: str


def parse_sample_row(row: int, values: dict[str, str]) -> SampleRow | list[RowError]:
    """A sample row as a claim to audit, or every error in it."""
    errors = []
    reference = values["claim_reference"].strip().upper()
    if not reference:
        errors.append(RowError(row, "claim_reference", "Enter the claim reference"))
    reason = values["sample_reason"].strip()
    if not reason:
        errors.append(RowError(row, "sample_reason", "Enter why the claim was sampled"))
    elif len(reason) > REASON_MAX_LENGTH:
        errors.append(
            RowError(
                row, "sample_reason", f"Reason must be {REASON_MAX_LENGTH} characters or fewer"
            )
        )
    return errors or SampleRow(row, reference, reason)


class ProviderAnswer(msgspec.Struct, frozen=True):
    """One row of a provider's response: a mentor on a claim, accepted or not and why."""

    row: int
    reference: str
    mentor: str
    accepted: bool
    reason: str = ""


def parse_provider_row(row: int, values: dict[str, str]) -> ProviderAnswer | list[RowError]:
    """A provider's row as an answer, or every error in it."""
    errors = []
    reference = values["claim_reference"].strip().upper()
    if not reference:
        errors.append(RowError(row, "claim_reference", "Enter the claim reference"))
    mentor = " ".join(values["mentor_full_name"].split())
    if not mentor:
        errors.append(RowError(row, "mentor_full_name", "Enter the mentor’s full name"))
    said = values["claim_accepted"].strip()
    accepted = True if said.lower() in _YES else False if said.lower() in _NO else None
    if accepted is None:
        errors.append(
            RowError(
                row,
                "claim_accepted",
                "Enter yes or no" if not said else f"‘{said}’ is not yes, no, true or false",
            )
        )
    reason = values["rejection_reason"].strip()
    if accepted is False and not reason:
        errors.append(
            RowError(row, "rejection_reason", "Enter why the provider rejected the claim")
        )
    elif len(reason) > REASON_MAX_LENGTH:
        errors.append(
            RowError(
                row, "rejection_reason", f"Reason must be {REASON_MAX_LENGTH} characters or fewer"
            )
        )
    if errors or accepted is None:
        return errors
    return ProviderAnswer(row, reference, mentor, accepted, "" if accepted else reason)


def same_name(first: str, second: str) -> bool:
    """Whether two full names are the same person's, whatever the case and spacing."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


class ProviderResponseCheck:
    """A provider's response checked a batch of rows at a time: each row as it comes, and at the
    end every audited claim in the file whose mentors do not all have a row."""

    def __init__(self) -> None:
        self.named: dict[str, list[str]] = {}
        self.mentors: dict[str, Sequence[str]] = {}
        self.last_row: dict[str, int] = {}

    def rows(
        self,
        answers: Sequence[ProviderAnswer],
        audited: Mapping[str, Sequence[str]],
        not_audited: Mapping[str, str],
    ) -> list[RowError]:
        """Rows naming a claim not being audited, a mentor not on it or a mentor twice.
        `audited` maps the reference of each claim awaiting the provider to its mentors'
        names; `not_audited` the others' to their status's words."""
        errors: list[RowError] = []
        for answer in answers:
            mentors = audited.get(answer.reference)
            if mentors is None:
                status = not_audited.get(answer.reference)
                message = (
                    f"There is no submitted claim with the reference {answer.reference}"
                    if status is None
                    else f"Claim {answer.reference} is {status}, not audit requested"
                )
                errors.append(RowError(answer.row, "claim_reference", message))
                continue
            self.mentors[answer.reference] = mentors
            named = self.named.setdefault(answer.reference, [])
            self.last_row[answer.reference] = answer.row
            if not any(same_name(answer.mentor, mentor) for mentor in mentors):
                message = f"{answer.mentor} is not a mentor on claim {answer.reference}"
            elif any(same_name(answer.mentor, each) for each in named):
                message = (
                    f"{answer.mentor} is in the file more than once for claim {answer.reference}"
                )
            else:
                message = ""
            if message:
                errors.append(RowError(answer.row, "mentor_full_name", message))
            named.append(answer.mentor)
        return errors

    def missing(self) -> list[RowError]:
        """Each audited claim whose mentors do not all have a row, at its last row."""
        errors = []
        for reference, named in self.named.items():
            missing = [
                mentor
                for mentor in self.mentors[reference]
                if not any(same_name(mentor, each) for each in named)
            ]
            if missing:
                errors.append(
                    RowError(
                        self.last_row[reference],
                        "mentor_full_name",
                        f"Claim {reference} has no row for {', '.join(missing)}: every mentor "
                        "on the claim needs a row",
                    )
                )
        return errors


def provider_response_problems(
    answers: Sequence[ProviderAnswer],
    audited: Mapping[str, Sequence[str]],
    not_audited: Mapping[str, str],
) -> list[RowError]:
    """Every problem of a whole response read at once (see ProviderResponseCheck)."""
    check = ProviderResponseCheck()
    return check.rows(answers, audited, not_audited) + check.missing()


def parse_reason(text: str | None, field: str, missing: str) -> str | FieldError:
    """A rejection reason typed by support: required, of a sensible length."""
    text = (text or "").strip()
    if not text:
        return FieldError(field, missing)
    if len(text) > REASON_MAX_LENGTH:
        return FieldError(field, f"Reason must be {REASON_MAX_LENGTH} characters or fewer")
    return text
