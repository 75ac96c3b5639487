"""A school's users: listing, adding and removing colleagues, with the emails that tell them."""

from __future__ import annotations

import re
import uuid

import pytest

from db.tables import EmailOutbox, Membership, User
from tests.fixtures.database import run
from web.settings import load_settings


def _db(query):
    return run(query.run())


def _email() -> str:
    return f"colleague-{uuid.uuid4().hex[:10]}@example.org"


def _queued(address: str) -> list[dict]:
    return _db(
        EmailOutbox.select(EmailOutbox.kind, EmailOutbox.personalisation, EmailOutbox.status)
        .where(EmailOutbox.to_address == address)
        .order_by(EmailOutbox.id)
        .output(load_json=True)
    )


def _user(email: str) -> dict | None:
    return _db(User.select().where(User.email == email).first())


def _user_id(persona_key: str) -> int:
    return _db(User.select(User.id).where(User.persona == persona_key).first())["id"]


def _is_member(user_id: int, school_id: int) -> bool:
    return _db(
        Membership.exists().where((Membership.user == user_id) & (Membership.school == school_id))
    )


def _add(client, school_id: int, first: str, last: str, email: str):
    """Fill in the form and confirm, as a member would."""
    answers = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": first, "last_name": last, "email": email},
        follow_redirects=False,
    )
    assert answers.status_code == 303, answers.text
    assert answers.headers["location"] == f"/schools/{school_id}/users/add/check"
    return client.post_form(f"/schools/{school_id}/users/add/check", follow_redirects=False)


def _banner(html: str) -> str | None:
    match = re.search(r'govuk-notification-banner__heading">\s*(.*?)\s*<', html)
    return match.group(1) if match else None


# The list


def test_list_shows_each_user_name_and_email_ordered_by_name(client, make):
    school_id = make.school(name="Listing Primary School")
    me = make.user(school_id, first_name="Zoe", last_name="Adams")
    make.user(school_id, first_name="Ann", last_name="Young")
    make.user(school_id, first_name="Bob", last_name="Brown")
    client.sign_in(me)
    page = client.get(f"/schools/{school_id}/users")
    assert page.status_code == 200
    assert "<title>Users - " in page.text
    names = re.findall(
        r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]+?)(?: \(you\))?</td>',
        page.text,
    )
    assert names == ["Zoe Adams", "Bob Brown", "Ann Young"]
    assert f"{me}@example.org" in page.text
    assert f'href="/schools/{school_id}/users/add"' in page.text
    assert re.search(rf'href="/schools/{school_id}/users"\s+aria-current="(page|true)"', page.text)


