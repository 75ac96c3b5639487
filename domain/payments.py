"""Paying claims: the file sent to the payer, and reading the payer's response row by row."""

import enum

import msgspec

from domain.claim_lifecycle import Action
from domain.csv_upload import RowError
from domain.windows import ClaimWindow

# support.md "Payments": the columns of the payer's response file.
RESPONSE_COLUMNS = ("claim_reference", "claim_status", "claim_unpaid_reason")

# The file sent to the payer: the response's columns last, blank, for the payer to fill in.
PAYMENT_COLUMNS = (
    "claim_reference",
    "school_urn",
    "school_name",
    "school_local_authority",
    "provider_name",
    "provider_code",
    "claim_amount",
    "claim_submission_date",
    "claim_status",
    "claim_unpaid_reason",
)


class WindowToSend(msgspec.Struct, frozen=True):
    """A claim window with submitted claims: how many and how much."""

    id: int
    window: ClaimWindow
    claims: int
    amount_pence: int


class PayerStatus(enum.Enum):
    """What the payer says about one claim."""

    PAID = "paid"
    UNPAID = "unpaid"
    # Not decided yet: the row changes nothing.
    SUBMITTED = "submitted"


ACTIONS = {PayerStatus.PAID: Action.PAYER_PAID, PayerStatus.UNPAID: Action.PAYER_NEEDS_INFORMATION}


class PayerAnswer(msgspec.Struct, frozen=True):
    """One row of the payer's response, checked on its own."""

    row: int
    reference: str
    status: PayerStatus
    unpaid_reason: str = ""


def parse_response_row(row: int, values: dict[str, str]) -> PayerAnswer | list[RowError]:
    """A response row as an answer, or every error in it."""
    errors: list[RowError] = []
    reference = values["claim_reference"].strip().upper()
    if not reference:
        errors.append(RowError(row, "claim_reference", "Enter the claim reference"))
    status_text = values["claim_status"].strip().lower()
    try:
        status = PayerStatus(status_text)
    except ValueError:
        status = None
        errors.append(
            RowError(
                row,
                "claim_status",
                "Enter paid, unpaid or submitted"
                if not status_text
                else f"‘{values['claim_status']}’ is not paid, unpaid or submitted",
            )
        )
    reason = values["claim_unpaid_reason"].strip()
    if status is PayerStatus.UNPAID and not reason:
        errors.append(
            RowError(row, "claim_unpaid_reason", "Enter why the payer has not paid the claim")
        )
    if errors or status is None:
        return errors
    return PayerAnswer(row, reference, status, reason if status is PayerStatus.UNPAID else "")


# Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell the payer's spreadsheet shows as text, never runs as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def amount_text(pence: int) -> str:
    """An amount as the payer's file writes it: pounds and pence, no £ or commas."""
    return f"{pence // 100}.{pence % 100:02d}"


class ManualAction(msgspec.Struct, frozen=True):
    """Support's action on one claim the payer asked about: its words and its move."""

    slug: str
    action: Action
    button: str
    question: str
    done: str


# support.md "Payments": manual actions on one claim, each confirmed on an "Are you sure" page.
MANUAL_ACTIONS = {
    each.slug: each
    for each in (
        ManualAction(
            "information-sent",
            Action.CONFIRM_INFORMATION_SENT,
            "Confirm information sent",
            "Are you sure you have sent the payer the information they asked for?",
            "Information sent to the payer",
        ),
        ManualAction(
            "paid",
            Action.CONFIRM_PAID,
            "Confirm paid",
            "Are you sure the payer has paid this claim?",
            "Payment confirmed",
        ),
        ManualAction(
            "reject",
            Action.REJECT_PAYMENT,
            "Reject claim",
            "Are you sure you want to reject this claim?",
            "Claim rejected: the payer will not pay it",
        ),
    )
}
