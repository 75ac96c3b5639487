"""The service's emails: their copy, and queueing one in the transaction that causes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import msgspec

from db import outbox
from domain.funding import format_money
from domain.hours import format_hours
from domain.reminders import Recipient, Reminder, school_list
from domain.windows import ClaimWindow

if TYPE_CHECKING:
    from db.queries.claim_submission import SubmittedClaim

# Notify's placeholder syntax, so this copy can be pasted into the Notify templates unchanged.
_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")

_SIGN_OFF = "Claim funding for mentor training\nDepartment for Education"
# Every email with a file to download: the signed link, and what to do once it has been used.
_DOWNLOAD_LINK = (
    "# Download the claims\n"
    "\n"
    "((download_link))\n"
    "\n"
    "The link works once and expires on ((expires_on)). If it has expired or already been "
    "used, reply to this email to ask for another.\n"
    "\n"
)
_SCHOOL_SIGN_IN = (
    "You sign in with DfE Sign-in using this email address. If you do not have a DfE Sign-in "
    "account yet, you can create one when you sign in. A new DfE Sign-in account must be "
    "approved by your school's DfE Sign-in approver before you can use the service.\n"
)


class EmailTemplate(msgspec.Struct, frozen=True):
    """One kind of email as GOV.UK Notify holds it: a subject and a body with ((fields))."""

    subject: str
    body: str

    @property
    def fields(self) -> frozenset[str]:
        """Every personalisation field the subject and body use."""
        return frozenset(_PLACEHOLDER.findall(self.subject + "\n" + self.body))


class RenderedEmail(msgspec.Struct, frozen=True):
    """An email with its fields filled in, as the recipient reads it."""

    subject: str
    body: str


class MissingPersonalisation(ValueError):
    """An email was given without every field its template uses."""


EMAILS: dict[str, EmailTemplate] = {
    "colleague_added": EmailTemplate(
        subject="You have been added to ((school_name))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "((added_by_name)) has added you to ((school_name)) on Claim funding for mentor "
            "training.\n"
            "\n"
            "You can now view and create claims for mentor training for ((school_name)).\n"
            "\n"
            "# Sign in to the service\n"
            "\n"
            "((service_url))\n"
            "\n" + _SCHOOL_SIGN_IN + "\n" + _SIGN_OFF
        ),
    ),
    "colleague_removed": EmailTemplate(
        subject="You have been removed from ((school_name))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "You have been removed from ((school_name)) on Claim funding for mentor training.\n"
            "\n"
            "You can no longer view or create claims for ((school_name)).\n"
            "\n"
            "If you think this is a mistake, ask someone at ((school_name)) who uses the "
            "service to add you again.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "support_user_added": EmailTemplate(
        subject="You have been added as a support user",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "((added_by_name)) has added you as a support user of Claim funding for mentor "
            "training.\n"
            "\n"
            "You can now use the support console to manage claim windows and support users.\n"
            "\n"
            "# Sign in to the service\n"
            "\n"
            "((service_url))\n"
            "\n"
            "You sign in with DfE Sign-in using this email address.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "support_user_removed": EmailTemplate(
        subject="You are no longer a support user",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "You have been removed as a support user of Claim funding for mentor training.\n"
            "\n"
            "You can no longer use the support console. If you think this is a mistake, ask "
            "another support user to add you again.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "claim_submitted": EmailTemplate(
        subject="Claim ((reference)) submitted for ((school_name))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "You have submitted a claim for funding for mentor training for ((school_name)).\n"
            "\n"
            "^ Claim reference: ((reference))\n"
            "\n"
            "* Provider: ((provider_name))\n"
            "* Total hours: ((total_hours))\n"
            "* Amount: ((amount))\n"
            "\n"
            "# What happens next\n"
            "\n"
            "The Department for Education will check the claim. We will contact you if we "
            "need more information.\n"
            "\n"
            "((payment))\n"
            "\n"
            "You can see the claim and its status when you sign in to the service.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "claims_sent_to_payer": EmailTemplate(
        subject="Claims for mentor training funding to pay",
        body=(
            "Dear colleague,\n"
            "\n"
            "The Department for Education has sent you ((claim_count)) claims for funding for "
            "mentor training, submitted from ((window)), totalling ((amount)).\n"
            "\n" + _DOWNLOAD_LINK + "# Tell us which claims you have paid\n"
            "\n"
            "Fill in the claim_status column of each row (paid, unpaid or submitted) and, for "
            "unpaid claims, the claim_unpaid_reason column, then send the file back with only "
            "the columns claim_reference, claim_status and claim_unpaid_reason.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "claims_to_audit": EmailTemplate(
        subject="Claims for mentor training funding to audit",
        body=(
            "Dear ((provider_name)),\n"
            "\n"
            "The Department for Education is auditing ((claim_count)) claims for funding for "
            "mentor training that name you as the accredited provider. Please check the hours "
            "each mentor trained with you.\n"
            "\n" + _DOWNLOAD_LINK + "# Tell us by ((deadline))\n"
            "\n"
            "For each mentor, fill in the claim_accepted column (yes or no) and, where you say "
            "no, the rejection_reason column. Then send the file back with only the columns "
            "claim_reference, mentor_full_name, claim_accepted and rejection_reason, by "
            "((deadline)).\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "claim_rejected_by_provider": EmailTemplate(
        subject="Claim ((reference)) for ((school_name)): the provider did not confirm the hours",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "We audited claim ((reference)) for ((school_name)). ((provider_name)) did not "
            "confirm some of the hours of mentor training claimed.\n"
            "\n"
            "# What happens next\n"
            "\n"
            "The Department for Education will contact you to hear your side before deciding "
            "whether any funding must be paid back. You can see the claim and its status when "
            "you sign in to the service.\n"
            "\n"
            "((service_url))\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "clawback_requested": EmailTemplate(
        subject="Claim ((reference)) for ((school_name)): ((clawback_amount)) to be paid back",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "After auditing claim ((reference)) for ((school_name)), the Department for "
            "Education has found that some of the hours of mentor training claimed did not "
            "take place.\n"
            "\n"
            "* Amount claimed: ((amount))\n"
            "* Amount to be paid back: ((clawback_amount))\n"
            "* Amount you keep: ((adjusted_amount))\n"
            "\n"
            "# What happens next\n"
            "\n"
            "The amount will be taken back by the Education and Skills Funding Agency. You can "
            "see the claim and its status when you sign in to the service.\n"
            "\n"
            "((service_url))\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "clawbacks_sent_to_payer": EmailTemplate(
        subject="Claims for mentor training funding to claw back",
        body=(
            "Dear colleague,\n"
            "\n"
            "The Department for Education has sent you ((claim_count)) claims for funding for "
            "mentor training from which money must be taken back, totalling ((amount)).\n"
            "\n" + _DOWNLOAD_LINK + "# Tell us which clawbacks are complete\n"
            "\n"
            "Send the file back with only the columns claim_reference and claim_status, "
            "with claim_status set to clawback_complete for each claim whose money you have "
            "taken back.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "school_onboarded": EmailTemplate(
        subject="((school_name)) can claim funding for mentor training",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "((school_name)) can now claim funding for mentor training for the academic year "
            "((academic_year)).\n"
            "\n"
            "You can submit claims from ((window_dates)). The deadline is ((deadline)).\n"
            "\n"
            "# Sign in to the service\n"
            "\n"
            "((service_url))\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "reminder_no_claims": EmailTemplate(
        subject="Claim funding for mentor training by ((deadline))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "You have not submitted a claim for funding for mentor training for the academic "
            "year ((academic_year)) for:\n"
            "\n"
            "((school_names))\n"
            "\n"
            "You must submit claims by ((deadline)).\n"
            "\n"
            "# Sign in to make a claim\n"
            "\n"
            "((service_url))\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "reminder_not_signed_in": EmailTemplate(
        subject="Sign in to claim funding for mentor training by ((deadline))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "You can claim funding for mentor training for the academic year "
            "((academic_year)) for:\n"
            "\n"
            "((school_names))\n"
            "\n"
            "Nobody from these schools has signed in to the service yet. You must submit "
            "claims by ((deadline)).\n"
            "\n"
            "# Sign in to the service\n"
            "\n"
            "((service_url))\n"
            "\n"
            "You sign in with DfE Sign-in using this email address. If you do not have a "
            "DfE Sign-in account yet, you can create one when you sign in.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "reminder_provider_schools": EmailTemplate(
        subject="Schools that have not claimed funding for mentor training with ((provider_name))",
        body=(
            "Dear colleague at ((provider_name)),\n"
            "\n"
            "These schools claimed funding for mentor training with ((provider_name)) in an "
            "earlier academic year, but have not claimed with you for the academic year "
            "((academic_year)):\n"
            "\n"
            "((school_names))\n"
            "\n"
            "Schools must submit claims by ((deadline)). If their mentors trained with you "
            "this year, you may want to remind them.\n"
            "\n" + _SIGN_OFF
        ),
    ),
    "user_invited": EmailTemplate(
        subject="You have been invited to ((school_name))",
        body=(
            "Dear ((first_name)),\n"
            "\n"
            "The Department for Education has given you access to ((school_name)) on Claim "
            "funding for mentor training.\n"
            "\n"
            "You can now view and create claims for mentor training for ((school_name)).\n"
            "\n"
            "# Sign in to the service\n"
            "\n"
            "((service_url))\n"
            "\n" + _SCHOOL_SIGN_IN + "\n" + _SIGN_OFF
        ),
    ),
}


def reminder_fields(
    reminder: Reminder, recipient: Recipient, window: ClaimWindow, service_url: str
) -> dict[str, str]:
    """A reminder email's fields for one recipient in the current window."""
    name_field = "provider_name" if reminder is Reminder.PROVIDERS else "first_name"
    return {
        name_field: recipient.name,
        "school_names": school_list(recipient.schools),
        "academic_year": window.academic_year.name,
        "deadline": window.deadline,
        "service_url": service_url,
    }


