"""Login throttling (django-axes): five failures for the same username from the same address
lock that pair for 15 minutes, with a clear message; the lock is logged with the username only;
a successful sign-in resets the count; the lock ends after the cool-off."""

import logging
from datetime import timedelta

from axes.models import AccessAttempt
from django.utils import timezone, translation

from ponte.core.tests.helpers import PASSWORD, page_text

LOGIN = "/accounts/login/"
LOCKED_ONE = (
    "Too many failed attempts: signing in with this username from this connection is blocked "
    "for %(minutes)s minute. Try again later."
)
LOCKED_MANY = (
    "Too many failed attempts: signing in with this username from this connection is blocked "
    "for %(minutes)s minutes. Try again later."
)


def locked_message(minutes: int) -> str:
    with translation.override("it"):
        return str(translation.ngettext(LOCKED_ONE, LOCKED_MANY, minutes) % {"minutes": minutes})


def sign_in(client, username: str, password: str, address: str = "127.0.0.1", **headers):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def fail(client, username: str, times: int, address: str = "127.0.0.1"):
    response = None
    for _ in range(times):
        response = sign_in(client, username, "a-wrong-password", address)
    return response


def test_four_failures_still_show_the_form(client, contact_a):
    response = fail(client, contact_a.username, 4)
    assert response.status_code == 200
    assert "form" in response.context


def test_the_fifth_failure_locks_with_a_clear_message(client, contact_a):
    response = fail(client, contact_a.username, 5)
    assert response.status_code == 429
    assert locked_message(15) in page_text(response)


def test_a_locked_pair_is_refused_even_with_the_right_password(client, contact_a):
    fail(client, contact_a.username, 5)
    response = sign_in(client, contact_a.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_the_username_and_address_together(client, contact_a, contact_b):
    fail(client, contact_a.username, 5)
    # The same username from another address, another username from the same address.
    assert sign_in(client, contact_a.username, PASSWORD, "192.0.2.7").status_code == 302
    client.logout()
    assert sign_in(client, contact_b.username, PASSWORD).status_code == 302


def test_the_lock_is_logged_with_the_username_and_nothing_more(client, contact_a, caplog):
    caplog.set_level(logging.DEBUG)
    fail(client, contact_a.username, 5, address="198.51.100.23")
    locked = [r for r in caplog.records if "locked out" in r.getMessage()]
    assert len(locked) == 1
    assert locked[0].name == "ponte.security"
    assert locked[0].levelno == logging.WARNING
    assert contact_a.username in locked[0].getMessage()
    for record in caplog.records:
        message = record.getMessage()
        assert "198.51.100.23" not in message
        assert contact_a.email not in message
        assert contact_a.last_name not in message


def test_a_successful_sign_in_resets_the_count(client, contact_a):
    fail(client, contact_a.username, 4)
    assert sign_in(client, contact_a.username, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, contact_a.username, 4).status_code == 200
    assert sign_in(client, contact_a.username, PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, contact_a):
    fail(client, contact_a.username, 5)
    assert sign_in(client, contact_a.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, contact_a.username, PASSWORD).status_code == 302


def test_a_shorter_cool_off_from_the_settings_is_shown(client, contact_a, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    response = fail(client, contact_a.username, 5)
    assert locked_message(1) in page_text(response)


def test_the_demo_password_is_still_refused_outside_debug_mode(client, contact_a, settings):
    settings.DEBUG = False
    response = sign_in(client, contact_a.username, "demo")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", code="demo_password")


def test_signing_in_in_tests_with_force_login_is_unaffected(client, contact_a):
    fail(client, contact_a.username, 5)
    client.force_login(contact_a)
    assert client.get("/area-personale/").status_code == 200


def test_a_forged_forwarded_address_does_not_dodge_the_lock(client, contact_a):
    for n in range(5):
        sign_in(client, contact_a.username, "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = sign_in(client, contact_a.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_locked(client, contact_a, settings):
    settings.PONTE_PROXY_COUNT = 1
    proxy = {"address": "10.0.0.2"}
    for _ in range(5):
        sign_in(
            client,
            contact_a.username,
            "wrong",
            **proxy,
            HTTP_X_FORWARDED_FOR="forged, 198.51.100.4",
        )
    locked = sign_in(
        client, contact_a.username, PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.4"
    )
    assert locked.status_code == 429
    # Another visitor through the same proxy is not locked.
    other = sign_in(
        client, contact_a.username, PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.5"
    )
    assert other.status_code == 302
