"""The first enrolment of a second factor needs a proof beyond the password: the invitation link
(or a password-reset link) followed in the same browser, or a one-time link sent by e-mail to
the account's address (random, stored as a hash, valid 30 minutes, single use, in the audit
trail). With the password alone, the enrolment page offers the link and accepts no device.
These tests opt out of the root conftest's wrapper (real_two_factor)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ponte.core.tests.helpers import PASSWORD, italian, messages_of, redirected_to_login
from ponte.network import two_factor
from ponte.network.models import EnrolmentLink, Role, User
from ponte.network.tests.two_factor_helpers import code_for

pytestmark = [
    pytest.mark.real_two_factor,
    pytest.mark.time_machine(datetime(2027, 3, 10, 9, tzinfo=UTC)),
]

SETUP = "/accounts/due-fattori/attiva/"
PEOPLE = "/percorsi/"
INVITE = "/rete/gestione/utenti/nuovo/"
NEW_PASSWORD = "Una-password-nuova-2025"
INVITE_LINK = re.compile(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)")
ENROL_LINK = re.compile(r"http://testserver(/accounts/due-fattori/attiva/[^/\s]+/)")


def sign_in(client: Client, user: User) -> None:
    """The sign-in form with the password, as a person (or whoever learnt the password) does."""
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"


def shows_a_secret(response) -> bool:
    return response.status_code == 200 and "secret" in response.context


def send_link(client: Client, capture) -> str:
    with capture(execute=True):
        response = client.post(SETUP, {"send_link": "1", "next": PEOPLE})
    assert response.status_code == 302
    return ENROL_LINK.search(mail.outbox[-1].body).group(1)


def enrol_now(client: Client, user: User) -> None:
    assert shows_a_secret(client.get(SETUP))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert TOTPDevice.objects.get(user=user).confirmed


# The password alone -----------------------------------------------------------------------------


def test_the_password_alone_does_not_show_a_secret_nor_accept_a_device(client, worker_a):
    sign_in(client, worker_a)
    assert client.get(PEOPLE).url.startswith(SETUP)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "secret" not in response.context and "qr_code" not in response.context
    assert "o•••@example.org" in response.content.decode()  # the address, masked
    assert not TOTPDevice.objects.filter(user=worker_a).exists()
    refused = client.post(SETUP, {"token": "123456"})
    assert refused.status_code == 403
    assert not TOTPDevice.objects.filter(user=worker_a, confirmed=True).exists()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_secret_shown_before_the_proof_is_never_the_one_enrolled(client, worker_a):
    """A pending device made before (by the old enrolment page, for whoever had the password)
    is dropped by the proof: its secret cannot become the account's second factor."""
    seen = TOTPDevice.objects.create(user=worker_a, name="authenticator", confirmed=False)
    sign_in(client, worker_a)
    two_factor_session = client.session
    two_factor.enrolment_allow(two_factor_session, worker_a)
    two_factor_session.save()
    client.get(SETUP)
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()
    assert TOTPDevice.objects.get(user=worker_a).key != seen.key


def test_the_service_refuses_a_device_without_the_proof(client, worker_a):
    sign_in(client, worker_a)
    device = two_factor.totp_device_pending(user=worker_a)
    with pytest.raises(ValidationError):
        two_factor.totp_device_confirm(
            session=client.session, user=worker_a, device=device, token=code_for(device)
        )
    device.refresh_from_db()
    assert not device.confirmed


# The invitation link ----------------------------------------------------------------------------