def claim_submitted_fields(submitted: SubmittedClaim, payment: str) -> dict[str, str]:
    """The claim-submitted email's fields for a claim just submitted and when it will be paid."""
    return {
        "payment": payment,
        "first_name": submitted.submitter_first_name,
        "school_name": submitted.school_name,
        "reference": submitted.reference,
        "provider_name": submitted.provider_name,
        "total_hours": format_hours(submitted.total_hours),
        "amount": format_money(submitted.amount_pence),
    }


def sign_in_link(service_url: str, reverse: Callable[..., str]) -> str:
    """The sign-in page's full address, for an email inviting someone to the service."""
    # The configured address, never the request's Host header, which a sender could forge.
    return service_url + reverse("sign_in")


def school_onboarded_fields(
    first_name: str, school_name: str, window: ClaimWindow, service_url: str
) -> dict[str, str]:
    """The onboarding email's fields: the school, its year and the window it can claim in."""
    return {
        "first_name": first_name,
        "school_name": school_name,
        "academic_year": window.academic_year.name,
        "window_dates": window.dates,
        "deadline": window.deadline,
        "service_url": f"{service_url}/sign-in",
    }


def template_for(kind: str) -> EmailTemplate:
    """The copy for one kind of email; ValueError for a kind the service does not send."""
    try:
        return EMAILS[kind]
    except KeyError:
        raise ValueError(f"No email copy for kind {kind!r}") from None


def render(kind: str, personalisation: dict[str, str]) -> RenderedEmail:
    """Fill an email's ((fields)) the way Notify would."""
    template = template_for(kind)
    missing = sorted(template.fields - personalisation.keys())
    if missing:
        # Notify answers 400 "Missing personalisation: ..." for the same mistake.
        raise MissingPersonalisation("Missing personalisation: " + ", ".join(missing))

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda match: str(personalisation[match.group(1)]), text)

    return RenderedEmail(subject=fill(template.subject), body=fill(template.body))


async def queue_email(kind: str, to_address: str, personalisation: dict[str, str]) -> None:
    """Queue an email in the caller's open transaction, so it is sent only if the change commits."""
    template = template_for(kind)
    missing = sorted(template.fields - personalisation.keys())
    if missing:
        raise MissingPersonalisation("Missing personalisation: " + ", ".join(missing))
    # Only the fields the template uses: nothing else personal is kept in the outbox.
    fields = {name: str(personalisation[name]) for name in sorted(template.fields)}
    await outbox.add(kind, to_address, fields)
