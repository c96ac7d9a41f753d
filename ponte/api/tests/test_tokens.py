"""The page of a member's API tokens at /account/api/: made with scopes, shown once, stored
hashed, listed, revoked."""

import hashlib
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from ponte.api.models import ApiToken, Scope
from ponte.api.services import MAX_ACTIVE_TOKENS
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.core.tests.helpers import italian, italian_html, page_text, redirected_to_login

URL = "/account/api/"

pytestmark = pytest.mark.django_db


def revoke_url(token: ApiToken) -> str:
    return f"/account/api/{token.code}/revoca/"


def test_it_makes_a_token_and_shows_it_once(client, contact_a, org_a):
    client.force_login(contact_a)
    response = client.post(
        URL, {"name": "Negozio online", "scopes": [Scope.LISTINGS_READ, Scope.LISTINGS_WRITE]}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["created"].secret
    assert secret.startswith(f"ponte_{token.prefix}.")
    assert secret in response.content.decode()
    assert token.membership.organisation == org_a
    assert token.scopes == [Scope.LISTINGS_READ, Scope.LISTINGS_WRITE]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    # The secret works, and the page never shows it again.
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    again = client.get(URL)
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_it_stores_only_a_hash_of_the_secret(contact_a):
    token, secret = make_token(contact_a)
    random_part = secret.partition(".")[2]
    assert len(random_part) >= 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(random_part in str(value) for value in stored.values())
    assert stored["secret_hash"] == hashlib.sha256(random_part.encode()).hexdigest()


def test_it_lists_the_users_tokens_only(client, contact_a, contact_b):
    mine, _secret = make_token(contact_a, name="Il mio token")
    theirs, _other = make_token(contact_b, name="Token di Beta")
    client.force_login(contact_a)
    response = client.get(URL)
    content = response.content.decode()
    assert "Il mio token" in content and mine.prefix in content
    assert "Token di Beta" not in content and theirs.prefix not in content
    assert italian_html("Never used") in content


def test_it_revokes_a_token_which_then_answers_401(client, contact_a):
    token, secret = make_token(contact_a)
    client.force_login(contact_a)
    response = client.post(revoke_url(token))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    answer = client.get("/api/v1/me/listings", **bearer(secret))
    assert answer.status_code == 401


def test_it_hides_another_users_token_from_revocation(client, contact_a, contact_b):
    theirs, _secret = make_token(contact_b)
    client.force_login(contact_a)
    assert client.post(revoke_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_it_sends_anonymous_visitors_to_sign_in(client):
    assert redirected_to_login(client.get(URL), URL)
    assert redirected_to_login(client.post(URL, {"name": "x"}), URL)
    assert not ApiToken.objects.exists()


def test_it_refuses_a_user_without_a_role(client, nobody):
    client.force_login(nobody)
    response = client.get(URL)
    refusal = "You have no role in an organisation of the district: you cannot make tokens."
    assert italian(refusal) in page_text(response)
    assert client.post(URL, {"name": "x", "scopes": [Scope.LISTINGS_READ]}).status_code == 403
    assert not ApiToken.objects.exists()


def test_it_refuses_a_token_without_name_or_scopes(client, contact_a):
    client.force_login(contact_a)
    response = client.post(URL, {"name": "", "scopes": ["everything"]})
    assert response.status_code == 200
    assert response.context["created"] is None
    assert set(response.context["form"].errors) == {"name", "scopes"}
    assert not ApiToken.objects.exists()


def test_the_home_page_links_the_api_tokens_for_members_only(client, contact_a, nobody):
    from django.urls import reverse

    client.force_login(contact_a)
    assert reverse("api_tokens:list") in client.get(reverse("network:dashboard")).content.decode()
    client.force_login(nobody)
    assert (
        reverse("api_tokens:list") not in client.get(reverse("network:dashboard")).content.decode()
    )


# Expiry ------------------------------------------------------------------------------------------
# 29 February 2028, 10:00 UTC (11:00 in Rome): a leap day, so that "a year" is counted in days.
TODAY = date(2028, 2, 29)
NOW = datetime(2028, 2, 29, 10, tzinfo=UTC)


@pytest.mark.time_machine(NOW)
def test_a_token_lasts_90_days_unless_another_day_is_chosen(client, contact_a):
    client.force_login(contact_a)
    page = client.get(URL)
    assert page.context["form"]["expires_on"].value() == TODAY + timedelta(days=90)
    client.post(URL, {"name": "Predefinito", "scopes": [Scope.LISTINGS_READ], "expires_on": ""})
    client.post(
        URL, {"name": "Scelto", "scopes": [Scope.LISTINGS_READ], "expires_on": "2028-03-15"}
    )
    assert ApiToken.objects.get(name="Predefinito").expires_on == TODAY + timedelta(days=90)
    assert ApiToken.objects.get(name="Scelto").expires_on == date(2028, 3, 15)
    # The list shows the last valid day, in Italian.
    assert "15/03/2028" in client.get(URL).content.decode()


@pytest.mark.time_machine(NOW)
@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ("2028-02-29", "Choose a day after today."),
        ("2027-12-31", "Choose a day after today."),
        ("2029-03-01", "A token lasts at most a year: choose a day up to %(day)s."),
        ("31/02/2028", "Enter a valid date."),
    ],
)
def test_it_refuses_an_expiry_outside_the_year_to_come(client, contact_a, chosen, message):
    client.force_login(contact_a)
    response = client.post(
        URL, {"name": "Gestionale", "scopes": [Scope.LISTINGS_READ], "expires_on": chosen}
    )
    assert response.status_code == 200
    assert response.context["created"] is None
    assert set(response.context["form"].errors) == {"expires_on"}
    expected = italian(message)
    if "%(day)s" in expected:
        expected = expected % {"day": "28/02/2029"}
    assert expected in page_text(response)
    assert not ApiToken.objects.exists()