def test_the_invitation_link_then_the_sign_in_lead_to_enrolment(
    client, coordinator, org_a, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = "coordinator.verified"  # the coordinator passed theirs
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            INVITE,
            {
                "username": "mario.rossi",
                "first_name": "Mario",
                "last_name": "Rossi",
                "email": "mario.rossi@example.org",
                "organisation": org_a.pk,
                "role": Role.CASE_WORKER,
            },
        )
    client.logout()
    link = INVITE_LINK.search(mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == "/accounts/reset/done/"
    response = client.post(
        "/accounts/login/", {"username": "mario.rossi", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    mario = User.objects.get(username="mario.rossi")
    assert client.get(PEOPLE).url.startswith(SETUP)
    enrol_now(client, mario)
    assert client.get(PEOPLE).status_code == 200
    # The proof is spent with the enrolment.
    assert two_factor.ENROLMENT_SESSION_KEY not in client.session


def test_the_invitation_proof_is_for_its_account_only(client, worker_a, make_user, org_a):
    other = make_user("operatore.altro", org_a, Role.CASE_WORKER)
    session = client.session
    two_factor.enrolment_allow(session, other)
    session.save()
    sign_in(client, worker_a)
    assert not shows_a_secret(client.get(SETUP))


def test_the_proof_lasts_thirty_minutes(client, worker_a, time_machine):
    sign_in(client, worker_a)
    session = client.session
    two_factor.enrolment_allow(session, worker_a)
    session.save()
    time_machine.shift(timedelta(minutes=29))
    assert shows_a_secret(client.get(SETUP))
    time_machine.shift(timedelta(minutes=2))
    assert not shows_a_secret(client.get(SETUP))


# The one-time link by e-mail --------------------------------------------------------------------


def test_the_link_by_e_mail_lets_the_user_enrol(
    client, worker_a, django_capture_on_commit_callbacks
):
    sign_in(client, worker_a)
    link = send_link(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [worker_a.email]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    stored = EnrolmentLink.objects.get(user=worker_a)
    assert stored.token_hash != token and token not in stored.token_hash
    valid_for = stored.expires_at - datetime(2027, 3, 10, 9, tzinfo=UTC)
    assert timedelta(minutes=30) <= valid_for < timedelta(minutes=30, seconds=10)
    # Opening the link shows a button: a mail client that opens it does not spend it.
    page = client.get(link)
    assert page.status_code == 200 and page.context["valid"]
    assert EnrolmentLink.objects.get().used_at is None
    response = client.post(link)
    assert response.status_code == 302 and response.url == SETUP
    enrol_now(client, worker_a)
    # In the audit trail: the link sent, and used, by the user.
    entries = LogEntry.objects.get_for_object(stored)
    assert {entry.action for entry in entries} == {
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    }
    assert all(entry.actor == worker_a for entry in entries)
    assert all(token not in str(entry.changes) for entry in entries)


def test_the_link_works_once(client, worker_a, django_capture_on_commit_callbacks):
    sign_in(client, worker_a)
    link = send_link(client, django_capture_on_commit_callbacks)
    client.post(link)
    enrol_now(client, worker_a)
    TOTPDevice.objects.filter(user=worker_a).delete()
    client.post("/accounts/logout/")
    sign_in(client, worker_a)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert not shows_a_secret(client.get(SETUP))


def test_the_link_expires_after_thirty_minutes(
    client, worker_a, django_capture_on_commit_callbacks, time_machine
):
    sign_in(client, worker_a)
    link = send_link(client, django_capture_on_commit_callbacks)
    time_machine.shift(timedelta(minutes=31))
    page = client.get(link)
    assert page.status_code == 404
    assert italian("This link is not valid: it has expired or was already used.") in (
        page.content.decode()
    )
    client.post(link)
    assert not shows_a_secret(client.get(SETUP))


def test_another_users_link_is_not_valid(
    client, worker_a, make_user, org_b, django_capture_on_commit_callbacks
):
    sign_in(client, worker_a)
    link = send_link(client, django_capture_on_commit_callbacks)
    client.post("/accounts/logout/")
    intruder = make_user("operatore.beta", org_b, Role.CASE_WORKER)
    sign_in(client, intruder)
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert not shows_a_secret(client.get(SETUP))
    assert EnrolmentLink.objects.get().used_at is None


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 500])
def test_a_made_up_link_is_not_valid(client, worker_a, token):
    sign_in(client, worker_a)
    assert client.get(f"{SETUP}{token}/").status_code == 404
    assert client.post(f"{SETUP}{token}/").status_code == 404
    assert not shows_a_secret(client.get(SETUP))


def test_the_link_needs_a_sign_in(client, worker_a, django_capture_on_commit_callbacks):
    sign_in(client, worker_a)
    link = send_link(client, django_capture_on_commit_callbacks)
    client.post("/accounts/logout/")
    assert redirected_to_login(client.get(link), link)
    assert redirected_to_login(client.post(link), link)
    assert EnrolmentLink.objects.get().used_at is None


def test_a_second_link_waits_a_minute_and_replaces_the_first(
    client, worker_a, django_capture_on_commit_callbacks, time_machine
):
    sign_in(client, worker_a)
    first = send_link(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SETUP, {"send_link": "1"}, follow=True)
    assert len(mail.outbox) == 1
    assert messages_of(response)[-1] == (
        "info",
        italian("A link was sent a moment ago: check your e-mail, or wait a minute."),
    )
    time_machine.shift(timedelta(minutes=2))
    second = send_link(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2 and second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_an_account_without_an_address_is_told_to_ask_the_coordinator(
    client, worker_a, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=worker_a.pk).update(email="")
    sign_in(client, worker_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SETUP, {"send_link": "1"}, follow=True)
    assert mail.outbox == []
    assert not EnrolmentLink.objects.exists()
    assert messages_of(response)[0][0] == "error"


# Removing one's device, the demo ----------------------------------------------------------------


def test_the_demo_accounts_need_no_proof_only_in_debug_mode(client, make_user, org_a, settings):
    demo = make_user("operatore.oltre", org_a, Role.CASE_WORKER)
    client.force_login(demo)
    settings.DEBUG = True
    assert shows_a_secret(client.get(SETUP))
    settings.DEBUG = False
    assert not shows_a_secret(client.get(SETUP))
