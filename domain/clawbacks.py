"""Clawbacks: the hours a rejected mentor really trained, and the money taken back for the rest."""

import re
from collections.abc import Iterable

import msgspec

from domain.csv_upload import RowError
from domain.validation.field_error import FieldError

_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")
# A reason is read by the school and the payer: long enough to explain, short enough to file.
REASON_MAX_LENGTH = 500


class MentorClawback(msgspec.Struct, frozen=True):
    """One rejected mentor on a claim: hours claimed, hours really trained and why."""

    mentor: str
    claimed_hours: int
    trained_hours: int
    reason: str

    @property
    def hours_taken_back(self) -> int:
        """The claimed hours the mentor did not train."""
        return self.claimed_hours - self.trained_hours


def parse_trained_hours(text: str | None, claimed_hours: int, field: str) -> int | FieldError:
    """The hours a mentor really trained, from 0 up to the hours claimed, or an error."""
    text = (text or "").strip()
    if not text:
        return FieldError(field, "Enter the number of hours the mentor trained")
    if not _WHOLE_NUMBER.fullmatch(text):
        return FieldError(field, "Number of hours must be a whole number")
    hours = int(text)
    if hours > claimed_hours:
        return FieldError(field, f"Number of hours must be between 0 and {claimed_hours}")
    return hours


def parse_reason(text: str | None, field: str) -> str | FieldError:
    """Why the hours are taken back, required and of a sensible length."""
    text = (text or "").strip()
    if not text:
        return FieldError(field, "Enter why the hours are being clawed back")
    if len(text) > REASON_MAX_LENGTH:
        return FieldError(field, f"Reason must be {REASON_MAX_LENGTH} characters or fewer")
    return text


def clawback_pence(mentors: Iterable[MentorClawback], rate_pence: int) -> int:
    """The money taken back: every hour not trained at the claim's stored hourly rate."""
    # support.md: the claim's own stored rate, never today's rate, so a rate change cannot
    # change what an earlier claim owes.
    return sum(mentor.hours_taken_back for mentor in mentors) * rate_pence


# support.md "Clawbacks": the file sent to the payer, and the columns of the payer's answer.
CLAWBACK_FILE_COLUMNS = (
    "claim_reference",
    "school_urn",
    "school_name",
    "provider_name",
    "provider_code",
    "claim_amount",
    "clawback_amount",
    "claim_status",
)
RESPONSE_COLUMNS = ("claim_reference", "claim_status")
COMPLETE = "clawback_complete"


class ClawbackAnswer(msgspec.Struct, frozen=True):
    """One row of the payer's clawback response: the claim whose money was taken back."""

    row: int
    reference: str


def parse_response_row(row: int, values: dict[str, str]) -> ClawbackAnswer | list[RowError]:
    """A clawback response row, or every error in it."""
    errors = []
    reference = values["claim_reference"].strip().upper()
    if not reference:
        errors.append(RowError(row, "claim_reference", "Enter the claim reference"))
    status = values["claim_status"].strip()
    if status.lower() != COMPLETE:
        errors.append(
            RowError(
                row,
                "claim_status",
                f"Enter {COMPLETE}" if not status else f"‘{status}’ is not {COMPLETE}",
            )
        )
    return errors or ClawbackAnswer(row, reference)
