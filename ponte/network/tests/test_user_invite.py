"""Adding a user /rete/gestione/utenti/nuovo/: the coordinator creates the account and a role; the
new user receives a link to choose their own password."""

import re

import pytest
from django.core import mail

from ponte.core.tests.helpers import PASSWORD, italian, messages_of, redirected_to_login
from ponte.network.models import Membership, Role, User

URL = "/rete/gestione/utenti/nuovo/"
NEW_PASSWORD = "Una-password-nuova-2025"
LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def invitation(org_a) -> dict:
    return {
        "username": "mario.rossi",
        "first_name": "Mario",
        "last_name": "Rossi",
        "email": "Mario.Rossi@Example.org",
        "organisation": org_a.pk,
        "role": Role.CASE_WORKER,
    }


@pytest.fixture
def invite(client, coordinator, django_capture_on_commit_callbacks):
    """Post the invitation as the coordinator, running what waits for the commit (the mail)."""

    def post(data: dict):
        client.force_login(coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data)

    return post


def test_anonymous_visitors_are_sent_to_sign_in(client, invitation):
    assert redirected_to_login(client.get(URL), URL)
    assert redirected_to_login(client.post(URL, invitation), URL)
    assert not User.objects.filter(username="mario.rossi").exists()


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "tutor", "nobody", "staff_user"])
def test_other_roles_are_refused(client, invitation, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403
    assert client.post(URL, invitation).status_code == 403
    assert not User.objects.filter(username="mario.rossi").exists()
    assert mail.outbox == []


def test_the_coordinator_gets_the_form_with_the_organisation_chosen(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.get(URL, {"org": org_a.pk})
    assert response.status_code == 200
    assert f'<option value="{org_a.pk}" selected>' in response.content.decode()


def test_the_coordinator_adds_a_user_with_a_role(invite, invitation, org_a):
    response = invite(invitation)
    assert response.status_code == 302
    assert response.url == "/rete/gestione/utenti/"
    user = User.objects.get(username="mario.rossi")
    assert user.get_full_name() == "Mario Rossi"
    assert user.email == "mario.rossi@example.org"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.organisation == org_a
    assert membership.role == Role.CASE_WORKER
    assert membership.is_active
    expected = italian("%(name)s has been added; they will receive an email to choose a password.")
    assert messages_of(response) == [("success", expected % {"name": "Mario Rossi"})]


def test_the_new_user_receives_one_email_with_a_link(invite, invitation):
    invite(invitation)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mario.rossi@example.org"]
    assert "mario.rossi" in message.body
    assert len(LINK.findall(message.body)) == 1


def test_no_email_is_sent_before_the_transaction_commits(client, coordinator, invitation):
    client.force_login(coordinator)
    client.post(URL, invitation)  # the test's transaction never commits
    assert User.objects.filter(username="mario.rossi").exists()
    assert mail.outbox == []


def test_the_link_lets_the_new_user_choose_a_password_and_sign_in(client, invite, invitation):
    invite(invitation)
    link = LINK.search(mail.outbox[0].body).group(1)
    client.logout()

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/reset/done/"

    user = User.objects.get(username="mario.rossi")
    assert user.has_usable_password()
    assert user.password.startswith("argon2")
    assert client.login(username="mario.rossi", password=NEW_PASSWORD)
    dashboard = client.get("/area-personale/")
    assert dashboard.wsgi_request.membership.organisation.name == "Cooperativa sociale Alfa"

    # The link works once.
    client.logout()
    assert not client.get(link, follow=True).context["validlink"]


def test_a_username_already_taken_is_refused(invite, invitation, contact_a):
    before = User.objects.count()
    response = invite({**invitation, "username": "Referente.Alfa"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        italian("This username is already taken.")
    ]
    assert User.objects.count() == before
    assert mail.outbox == []


def test_an_email_already_used_is_refused(invite, invitation, contact_a):
    before = User.objects.count()
    response = invite({**invitation, "email": contact_a.email.upper()})
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        italian("A user with this email already exists.")
    ]
    assert User.objects.count() == before
    assert not Membership.objects.filter(user__username="mario.rossi").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "mario rossi!"),
        ("email", "non-una-email"),
        ("role", "superuser"),
        ("organisation", "999999"),
        ("first_name", ""),
    ],
)
def test_invalid_input_saves_nothing(invite, invitation, field, value):
    before = User.objects.count()
    response = invite({**invitation, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == before
    assert mail.outbox == []


def test_a_deactivated_organisation_cannot_be_chosen(invite, invitation, org_a, coordinator):
    org_a.is_active = False
    org_a.save()
    response = invite(invitation)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="mario.rossi").exists()


def test_the_password_is_never_known_to_the_coordinator(invite, invitation):
    invite(invitation)
    user = User.objects.get(username="mario.rossi")
    assert not user.check_password(PASSWORD)
    assert not user.check_password("")
    assert PASSWORD not in mail.outbox[0].body


def test_a_lost_invitation_is_recovered_with_forgot_password(client, invite, invitation):
    invite(invitation)
    mail.outbox.clear()
    client.logout()
    client.post("/accounts/password_reset/", {"email": "mario.rossi@example.org"})
    assert len(mail.outbox) == 1
    link = LINK.search(mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert client.login(username="mario.rossi", password=NEW_PASSWORD)


def test_forgot_password_sends_nothing_to_a_deactivated_account(client, invite, invitation):
    invite(invitation)
    User.objects.filter(username="mario.rossi").update(is_active=False)
    mail.outbox.clear()
    client.logout()
    client.post("/accounts/password_reset/", {"email": "mario.rossi@example.org"})
    assert mail.outbox == []
