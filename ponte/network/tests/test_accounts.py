"""Signing in and out, passwords: the demo password only in debug, Argon2 hashes."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.forms.forms import NON_FIELD_ERRORS
from django.test import override_settings

from ponte.core.tests.helpers import PASSWORD, italian_html
from ponte.network.auth_forms import LoginForm
from ponte.network.models import User

LOGIN = "/accounts/login/"
DEMO_HINT = "Local demonstration: the demo accounts listed in the README use the password “demo”."


@pytest.fixture
def demo_user(make_user, contact_a) -> User:
    """An account with the demo password, as seed_demo makes them."""
    contact_a.password = make_password("demo")
    contact_a.save()
    return contact_a


def sign_in(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_the_login_page_is_open_to_everyone(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()
    assert isinstance(response.context["form"], LoginForm)


def test_a_signed_in_user_is_sent_on_from_the_login_page(client, contact_a):
    client.force_login(contact_a)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == "/area-personale/"


def test_a_user_signs_in_with_their_password(client, contact_a):
    response = sign_in(client, "referente.alfa", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/area-personale/"
    assert client.get("/area-personale/").context["user"] == contact_a


def test_signing_in_returns_to_the_page_asked_for(client, contact_a, org_a):
    response = sign_in(client, "referente.alfa", PASSWORD, next=f"/rete/{org_a.code}/modifica/")
    assert response.url == f"/rete/{org_a.code}/modifica/"


def test_signing_in_never_sends_to_another_site(client, contact_a):
    response = sign_in(client, "referente.alfa", PASSWORD, next="https://evil.example/")
    assert response.url == "/area-personale/"


def test_a_wrong_password_is_refused(client, contact_a):
    response = sign_in(client, "referente.alfa", "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="invalid_login")
    assert not response.context["user"].is_authenticated


@override_settings(DEBUG=True)
def test_the_demo_password_works_in_debug_mode(client, demo_user):
    page = client.get(LOGIN)
    assert italian_html(DEMO_HINT) in page.content.decode()
    response = sign_in(client, "referente.alfa", "demo")
    assert response.status_code == 302
    assert response.url == "/area-personale/"
    assert client.login(username="referente.alfa", password="demo")


@override_settings(DEBUG=False)
def test_the_demo_password_is_refused_outside_debug_mode(client, demo_user):
    page = client.get(LOGIN)
    assert italian_html(DEMO_HINT) not in page.content.decode()

    response = sign_in(client, "referente.alfa", "demo")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error(NON_FIELD_ERRORS, code="demo_password")
    assert italian_html(str(LoginForm.error_messages["demo_password"])) in (
        response.content.decode()
    )
    assert not response.context["user"].is_authenticated
    # Through the authentication backend too, whatever the form.
    assert client.login(username="referente.alfa", password="demo") is False


@override_settings(DEBUG=False)
def test_the_demo_password_is_refused_even_for_a_user_without_that_password(client, contact_a):
    response = sign_in(client, "referente.alfa", "demo")
    assert response.context["form"].has_error(NON_FIELD_ERRORS, code="demo_password")


@override_settings(DEBUG=False)
def test_other_passwords_work_outside_debug_mode(client, contact_a):
    assert sign_in(client, "referente.alfa", PASSWORD).status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, contact_a):
    contact_a.is_active = False
    contact_a.save()
    assert sign_in(client, "referente.alfa", PASSWORD).status_code == 200
    assert not client.login(username="referente.alfa", password=PASSWORD)


def test_signing_out_takes_a_post(client, contact_a):
    client.force_login(contact_a)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/area-personale/").status_code == 200

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/"
    response = client.get("/area-personale/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_every_page_offers_signing_out_with_a_form(client, contact_a):
    client.force_login(contact_a)
    html = client.get("/").content.decode()
    assert re.search(
        r'<form action="/accounts/logout/" method="post">\s*<input type="hidden"', html
    )


def test_a_user_changes_their_password(client, contact_a):
    client.force_login(contact_a)
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Un-altra-password-2026",
            "new_password2": "Un-altra-password-2026",
        },
    )
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    contact_a.refresh_from_db()
    assert contact_a.check_password("Un-altra-password-2026")
    assert contact_a.password.startswith("argon2")
    # Still signed in.
    assert client.get("/area-personale/").status_code == 200


def test_a_weak_new_password_is_refused(client, contact_a):
    client.force_login(contact_a)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "password", "new_password2": "password"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2")
    contact_a.refresh_from_db()
    assert contact_a.check_password(PASSWORD)


def test_changing_the_password_needs_to_be_signed_in(client, db):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_forgotten_password_is_reset_by_email(client, contact_a):
    assert client.get("/accounts/password_reset/").status_code == 200
    response = client.post("/accounts/password_reset/", {"email": contact_a.email})
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [contact_a.email]
    assert re.search(r"http://testserver/accounts/reset/[^/\s]+/[^/\s]+/", mail.outbox[0].body)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, contact_a):
    response = client.post("/accounts/password_reset/", {"email": "nessuno@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_passwords_are_hashed_with_argon2(contact_a):
    user = User.objects.get(pk=contact_a.pk)
    assert user.password.startswith("argon2")
    user.set_password("Una-password-qualunque-1")
    assert user.password.startswith("argon2$argon2id$")


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, contact_a):
    contact_a.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    contact_a.save()
    assert sign_in(client, "referente.alfa", PASSWORD).status_code == 302
    contact_a.refresh_from_db()
    assert contact_a.password.startswith("argon2")
