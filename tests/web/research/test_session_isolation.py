"""Two sessions of the support agent's or the provider's scenario never see or send each other's
claims, nor the service's own; support and provider users outside research see every claim."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from db.queries import research as rows
from db.service_data import REHEARSAL_CLAIMS
from db.tables import Claim, Provider
from tests.fixtures.client import ServiceClient
from tests.fixtures.database import run
from tests.fixtures.factories import new_claim, new_mentor, new_provider_user, new_school

CLAIMS = "/support/claims"
PAYMENTS = f"{CLAIMS}/payments"
SEND = f"{PAYMENTS}/send"


class Browser:
    """A browser of its own: the shared test client, with this browser's cookies while it asks."""

    def __init__(self, client: ServiceClient) -> None:
        self.shared = client
        self.cookies = httpx.Cookies()

    def _as_me(self, send, *args, **kwargs) -> httpx.Response:
        self.shared.cookies = self.cookies
        try:
            return send(*args, **kwargs)
        finally:
            self.cookies = self.shared.cookies

    def get(self, *args, **kwargs) -> httpx.Response:
        """GET with this browser's cookies."""
        return self._as_me(self.shared.get, *args, **kwargs)

    def post_form(self, *args, **kwargs) -> httpx.Response:
        """POST a form with this browser's cookies and CSRF token."""
        return self._as_me(self.shared.post_form, *args, **kwargs)


class Participant:
    """One session's participant, signed in on a browser of their own."""

    def __init__(self, client: Browser, code: str) -> None:
        self.client, self.code = client, code
        response = client.post_form(f"/research/join/{code}", follow_redirects=True)
        assert response.status_code == 200, response.text
        session = run(rows.session_by_code(code))
        self.school_ids = list(session.school_ids)

    def claims(self) -> list[dict]:
        """The claims the session's scenario made, as stored."""
        return _claims(Claim.school.is_in(self.school_ids))

    def references(self) -> set[str]:
        """Their references."""
        return {each["reference"] for each in self.claims()}


def _claims(where) -> list[dict]:
    columns = (Claim.id, Claim.reference, Claim.status, Claim.submitted_at, Claim.school)
    return run(Claim.select(*columns).where(where).order_by(Claim.id).run())


@pytest.fixture
def browsers(research) -> Callable[[str], Participant]:
    """Start sessions from the facilitator pages; each participant joins in a browser of their
    own, so both are signed in at once."""

    def join(scenario: str) -> Participant:
        code = research.start(scenario)
        return Participant(Browser(research.client), code)

    return join


def _b20() -> int:
    return run(Provider.select(Provider.id).where(Provider.code == "B20").first().run())["id"]


def _service_claim(like: dict) -> dict:
    """A claim of the service's own, submitted with B20 when a session's claim was."""

    provider = _b20()

    async def make() -> int:
        school_id = await new_school(name="Unrelated Service Primary School")
        mentor_id = await new_mentor(school_id)
        return await new_claim(
            school_id,
            [(mentor_id, 10, "initial")],
            provider=provider,
            submitted_at=like["submitted_at"],
            hourly_rate_pence=5370,
            amount_pence=53700,
        )

    claim_id = run(make())
    return _claims(Claim.id == claim_id)[0]


def _status(claim_id: int) -> str:
    return _claims(Claim.id == claim_id)[0]["status"]


def _links(html: str) -> set[str]:
    """The claim references a list links to."""
    return set(re.findall(r'<a class="govuk-link" href="[^"]*/claims/\d+[^"]*">(\w+)</a>', html))


def _listed(client: Browser | ServiceClient, path: str, references: set[str]) -> set[str]:
    """Which of the references a list's first page links to."""
    page = client.get(path)
    assert page.status_code == 200
    return _links(page.text) & references


def _found(client: Browser | ServiceClient, reference: str) -> bool:
    """Whether searching the console's claims for the reference finds it."""
    page = client.get(CLAIMS, params={"reference": reference})
    assert page.status_code == 200
    return reference in _links(page.text)


def _open_window(clock) -> str:
    from db.tables import ClaimWindow

    today = clock.now().date()
    found = run(
        ClaimWindow.select(ClaimWindow.id)
        .where((ClaimWindow.starts_on <= today) & (ClaimWindow.ends_on >= today))
        .where(ClaimWindow.removed_at.is_null())
        .first()
        .run()
    )
    return str(found["id"])


