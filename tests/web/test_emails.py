"""The emails' copy as recipients read it, and queueing one with its change."""

from __future__ import annotations

import json
from datetime import date

import pytest

from db.outbox import NotInTransaction
from db.tables import EmailOutbox
from domain.academic_years import AcademicYear
from domain.reminders import Recipient, Reminder
from domain.windows import ClaimWindow
from tests.fixtures.emails import ADDED, REMOVED, SUBMITTED
from tests.fixtures.migrated_database import database_kinds, fresh_database
from web.emails import (
    EMAILS,
    MissingPersonalisation,
    queue_email,
    reminder_fields,
    render,
    school_onboarded_fields,
)


def test_colleague_added():
    email = render("colleague_added", ADDED)

    assert email.subject == "You have been added to Hillside Primary School"
    assert email.body == (
        "Dear Ada,\n"
        "\n"
        "Grace Hopper has added you to Hillside Primary School on Claim funding for mentor "
        "training.\n"
        "\n"
        "You can now view and create claims for mentor training for Hillside Primary School.\n"
        "\n"
        "# Sign in to the service\n"
        "\n"
        "https://claim-funding-for-mentor-training.education.gov.uk/sign-in\n"
        "\n"
        "You sign in with DfE Sign-in using this email address. If you do not have a "
        "DfE Sign-in account yet, you can create one when you sign in. A new DfE Sign-in account "
        "must be approved by your school's DfE Sign-in approver before you can use the service.\n"
        "\n"
        "Claim funding for mentor training\n"
        "Department for Education"
    )


def test_colleague_removed():
    email = render("colleague_removed", REMOVED)

    assert email.subject == "You have been removed from Hillside Primary School"
    assert email.body == (
        "Dear Ada,\n"
        "\n"
        "You have been removed from Hillside Primary School on Claim funding for mentor "
        "training.\n"
        "\n"
        "You can no longer view or create claims for Hillside Primary School.\n"
        "\n"
        "If you think this is a mistake, ask someone at Hillside Primary School who uses the "
        "service to add you again.\n"
        "\n"
        "Claim funding for mentor training\n"
        "Department for Education"
    )


def test_claim_submitted():
    email = render("claim_submitted", SUBMITTED)

    assert email.subject == "Claim 12345678 submitted for Hillside Primary School"
    assert email.body == (
        "Dear Ada,\n"
        "\n"
        "You have submitted a claim for funding for mentor training for Hillside Primary "
        "School.\n"
        "\n"
        "^ Claim reference: 12345678\n"
        "\n"
        "* Provider: Best Practice Network\n"
        "* Total hours: 40 hours\n"
        "* Amount: £1,707.20\n"
        "\n"
        "# What happens next\n"
        "\n"
        "The Department for Education will check the claim. We will contact you if we need "
        "more information.\n"
        "\n"
        "Claims submitted from 5 May 2026 to 17 July 2026 will be paid in September and "
        "October 2026.\n"
        "\n"
        "You can see the claim and its status when you sign in to the service.\n"
        "\n"
        "Claim funding for mentor training\n"
        "Department for Education"
    )