def test_users_appear_in_the_service_navigation_before_organisation_details(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    page = client.get(f"/schools/{school_id}/organisation-details").text
    users_link = page.index(f'href="/schools/{school_id}/users"')
    details_link = page.index(f'href="/schools/{school_id}/organisation-details"')
    assert users_link < details_link


def test_no_remove_link_for_yourself(client, make):
    school_id = make.school()
    me = make.user(school_id, first_name="Self", last_name="Person")
    other = make.user(school_id, first_name="Other", last_name="Person")
    client.sign_in(me)
    page = client.get(f"/schools/{school_id}/users").text
    assert f"/users/{_user_id(other)}/remove" in page
    assert f"/users/{_user_id(me)}/remove" not in page
    assert "Self Person (you)" in page
    assert 'Remove<span class="govuk-visually-hidden"> Other Person</span>' in page


def test_a_school_that_has_not_accepted_grant_conditions_asks_for_them_first(client, make):
    school_id = make.school(accepted=False)
    client.sign_in(make.user(school_id))
    response = client.get(f"/schools/{school_id}/users", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/schools/{school_id}/grant-conditions"


# Authorisation


def _paths(school_id: int, colleague_id: int) -> list[str]:
    return [
        f"/schools/{school_id}/users",
        f"/schools/{school_id}/users/add",
        f"/schools/{school_id}/users/add/check",
        f"/schools/{school_id}/users/{colleague_id}/remove",
    ]


@pytest.mark.parametrize("index", range(4))
def test_anonymous_user_is_sent_to_sign_in(client, make, index):
    school_id = make.school()
    colleague = _user_id(make.user(school_id))
    path = _paths(school_id, colleague)[index]
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/sign-in?next={path}"


@pytest.mark.parametrize(
    "path",
    ["/schools/{s}/users/add", "/schools/{s}/users/add/check", "/schools/{s}/users/{u}/remove"],
)
def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, make, path):
    school_id = make.school()
    colleague = _user_id(make.user(school_id))
    url = path.format(s=school_id, u=colleague)
    response = client.post_form(
        url, {"first_name": "A", "last_name": "B", "email": _email()}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")
    assert _is_member(colleague, school_id)


@pytest.mark.parametrize("index", range(4))
def test_member_sees_the_page(client, make, index):
    school_id = make.school()
    colleague = _user_id(make.user(school_id))
    client.sign_in(make.user(school_id))
    response = client.get(_paths(school_id, colleague)[index])
    assert response.status_code == 200


@pytest.mark.parametrize("index", range(4))
def test_someone_from_another_school_gets_not_found(client, make, index):
    school_id = make.school(name="Private Users School")
    colleague = _user_id(make.user(school_id, first_name="Hidden", last_name="Colleague"))
    client.sign_in(make.user(make.school()))
    response = client.get(_paths(school_id, colleague)[index], follow_redirects=False)
    assert response.status_code == 404
    assert "Private Users School" not in response.text
    assert "Hidden Colleague" not in response.text


@pytest.mark.parametrize(
    "path",
    ["/schools/{s}/users/add", "/schools/{s}/users/add/check", "/schools/{s}/users/{u}/remove"],
)
def test_someone_from_another_school_cannot_post(client, make, path):
    school_id = make.school()
    colleague = _user_id(make.user(school_id))
    client.sign_in(make.user(make.school()))
    email = _email()
    response = client.post_form(
        path.format(s=school_id, u=colleague),
        {"first_name": "A", "last_name": "B", "email": email},
        follow_redirects=False,
    )
    assert response.status_code == 404
    assert _is_member(colleague, school_id)
    assert _user(email) is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_schools_user_id_is_not_found(client, make, method):
    school_id = make.school()
    outsider = _user_id(make.user(make.school(), first_name="Elsewhere", last_name="Person"))
    client.sign_in(make.user(school_id))
    url = f"/schools/{school_id}/users/{outsider}/remove"
    response = client.get(url) if method == "get" else client.post_form(url)
    assert response.status_code == 404
    assert "Elsewhere Person" not in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_you_cannot_remove_yourself_even_by_typing_the_address(client, make, method):
    school_id = make.school()
    me = make.user(school_id)
    client.sign_in(me)
    url = f"/schools/{school_id}/users/{_user_id(me)}/remove"
    response = client.get(url) if method == "get" else client.post_form(url)
    assert response.status_code == 404
    assert _is_member(_user_id(me), school_id)
    assert _queued(f"{me}@example.org") == []


# Adding a colleague


def test_add_user_form_asks_for_name_and_email(client, make):
    school_id = make.school(name="Form School")
    client.sign_in(make.user(school_id))
    page = client.get(f"/schools/{school_id}/users/add").text
    assert '<h1 class="govuk-heading-l">Add user</h1>' in page
    for field in ("first_name", "last_name", "email"):
        assert f'id="{field}"' in page
    assert 'type="email"' in page
    assert f'href="/schools/{school_id}/users"' in page  # back link


def test_adding_a_colleague_confirms_then_adds_and_queues_their_email(client, make):
    school_id = make.school(name="Adding Primary School")
    client.sign_in(make.user(school_id, first_name="Maya", last_name="Added-By"))
    email = _email()
    answers = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "  Grace ", "last_name": " Hopper  ", "email": f"  {email.upper()} "},
    )
    assert answers.url.path == f"/schools/{school_id}/users/add/check"
    assert "<title>Confirm user details - " in answers.text
    assert "Grace" in answers.text and "Hopper" in answers.text and email in answers.text
    assert "will be able to view and create claims for Adding Primary School" in answers.text
    assert "We will send them an email" in answers.text
    assert 'Change<span class="govuk-visually-hidden"> email address</span>' in answers.text
    # Nothing happens until the member confirms.
    assert _user(email) is None
    assert _queued(email) == []

    confirmed = client.post_form(f"/schools/{school_id}/users/add/check", follow_redirects=False)
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == f"/schools/{school_id}/users"
    listing = client.get(f"/schools/{school_id}/users")
    assert _banner(listing.text) == "Grace Hopper has been added"
    assert "Grace Hopper" in listing.text and email in listing.text
    account = _user(email)
    assert account["first_name"] == "Grace" and account["persona"] is None
    assert _is_member(account["id"], school_id)
    [queued] = _queued(email)
    assert queued["kind"] == "colleague_added"
    assert queued["status"] == "pending"
    assert queued["personalisation"] == {
        "first_name": "Grace",
        "school_name": "Adding Primary School",
        "added_by_name": "Maya Added-By",
        "service_url": f"{load_settings().service_url}/sign-in",
    }
    # The banner is shown once, and the answers are gone.
    assert _banner(client.get(f"/schools/{school_id}/users").text) is None
    again = client.get(f"/schools/{school_id}/users/add/check", follow_redirects=False)
    assert again.headers["location"] == f"/schools/{school_id}/users/add"