def test_support_agents_in_two_sessions_see_only_their_own_claims(browsers, client, support):
    first, second = browsers("support-payments"), browsers("support-payments")
    service = _service_claim(first.claims()[0])
    others = second.references() | {service["reference"]}
    mine = first.references()
    assert len(mine) == REHEARSAL_CLAIMS

    # The claims list, a search by reference and the download.
    assert _listed(first.client, CLAIMS, mine | others) == mine
    for reference in sorted(others):
        assert not _found(first.client, reference)
    download = first.client.get(f"{CLAIMS}/download").text
    assert all(each in download for each in mine)
    assert not [each for each in others if each in download]

    # Another session's claim, or the service's, is not there at all: its pages, its actions,
    # and its school.
    theirs = second.claims()[0]
    for claim in (theirs, service):
        assert first.client.get(f"{CLAIMS}/{claim['id']}").status_code == 404
        assert first.client.get(f"{CLAIMS}/{claim['id']}/payment/paid").status_code == 404
        assigned = first.client.post_form(f"{CLAIMS}/{claim['id']}/assign", {"assigned_to": ""})
        assert assigned.status_code == 404
        assert first.client.get(f"/schools/{claim['school']}").status_code == 404
    assert first.client.get(f"{CLAIMS}/{first.claims()[0]['id']}").status_code == 200
    assert first.client.get(f"/schools/{first.school_ids[0]}").status_code == 200

    # Support users outside research still see every claim and school.
    key, _ = support.user("Una", "Scoped")
    client.sign_in(key)
    everything = mine | others
    for reference in sorted(everything):
        assert _found(client, reference)
    for claim in (theirs, service, first.claims()[0]):
        assert client.get(f"{CLAIMS}/{claim['id']}").status_code == 200
        assert client.get(f"/schools/{claim['school']}").status_code == 200


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _counts(client: Browser) -> str:
    return _words(client.get(PAYMENTS).text)


def test_sending_to_the_payer_in_one_session_sends_only_its_claims(browsers, clock):
    first, second = browsers("support-payments"), browsers("support-payments")
    service = _service_claim(first.claims()[0])
    waiting = f"Waiting to be sent to the payer {REHEARSAL_CLAIMS} View"
    assert waiting in _counts(first.client)

    window = _open_window(clock)
    chosen = first.client.post_form(SEND, {"window": window}, follow_redirects=False)
    assert chosen.status_code == 303
    # The session's own window, and the check page counting the session's claims only.
    windows = first.client.get(SEND).text
    assert windows.count('name="window"') == 1
    assert f"{REHEARSAL_CLAIMS} submitted claims" in windows
    assert f"Claims {REHEARSAL_CLAIMS} Total" in _words(first.client.get(f"{SEND}/check").text)
    sent = first.client.post_form(f"{SEND}/check", follow_redirects=True)
    assert f"{REHEARSAL_CLAIMS} claims sent to the payer" in sent.text
    assert "Waiting to be sent to the payer 0 View" in _counts(first.client)
    assert waiting in _counts(second.client)

    assert {each["status"] for each in first.claims()} == {"payment_in_progress"}
    # The other session's claims and the service's own wait to be sent.
    assert {each["status"] for each in second.claims()} == {"submitted"}
    assert _status(service["id"]) == "submitted"

    # The other session still has its claims to send, and none of the first one's files.
    files = re.findall(r'href="(/support/claims/payments/files/\d+)"', sent.text)
    assert files
    second_page = second.client.get(PAYMENTS).text
    assert not [path for path in files if path in second_page]
    assert second.client.get(files[0]).status_code == 404
    assert first.client.get(files[0]).status_code == 200
    assert f"{REHEARSAL_CLAIMS} submitted claims" in second.client.get(SEND).text


def _upload(participant: Participant, references: list[str]):
    content = "claim_reference,claim_status,claim_unpaid_reason\r\n" + "".join(
        f"{reference},paid,\r\n" for reference in references
    )
    return participant.client.post_form(
        f"{PAYMENTS}/response", files={"file": ("response.csv", content.encode(), "text/csv")}
    )


