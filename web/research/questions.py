"""Each recorded step named as the participant saw it: the question or page, not its route."""

from __future__ import annotations

_SCHOOL = "/schools/{school_id}"
_CLAIM = f"{_SCHOOL}/claims/{{claim_id}}"
_WINDOW = "/support/settings/claim-windows/{window_id}"
_ONBOARD = "/support/organisations/onboard"
_PROVIDER_CLAIMS = "/providers/{provider_id}/claims"

# Step ids as the recorder writes them (web/research/recorder.py step_id): route templates with
# step words kept. Pages whose title names a person or a school are named generically, so the
# same question reads the same in every session.
NAMES: dict[str, str] = {
    "/": "Start page",
    "/sign-in": "Sign in",
    "/sign-out": "Sign out",
    "/signed-out": "You have signed out",
    "/account": "Your account",
    "/accessibility": "Accessibility statement",
    "/cookies": "Cookies",
    "/privacy": "Privacy notice",
    "/mailbox": "Local mailbox",
    "/mailbox/{message_id}": "An email in the local mailbox",
    "/development/teachers": "Teachers in the local Teaching Record",
    "/healthcheck": "Health check",
    "/auth/callback": "Signing in with DfE Sign-in",
    "/sign-in/dfe-sign-in": "Signing in with DfE Sign-in",
    "/sign-in/persona": "Sign in as",
    "/schools": "Select an organisation",
    _SCHOOL: "An organisation's home",
    f"{_SCHOOL}/grant-conditions": "Grant conditions",
    f"{_SCHOOL}/organisation-details": "Organisation details",
    f"{_SCHOOL}/claims": "Claims",
    f"{_SCHOOL}/claims/new": "Accredited provider",
    f"{_SCHOOL}/claims/new/provider-results": "Accredited provider search results",
    f"{_CLAIM}/provider": "Accredited provider",
    f"{_CLAIM}/provider-results": "Accredited provider search results",
    f"{_CLAIM}/mentors": "Mentors for the claim",
    f"{_CLAIM}/hours/*": "Hours for a mentor",
    f"{_CLAIM}/confirm-hours": "Confirm hours with the provider",
    f"{_CLAIM}/check-answers": "Check your answers",
    f"{_CLAIM}/submit": "Check your answers",
    f"{_CLAIM}/submitted": "Claim submitted",
    f"{_CLAIM}/summary": "Your claim so far",
    f"{_CLAIM}/claim-again": "Start a new claim for the same mentors",
    f"{_CLAIM}/resume": "A claim in progress",
    f"{_CLAIM}/remove": "Remove a claim",
    _CLAIM: "A claim",
    f"{_SCHOOL}/mentors": "Mentors",
    f"{_SCHOOL}/mentors/add": "Find a mentor",
    f"{_SCHOOL}/mentors/add/confirm": "Confirm mentor details",
    f"{_SCHOOL}/mentors/{{mentor_id}}/remove": "Remove a mentor",
    f"{_SCHOOL}/users": "Users",
    f"{_SCHOOL}/users/add": "Add user",
    f"{_SCHOOL}/users/add/check": "Confirm user details",
    f"{_SCHOOL}/users/{{user_id}}/remove": "Remove a user",
    "/providers": "Select a provider",
    _PROVIDER_CLAIMS: "A provider's claims",
    f"{_PROVIDER_CLAIMS}/download": "Download a provider's claims",
    f"{_PROVIDER_CLAIMS}/{{claim_id}}": "A claim naming the provider",
    "/support": "Support console",
    "/support/organisations": "Support: organisations",
    "/support/organisations/{school_id}/remove-grant-conditions": (
        "Support: remove a school's grant conditions agreement"
    ),
    "/support/claims": "Support: claims",
    "/support/claims/download": "Support: download claims",
    "/support/claims/{claim_id}": "Support: a claim",
    "/support/claims/{claim_id}/assign": "Support: assign a claim",
    "/support/claims/{claim_id}/ticket": "Support: a claim's support ticket link",
    "/support/claims/{claim_id}/payment/{action}": "Support: a payment action on a claim",
    "/support/claims/payments": "Support: payments",
    "/support/claims/payments/files/{file_id}": "Support: download a payment file",
    "/support/claims/payments/files/{file_id}/resend": "Support: send the payer's email again",
    "/support/claims/payments/send": "Send claims to the payer: choose a claim window",
    "/support/claims/payments/send/check": "Send claims to the payer: check the claims",
    "/support/claims/payments/response": "Upload the payer's response",
    "/support/claims/payments/response/{upload_id}": "Check the payer's response",
    "/support/claims/{claim_id}/audit/approve": "Support: approve an audited claim",
    "/support/claims/{claim_id}/audit/{rejection}": "Support: record an audit rejection",
    "/support/claims/{claim_id}/clawback/request": "Support: request a clawback",
    "/support/claims/{claim_id}/clawback/decision": "Support: approve or reject a clawback",
    "/support/claims/auditing": "Support: auditing",
    "/support/claims/auditing/files/{audit_file_id}": "Support: download a provider's audit file",
    "/support/claims/auditing/files/{audit_file_id}/resend": "Support: send a provider's email again",
    "/support/claims/auditing/sample": "Upload the claims to audit",
    "/support/claims/auditing/sample/{upload_id}": "Check the claims to audit",
    "/support/claims/auditing/response": "Upload a provider's response",
    "/support/claims/auditing/response/{upload_id}": "Check a provider's response",
    "/support/claims/clawbacks": "Support: clawbacks",
    "/support/claims/clawbacks/files/{clawback_file_id}": "Support: download a clawback file",
    "/support/claims/clawbacks/files/{clawback_file_id}/resend": (
        "Support: send the payer's clawback email again"
    ),
    "/support/claims/clawbacks/send": "Send clawbacks to the payer",
    "/support/claims/clawbacks/response": "Upload the payer's clawback response",
    "/support/claims/clawbacks/response/{upload_id}": "Check the payer's clawback response",
    "/downloads/{token}": "Download a file from an emailed link",
    **{
        f"{_ONBOARD}/{kind}/{step}": f"{task}: {page}"
        for kind, task in (
            ("by-search", "Onboard a school"),
            ("withdrawn-trainee", "Onboard a school whose trainee withdrew"),
        )
        for step, page in (
            ("school", "search"),
            ("school-results", "search results"),
            ("window", "claim window"),
            ("reason", "why it can claim"),
            ("check", "check and confirm"),
        )
    },
    "/support/organisations/onboard-csv": "Onboard schools from a CSV file",
    "/support/organisations/onboard-csv/{upload_id}": "Check the schools to onboard",
    "/support/organisations/invite-csv": "Invite users from a CSV file",
    "/support/organisations/invite-csv/{upload_id}": "Check the users to invite",
    "/support/users": "Support users",
    "/support/users/add": "Add support user",
    "/support/users/add/check": "Confirm support user details",
    "/support/users/{user_id}/remove": "Remove a support user",
    "/support/settings": "Support: settings",
    "/support/settings/activity": "Support: activity log",
    "/support/settings/reminders/{reminder}": "A reminder",
    "/support/settings/reminders/{reminder}/send": "Send a reminder",
    "/support/settings/reset": "Reset the service's data: choose a scenario",
    "/support/settings/reset/check": "Reset the service's data: are you sure",
    "/support/settings/claims-back-to-submitted": "Move every claim back to submitted",
    "/support/settings/activity/{event_id}": "Support: a batch in the activity log",
    "/support/settings/activity/{event_id}/file": "Support: download a batch's file",
    "/support/settings/claim-windows": "Claim windows",
    "/support/settings/claim-windows/new": "Add claim window",
    "/support/settings/claim-windows/new/check": "Check the claim window",
    f"{_WINDOW}/change": "Change claim window",
    f"{_WINDOW}/change/check": "Check the changed claim window",
    f"{_WINDOW}/remove": "Remove a claim window",
}

# Pages no route answered, or that failed, read by what the participant was told.
STATUS_NAMES = {
    400: "Sorry, there is a problem with your request",
    403: "No access, or a form sent too late",
    404: "Page not found",
}
SERVER_ERROR = "Sorry, there is a problem with the service"


def question(step: str, status: int = 200) -> str:
    """The step's name as the participant saw it; its route template if it has no name yet."""
    if status >= 500:
        return SERVER_ERROR
    return STATUS_NAMES.get(status) or NAMES.get(step, step)