def test_every_field_error_is_shown_at_once_and_nothing_is_queued(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    response = client.post_form(f"/schools/{school_id}/users/add", {})
    assert response.status_code == 200
    assert response.text.count('class="govuk-error-message"') == 3
    summary = re.findall(r'<a href="#(\w+)">([^<]+)</a>', response.text)
    assert summary == [
        ("first_name", "Enter a first name"),
        ("last_name", "Enter a last name"),
        ("email", "Enter an email address"),
    ]
    assert "<title>Error: Add user - " in response.text


def test_answers_are_kept_after_an_error(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    long_name = "L" * 101
    response = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Ada", "last_name": long_name, "email": "not an email"},
    )
    assert response.status_code == 200
    assert 'value="Ada"' in response.text
    assert f'value="{long_name}"' in response.text
    assert 'value="not an email"' in response.text
    assert "Last name must be 100 characters or fewer" in response.text
    assert "Enter an email address in the correct format, like name@example.com" in response.text
    assert "Enter a first name" not in response.text
    assert _db(EmailOutbox.count().where(EmailOutbox.to_address == "not an email")) == 0


def test_a_web_address_is_not_a_name_and_nothing_is_kept_or_added(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    email = _email()
    response = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Visit https://evil.example/verify", "last_name": "O’Neill", "email": email},
    )
    assert response.status_code == 200
    summary = re.findall(r'<a href="#(\w+)">([^<]+)</a>', response.text)
    assert summary == [
        ("first_name", "First name must only include letters, spaces, hyphens and apostrophes")
    ]
    assert 'value="Visit https://evil.example/verify"' in response.text
    check = client.get(f"/schools/{school_id}/users/add/check", follow_redirects=False)
    assert check.headers["location"] == f"/schools/{school_id}/users/add"
    assert _user(email) is None
    assert _queued(email) == []


def test_a_current_member_cannot_be_added_again(client, make):
    school_id = make.school()
    existing = make.user(school_id)
    client.sign_in(make.user(school_id))
    response = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "", "last_name": "Again", "email": f"{existing.upper()}@EXAMPLE.ORG"},
    )
    assert response.status_code == 200
    summary = re.findall(r'<a href="#(\w+)">([^<]+)</a>', response.text)
    assert summary == [
        ("first_name", "Enter a first name"),
        ("email", "This email address already belongs to a user at this organisation"),
    ]
    assert _queued(f"{existing}@example.org") == []


def test_adding_yourself_is_an_error(client, make):
    school_id = make.school()
    me = make.user(school_id)
    client.sign_in(me)
    response = client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Me", "last_name": "Again", "email": f"{me}@example.org"},
    )
    assert "This email address already belongs to a user at this organisation" in response.text


def test_someone_added_by_another_member_meanwhile_is_reported_at_confirmation(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    email = _email()
    client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Race", "last_name": "Condition", "email": email},
    )
    # Another member adds the same person before this member confirms.
    newcomer = make.user(school_id)
    _db(User.update({User.email: email}).where(User.persona == newcomer))
    response = client.post_form(f"/schools/{school_id}/users/add/check")
    assert response.status_code == 200
    assert "This email address already belongs to a user at this organisation" in response.text
    assert f'value="{email}"' in response.text
    assert _queued(email) == []


def test_the_membership_is_unique_even_if_the_check_is_passed(make, database):
    from db.outbox import write_transaction
    from db.queries.colleagues import AlreadyMember, add_colleague
    from tests.fixtures.client import TODAY

    school_id = make.school()
    email = _email()

    async def add_twice() -> None:
        async with write_transaction():
            await add_colleague(school_id, "Once", "Only", email, TODAY)
        with pytest.raises(AlreadyMember):
            async with write_transaction():
                await add_colleague(school_id, "Once", "Only", email, TODAY)

    run(add_twice())
    account = _user(email)
    assert _db(Membership.count().where(Membership.user == account["id"])) == 1


def test_an_existing_account_is_reused_and_sees_the_new_school(client, make):
    first_school = make.school(name="Academy One")
    second_school = make.school(name="Academy Two")
    existing = make.user(first_school, first_name="Trust", last_name="Worker")
    email = f"{existing}@example.org"
    client.sign_in(make.user(second_school, first_name="Head", last_name="Teacher"))
    response = _add(client, second_school, "Different", "Name", email)
    assert response.status_code == 303
    users = _db(User.select(User.id).where(User.email == email))
    assert len(users) == 1
    # The account keeps its own name: one school does not rename someone for every school.
    assert _banner(client.get(f"/schools/{second_school}/users").text) == (
        "Trust Worker has been added"
    )
    [queued] = _queued(email)
    assert queued["personalisation"]["first_name"] == "Trust"
    assert queued["personalisation"]["school_name"] == "Academy Two"

    client.sign_in(existing)
    organisations = client.get("/schools")
    assert "Academy One" in organisations.text and "Academy Two" in organisations.text
    assert client.get(f"/schools/{second_school}/users").status_code == 200