def test_the_payers_response_in_one_session_cannot_touch_another_sessions_claims(browsers, clock):
    first, second = browsers("support-payments"), browsers("support-payments")
    window = _open_window(clock)
    for each in (first, second):
        each.client.post_form(SEND, {"window": window})
        each.client.post_form(f"{SEND}/check")
    assert {each["status"] for each in second.claims()} == {"payment_in_progress"}

    theirs = sorted(second.references())
    refused = _upload(first, [*sorted(first.references()), theirs[0]])
    assert refused.status_code == 200
    assert f"There is no submitted claim with the reference {theirs[0]}" in refused.text
    assert {each["status"] for each in second.claims()} == {"payment_in_progress"}

    preview = _upload(first, sorted(first.references()))
    action = re.search(
        r'<form method="post" action="([^"]+)" novalidate id="confirm"', preview.text
    )
    assert first.client.post_form(action[1], {}, follow_redirects=False).status_code == 303
    assert {each["status"] for each in first.claims()} == {"paid"}
    assert {each["status"] for each in second.claims()} == {"payment_in_progress"}


def test_providers_in_two_sessions_see_only_their_own_claims(browsers, client):
    first, second = browsers("provider-claims"), browsers("provider-claims")
    service = _service_claim(first.claims()[0])
    path = f"/providers/{_b20()}/claims"
    mine = first.references()
    others = second.references() | {service["reference"]}
    assert len(mine) == 5

    assert _listed(first.client, path, mine | others) == mine
    download = first.client.get(f"{path}/download").text
    assert all(each in download for each in mine)
    assert not [each for each in others if each in download]
    # The school filter offers only the session's schools.
    filters = first.client.get(path).text
    assert f'value="{second.school_ids[0]}"' not in filters
    assert f'value="{first.school_ids[0]}"' in filters
    for claim in (second.claims()[0], service):
        assert first.client.get(f"{path}/{claim['id']}").status_code == 404
        filtered = first.client.get(path, params={"school": str(claim["school"])})
        assert claim["reference"] not in _links(filtered.text)
    assert first.client.get(f"{path}/{first.claims()[0]['id']}").status_code == 200
    assert _listed(second.client, path, mine | others) == second.references()

    # A provider's user outside research sees every claim naming the provider.
    _, key = run(new_provider_user(_b20()))
    client.sign_in(key, path)
    everything = mine | others
    for reference in sorted(everything):
        found = client.get(path, params={"school": str(_school_of(reference))})
        assert reference in _links(found.text)
    for claim in (second.claims()[0], service, first.claims()[0]):
        assert client.get(f"{path}/{claim['id']}").status_code == 200


def _school_of(reference: str) -> int:
    return _claims(Claim.reference == reference)[0]["school"]


WHOLE_SERVICE_PAGES = [
    "/support/settings",
    "/support/settings/activity",
    "/support/settings/claim-windows",
    "/support/settings/claim-windows/new",
    "/support/settings/reminders/schools-with-no-claims",
    "/support/settings/reset",
    "/support/settings/claims-back-to-submitted",
    "/support/organisations/onboard-csv",
    "/support/organisations/invite-csv",
    "/support/users/add",
]


def test_a_support_participant_is_refused_what_changes_every_school(browsers, client, support):
    participant = browsers("support-payments")
    claims_before = {each["id"]: each["status"] for each in participant.claims()}

    for path in WHOLE_SERVICE_PAGES:
        refused = participant.client.get(path)
        assert refused.status_code == 403, path
        assert "This is not available in a research session" in refused.text
    # Posting is refused the same way, before anything is read or changed.
    reset = participant.client.post_form("/support/settings/reset", {"scenario": "empty"})
    assert reset.status_code == 403
    back = participant.client.post_form("/support/settings/claims-back-to-submitted", {})
    assert back.status_code == 403
    assert {each["id"]: each["status"] for each in participant.claims()} == claims_before

    # Nothing offers the way there: no Settings area, no onboarding or invitations.
    organisations = participant.client.get("/support/organisations").text
    assert 'href="/support/settings"' not in organisations
    assert "Onboard a school" not in organisations
    assert "Invite users from a CSV file" not in organisations
    assert "Add support user" not in participant.client.get("/support/users").text

    # A support user outside research still has all of it.
    key, _ = support.user("Una", "Whole")
    client.sign_in(key)
    for path in WHOLE_SERVICE_PAGES:
        assert client.get(path).status_code == 200, path
    organisations = client.get("/support/organisations").text
    assert 'href="/support/settings"' in organisations and "Onboard a school" in organisations
    assert "Add support user" in client.get("/support/users").text