@pytest.mark.time_machine(NOW)
def test_a_year_is_the_longest_choice(client, contact_a):
    client.force_login(contact_a)
    client.post(
        URL, {"name": "Annuale", "scopes": [Scope.LISTINGS_READ], "expires_on": "2029-02-28"}
    )
    assert ApiToken.objects.get().expires_on == date(2029, 2, 28)


def test_an_expired_token_is_refused_like_a_revoked_one(client, contact_a, time_machine):
    time_machine.move_to(NOW)
    token, secret = make_token(contact_a, expires_on=date(2028, 3, 31))
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    # Its last day included...
    time_machine.move_to(datetime(2028, 3, 31, 21, 30, tzinfo=UTC))  # 23:30 in Rome
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    # ...and no longer the next day.
    time_machine.move_to(datetime(2028, 3, 31, 22, 30, tzinfo=UTC))  # 00:30 on 1 April in Rome
    answer = client.get("/api/v1/me/listings", **bearer(secret))
    assert answer.status_code == 401
    assert answer.json()["detail"]
    client.force_login(contact_a)
    page = client.get(URL)
    expired = italian("Expired after %(when)s") % {"when": "31/03/2028"}
    assert expired in page_text(page)
    assert revoke_url(token) not in page.content.decode()


def test_the_list_shows_the_last_use_in_italian(client, contact_a, time_machine):
    time_machine.move_to(NOW)
    used, secret = make_token(contact_a, name="Usato")
    make_token(contact_a, name="Mai usato")
    client.get("/api/v1/me", **bearer(secret))
    used.refresh_from_db()
    assert used.last_used_at is not None
    client.force_login(contact_a)
    content = page_text(client.get(URL))
    assert "29/02/2028 11:00" in content
    assert italian("Never used") in content


def test_expired_tokens_do_not_count_against_the_limit(contact_a, time_machine):
    time_machine.move_to(NOW)
    for number in range(MAX_ACTIVE_TOKENS):
        make_token(contact_a, name=f"Token {number}", expires_on=date(2028, 3, 1))
    with pytest.raises(ValidationError):
        make_token(contact_a, name="Uno di troppo")
    time_machine.move_to(datetime(2028, 3, 2, 10, tzinfo=UTC))
    make_token(contact_a, name="Dopo la scadenza")
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS + 1