def test_change_links_return_to_the_form_with_the_answers(client, make):
    school_id = make.school()
    client.sign_in(make.user(school_id))
    email = _email()
    client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Kept", "last_name": "Answers", "email": email},
    )
    form = client.get(f"/schools/{school_id}/users/add").text
    assert 'value="Kept"' in form and 'value="Answers"' in form and f'value="{email}"' in form
    client.post_form(
        f"/schools/{school_id}/users/add",
        {"first_name": "Changed", "last_name": "Answers", "email": email},
    )
    client.post_form(f"/schools/{school_id}/users/add/check")
    assert _user(email)["first_name"] == "Changed"


def test_answers_for_one_school_never_reach_another(client, make):
    school_a = make.school(name="Tab A School")
    school_b = make.school(name="Tab B School")
    client.sign_in(make.user(school_a, school_b))
    email = _email()
    client.post_form(
        f"/schools/{school_a}/users/add",
        {"first_name": "Only", "last_name": "ForA", "email": email},
    )
    other_tab = client.post_form(f"/schools/{school_b}/users/add/check", follow_redirects=False)
    assert other_tab.headers["location"] == f"/schools/{school_b}/users/add"
    assert _user(email) is None
    client.post_form(f"/schools/{school_a}/users/add/check")
    account = _user(email)
    assert _is_member(account["id"], school_a)
    assert not _is_member(account["id"], school_b)


def test_no_member_is_added_when_the_email_cannot_be_queued(client, make, monkeypatch):
    import web.routes.users

    async def broken_queue(*args, **kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(web.routes.users, "queue_email", broken_queue)
    school_id = make.school()
    client.sign_in(make.user(school_id))
    email = _email()
    response = _add(client, school_id, "Never", "Added", email)
    assert response.status_code == 500
    # The account and membership were in the email's transaction, so they rolled back too.
    assert _user(email) is None


# Removing a colleague


def test_removing_a_colleague_confirms_then_removes_and_queues_their_email(client, make):
    school_id = make.school(name="Removing Primary School")
    leaver = make.user(school_id, first_name="Lee", last_name="Leaver")
    leaver_id = _user_id(leaver)
    client.sign_in(make.user(school_id))
    url = f"/schools/{school_id}/users/{leaver_id}/remove"
    confirm = client.get(url)
    assert "<title>Are you sure you want to remove Lee Leaver? - " in confirm.text
    assert "will no longer be able to view or create claims for Removing Primary School" in (
        confirm.text
    )
    assert "We will send them an email" in confirm.text
    assert _is_member(leaver_id, school_id)

    removed = client.post_form(url, follow_redirects=False)
    assert removed.status_code == 303
    assert removed.headers["location"] == f"/schools/{school_id}/users"
    listing = client.get(f"/schools/{school_id}/users").text
    assert _banner(listing) == "Lee Leaver has been removed"
    assert "Lee Leaver" not in listing.split("govuk-table")[1]
    assert not _is_member(leaver_id, school_id)
    assert _user(f"{leaver}@example.org") is not None  # the account stays for other schools
    [queued] = _queued(f"{leaver}@example.org")
    assert queued["kind"] == "colleague_removed"
    assert queued["personalisation"] == {
        "first_name": "Lee",
        "school_name": "Removing Primary School",
    }

    # The removed person no longer sees the school.
    client.sign_in(leaver)
    assert client.get(f"/schools/{school_id}/users").status_code == 404


def test_removing_keeps_the_other_schools(client, make):
    kept = make.school(name="Kept Academy")
    left = make.school(name="Left Academy")
    person = make.user(kept, left)
    client.sign_in(make.user(left))
    client.post_form(f"/schools/{left}/users/{_user_id(person)}/remove")
    assert _is_member(_user_id(person), kept)
    assert not _is_member(_user_id(person), left)


def test_removing_someone_already_removed_sends_one_email(client, make):
    school_id = make.school()
    leaver = make.user(school_id)
    first = make.user(school_id)
    client.sign_in(first)
    url = f"/schools/{school_id}/users/{_user_id(leaver)}/remove"
    client.post_form(url)
    again = client.post_form(url)
    assert again.status_code == 404
    assert len(_queued(f"{leaver}@example.org")) == 1


def test_no_one_is_removed_when_the_email_cannot_be_queued(client, make, monkeypatch):
    import web.routes.users

    async def broken_queue(*args, **kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(web.routes.users, "queue_email", broken_queue)
    school_id = make.school()
    stayer = _user_id(make.user(school_id))
    client.sign_in(make.user(school_id))
    response = client.post_form(f"/schools/{school_id}/users/{stayer}/remove")
    assert response.status_code == 500
    assert _is_member(stayer, school_id)