AUDITING = f"{CLAIMS}/auditing"
CLAWBACKS = f"{CLAIMS}/clawbacks"


def _set_status(claim_ids: list[int], status: str, **columns) -> None:
    """Move claims straight to a status, as the steps before it would have."""
    values = {Claim.status: status, **{getattr(Claim, k): v for k, v in columns.items()}}
    run(Claim.update(values).where(Claim.id.is_in(claim_ids)).run())


def _numbers(client: Browser | ServiceClient, path: str) -> list[int]:
    page = client.get(path)
    assert page.status_code == 200
    return [int(n) for n in re.findall(r'govuk-summary-list__value">\s*(\d+)', page.text)]


def _csv_upload(client: Browser | ServiceClient, path: str, content: str) -> httpx.Response:
    return client.post_form(path, files={"file": ("file.csv", content.encode(), "text/csv")})


def _confirm(client: Browser | ServiceClient, preview: httpx.Response) -> httpx.Response:
    action = re.search(
        r'<form method="post" action="([^"]+)" novalidate id="confirm"', preview.text
    )
    assert action, preview.text
    return client.post_form(action[1], {}, follow_redirects=False)


def _file_links(client: Browser | ServiceClient, path: str) -> set[str]:
    return set(re.findall(rf'href="({path}/files/\d+)"', client.get(path).text))


def test_auditing_in_one_session_counts_samples_and_answers_only_its_claims(
    browsers, client, support
):
    first, second = browsers("support-payments"), browsers("support-payments")
    service = _service_claim(first.claims()[0])
    mine, theirs = first.claims(), second.claims()
    _set_status([c["id"] for c in [*mine, *theirs, service]], "paid")
    _set_status([theirs[0]["id"]], "sampling_in_progress")

    # The counts are the session's own: the other session's audit is not counted.
    assert _numbers(first.client, AUDITING) == [0, 0, 0]
    assert _numbers(second.client, AUDITING) == [1, 0, 0]

    # A sample naming another session's paid claim, or the service's, is refused whole.
    sample = "claim_reference,sample_reason\r\n"
    refused = _csv_upload(
        first.client,
        f"{AUDITING}/sample",
        sample + "".join(f"{c['reference']},Random\r\n" for c in (mine[0], theirs[1], service)),
    )
    assert refused.status_code == 200
    for claim in (theirs[1], service):
        assert f"There is no submitted claim with the reference {claim['reference']}" in (
            refused.text
        )
    assert 'id="confirm"' not in refused.text
    assert _status(theirs[1]["id"]) == _status(service["id"]) == _status(mine[0]["id"]) == "paid"

    preview = _csv_upload(
        first.client, f"{AUDITING}/sample", sample + f"{mine[0]['reference']},Random\r\n"
    )
    assert _confirm(first.client, preview).status_code == 303
    assert _status(mine[0]["id"]) == "sampling_in_progress"
    assert _numbers(first.client, AUDITING) == [1, 0, 0]

    # The file sent to the provider is the sender's alone.
    files = _file_links(first.client, AUDITING)
    assert len(files) == 1
    sent = next(iter(files))
    assert not _file_links(second.client, AUDITING)
    assert second.client.get(sent).status_code == 404
    assert second.client.post_form(f"{sent}/resend").status_code == 404
    lines = first.client.get(sent).text.splitlines()[1:]
    assert lines and all(line.startswith(mine[0]["reference"]) for line in lines)

    # A provider's response naming the other session's audited claim is refused whole.
    answer = "claim_reference,mentor_full_name,claim_accepted,rejection_reason\r\n"
    refused = _csv_upload(
        first.client, f"{AUDITING}/response", answer + f"{theirs[0]['reference']},Any One,yes,\r\n"
    )
    assert f"There is no submitted claim with the reference {theirs[0]['reference']}" in (
        refused.text
    )
    assert _status(theirs[0]["id"]) == "sampling_in_progress"
    mentors = [line.split(",")[2] for line in lines]
    accepted = answer + "".join(f"{mine[0]['reference']},{name},yes,\r\n" for name in mentors)
    preview = _csv_upload(first.client, f"{AUDITING}/response", accepted)
    assert _confirm(first.client, preview).status_code == 303
    assert _status(mine[0]["id"]) == "paid"
    assert _status(theirs[0]["id"]) == "sampling_in_progress"

    # A support user outside research counts every claim and sees every file.
    key, _ = support.user("Una", "Audited")
    client.sign_in(key)
    assert _numbers(client, AUDITING)[0] >= 1
    assert sent in _file_links(client, AUDITING)
    assert client.get(sent).status_code == 200