def test_each_email_names_the_fields_it_needs():
    assert {kind: sorted(template.fields) for kind, template in EMAILS.items()} == {
        "colleague_added": ["added_by_name", "first_name", "school_name", "service_url"],
        "colleague_removed": ["first_name", "school_name"],
        "support_user_added": ["added_by_name", "first_name", "service_url"],
        "support_user_removed": ["first_name"],
        "claim_submitted": [
            "amount",
            "first_name",
            "payment",
            "provider_name",
            "reference",
            "school_name",
            "total_hours",
        ],
        "claims_sent_to_payer": [
            "amount",
            "claim_count",
            "download_link",
            "expires_on",
            "window",
        ],
        "claims_to_audit": [
            "claim_count",
            "deadline",
            "download_link",
            "expires_on",
            "provider_name",
        ],
        "claim_rejected_by_provider": [
            "first_name",
            "provider_name",
            "reference",
            "school_name",
            "service_url",
        ],
        "clawback_requested": [
            "adjusted_amount",
            "amount",
            "clawback_amount",
            "first_name",
            "reference",
            "school_name",
            "service_url",
        ],
        "clawbacks_sent_to_payer": ["amount", "claim_count", "download_link", "expires_on"],
        "school_onboarded": [
            "academic_year",
            "deadline",
            "first_name",
            "school_name",
            "service_url",
            "window_dates",
        ],
        "reminder_no_claims": [
            "academic_year",
            "deadline",
            "first_name",
            "school_names",
            "service_url",
        ],
        "reminder_not_signed_in": [
            "academic_year",
            "deadline",
            "first_name",
            "school_names",
            "service_url",
        ],
        "reminder_provider_schools": [
            "academic_year",
            "deadline",
            "provider_name",
            "school_names",
        ],
        "user_invited": ["first_name", "school_name", "service_url"],
    }


@pytest.mark.parametrize("reminder", list(Reminder))
def test_a_reminder_quotes_the_windows_deadline_and_lists_the_schools(reminder):
    window = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025))
    recipient = Recipient("ada@example.org", "Ada", ("Elm School", "Oak Primary"))
    fields = reminder_fields(reminder, recipient, window, "https://claim.example/sign-in")
    email = render(reminder.about.email, fields)
    assert "11:59pm on Friday 17 July 2026" in email.subject + email.body
    assert "the academic year 2025 to 2026" in email.body
    assert "* Elm School\n* Oak Primary" in email.body
    assert "Ada" in email.body


def test_school_onboarded():
    window = ClaimWindow(date(2026, 5, 5), date(2026, 7, 17), AcademicYear(2025))
    fields = school_onboarded_fields("Ada", "Oak Primary", window, "https://claim.example")
    email = render("school_onboarded", fields)
    assert email.subject == "Oak Primary can claim funding for mentor training"
    assert "for the academic year 2025 to 2026." in email.body
    assert "You can submit claims from 5 May 2026 to 17 July 2026. The deadline is " in email.body
    assert "Friday 17 July 2026" in email.body
    assert "https://claim.example/sign-in" in email.body


def test_rendering_without_a_field_says_which_like_notify():
    with pytest.raises(
        MissingPersonalisation, match="Missing personalisation: added_by_name, service_url"
    ):
        render("colleague_added", REMOVED)


def test_rendering_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="No email copy for kind 'welcome'"):
        render("welcome", REMOVED)


def test_a_field_value_is_not_read_as_a_placeholder():
    email = render("colleague_removed", {"first_name": "((school_name))", "school_name": "Oak"})
    assert email.body.startswith("Dear ((school_name)),\n")


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(params=database_kinds())
async def engine(request, tmp_path):
    async with fresh_database(request.param, tmp_path) as (engine, _url):
        yield engine


@pytest.mark.anyio
@pytest.mark.db
async def test_queue_email_stores_only_the_fields_the_copy_uses(engine):
    async with engine.transaction():
        await queue_email("colleague_removed", "ada@example.com", {**REMOVED, "password": "x"})

    [row] = await EmailOutbox.select()
    assert (row["kind"], row["to_address"], row["status"]) == (
        "colleague_removed",
        "ada@example.com",
        "pending",
    )
    assert json.loads(row["personalisation"]) == REMOVED


@pytest.mark.anyio
@pytest.mark.db
async def test_queue_email_refuses_mistakes_before_anything_is_stored(engine):
    async with engine.transaction():
        with pytest.raises(MissingPersonalisation, match="reference"):
            await queue_email("claim_submitted", "ada@example.com", REMOVED)
        with pytest.raises(ValueError, match="No email copy"):
            await queue_email("welcome", "ada@example.com", REMOVED)
    with pytest.raises(NotInTransaction):
        await queue_email("colleague_removed", "ada@example.com", REMOVED)

    assert await EmailOutbox.count() == 0
