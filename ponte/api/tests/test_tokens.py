"""The page of a member's API tokens at /account/api/: made with scopes, shown once, stored
hashed, listed, revoked."""

import hashlib

import pytest

from ponte.api.models import ApiToken, Scope
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
    assert italian_html("Never") in content


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