def test_clawbacks_in_one_session_count_send_and_answer_only_its_claims(browsers, client, support):
    first, second = browsers("support-payments"), browsers("support-payments")
    service = _service_claim(first.claims()[0])
    mine, theirs = first.claims(), second.claims()
    ready = [mine[0]["id"], theirs[0]["id"], service["id"]]
    _set_status(ready, "ready_for_clawback", clawback_pence=1000)
    _set_status([theirs[1]["id"]], "sent_to_payer_for_clawback", clawback_pence=1000)

    assert _numbers(first.client, CLAWBACKS) == [0, 0, 1, 0]
    assert _numbers(second.client, CLAWBACKS) == [0, 0, 1, 1]
    assert "1 claim is ready for clawback" in first.client.get(f"{CLAWBACKS}/send").text

    # Sending moves the session's own claim only.
    assert first.client.post_form(f"{CLAWBACKS}/send", follow_redirects=False).status_code == 303
    assert _status(mine[0]["id"]) == "sent_to_payer_for_clawback"
    assert _status(theirs[0]["id"]) == _status(service["id"]) == "ready_for_clawback"
    files = _file_links(first.client, CLAWBACKS)
    assert len(files) == 1
    sent = next(iter(files))
    content = first.client.get(sent).text
    assert mine[0]["reference"] in content
    assert theirs[0]["reference"] not in content and service["reference"] not in content
    assert not _file_links(second.client, CLAWBACKS)
    assert second.client.get(sent).status_code == 404

    # The payer's answer naming the other session's claim is refused whole.
    answer = "claim_reference,claim_status\r\n"
    refused = _csv_upload(
        first.client,
        f"{CLAWBACKS}/response",
        answer + f"{theirs[1]['reference']},clawback_complete\r\n",
    )
    assert f"There is no submitted claim with the reference {theirs[1]['reference']}" in (
        refused.text
    )
    assert 'id="confirm"' not in refused.text
    preview = _csv_upload(
        first.client,
        f"{CLAWBACKS}/response",
        answer + f"{mine[0]['reference']},clawback_complete\r\n",
    )
    assert _confirm(first.client, preview).status_code == 303
    assert _status(mine[0]["id"]) == "clawback_complete"
    assert _status(theirs[1]["id"]) == "sent_to_payer_for_clawback"

    # A support user outside research counts and sends every claim's clawback.
    key, _ = support.user("Una", "Clawed")
    client.sign_in(key)
    assert _numbers(client, CLAWBACKS)[2] >= 2
    assert sent in _file_links(client, CLAWBACKS)
    client.post_form(f"{CLAWBACKS}/send")
    assert _status(theirs[0]["id"]) == _status(service["id"]) == "sent_to_payer_for_clawback"


ACTIVITY = "/support/settings/activity"


def _participant_id(participant: Participant) -> int:
    """The participant's user id: the one support user their claims can be assigned to."""
    (found,) = _assign_choices(participant.client, participant.claims()[0]["id"]) - {""}
    return int(found)


def test_the_activity_log_is_refused_to_a_participant_and_reads_only_their_actions(
    browsers, client, support, clock
):
    from db.queries.support_events import batch_event, events

    first, second = browsers("support-payments"), browsers("support-payments")
    window = _open_window(clock)
    for each in (first, second):
        each.client.post_form(SEND, {"window": window})
        each.client.post_form(f"{SEND}/check")
    me, them = _participant_id(first), _participant_id(second)

    # The log is the whole service's: a participant is refused it.
    assert first.client.get(ACTIVITY).status_code == 403
    # Its queries, asked for one participant's actions, read theirs alone.
    mine, total = run(events(1, by=me))
    log = " ".join(event.description for event in mine)
    assert total == len(mine) and all(each in log for each in first.references())
    assert not [each for each in second.references() if each in log]
    (my_batch,) = [event for event in mine if event.is_batch]
    (their_batch,) = [event for event in run(events(1, by=them))[0] if event.is_batch]
    assert run(batch_event(their_batch.id, by=me)) is None
    assert run(batch_event(my_batch.id, by=me)) is not None
    assert first.client.get(f"{ACTIVITY}/{their_batch.id}").status_code == 403

    # A support user outside research sees everyone's.
    key, _ = support.user("Una", "Logged")
    client.sign_in(key)
    for event in (my_batch, their_batch):
        assert client.get(f"{ACTIVITY}/{event.id}").status_code == 200
        assert client.get(f"{ACTIVITY}/{event.id}/file").status_code == 200


def _urn(school_id: int) -> str:
    from db.tables import School

    return run(School.select(School.urn).where(School.id == school_id).first().run())["urn"]


def _schools_found(client: Browser | ServiceClient, query: str = "") -> set[int]:
    page = client.get("/support/organisations", params={"q": query} if query else {})
    assert page.status_code == 200
    return {int(each) for each in re.findall(r'href="/schools/(\d+)"', page.text)}


def test_organisations_in_one_session_are_only_its_schools(browsers, client, support):
    first, second = browsers("support-payments"), browsers("support-payments")
    service = _service_claim(first.claims()[0])
    assert _schools_found(first.client) == set(first.school_ids)
    for school_id in (second.school_ids[0], service["school"]):
        assert not _schools_found(first.client, _urn(school_id))
    assert _schools_found(first.client, _urn(first.school_ids[0])) == {first.school_ids[0]}

    key, _ = support.user("Una", "Organised")
    client.sign_in(key)
    for school_id in (second.school_ids[0], service["school"], first.school_ids[0]):
        assert school_id in _schools_found(client, _urn(school_id))


def _assign_choices(client: Browser | ServiceClient, claim_id: int) -> set[str]:
    page = client.get(f"{CLAIMS}/{claim_id}")
    assert page.status_code == 200
    select = re.search(r'<select[^>]*name="assigned_to".*?</select>', page.text, re.DOTALL)
    return set(re.findall(r'<option value="(\d*)"', select[0]))


def test_support_users_in_one_session_are_only_its_participant(browsers, client, support):
    first, _ = browsers("support-payments"), browsers("support-payments")
    key, una = support.user("Una", "Listed")
    users = first.client.get("/support/users").text
    assert "Una Listed" not in users
    assert "/remove" not in users
    assert first.client.get(f"/support/users/{una}/remove").status_code == 404
    assert first.client.post_form(f"/support/users/{una}/remove").status_code == 404

    # A claim can be assigned to the participant, or nobody; to anyone else is an error.
    claim = first.claims()[0]
    choices = _assign_choices(first.client, claim["id"])
    assert len(choices) == 2 and "" in choices and str(una) not in choices
    refused = first.client.post_form(f"{CLAIMS}/{claim['id']}/assign", {"assigned_to": str(una)})
    assert "Select a support user, or nobody" in refused.text
    assert (
        _claims(Claim.id == claim["id"])[0]
        and run(Claim.select(Claim.assigned_to).where(Claim.id == claim["id"]).first().run())[
            "assigned_to"
        ]
        is None
    )
    (participant,) = choices - {""}
    assigned = first.client.post_form(
        f"{CLAIMS}/{claim['id']}/assign", {"assigned_to": participant}, follow_redirects=False
    )
    assert assigned.status_code == 303

    # A support user outside research sees and may choose every support user.
    client.sign_in(key)
    assert "Una Listed" in client.get("/support/users").text
    assert {str(una), participant} <= _assign_choices(client, claim["id"])
