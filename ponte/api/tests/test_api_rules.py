"""Rules every operation shares: tokens (401), rate limits (429), the error shape, no cookie
and no CSRF, the specification and its documentation page."""

import re

import pytest
from django.test import Client

from ponte.api import schemas
from ponte.api.models import Scope
from ponte.api.services import token_revoke
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.core.tests.helpers import italian, italian_html
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import make_listing
from ponte.network.models import Membership, Organisation
from ponte.openings.models import Opening

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/listings"


def test_it_answers_401_without_a_token(client):
    response = client.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": italian("A valid token is needed: Authorization: Bearer <token>."),
        "errors": [],
    }


@pytest.mark.parametrize("secret", ["nonsense", "ponte_", "ponte_ABC.", "Bearer", "ponte_X.Y"])
def test_it_answers_401_to_a_malformed_token(client, contact_a, secret):
    make_token(contact_a)
    assert client.get(ME, **bearer(secret)).status_code == 401


def test_it_answers_401_to_a_wrong_secret_with_a_real_prefix(client, contact_a):
    token, secret = make_token(contact_a)
    forged = f"ponte_{token.prefix}.{'A' * 43}"
    assert forged != secret
    assert client.get(ME, **bearer(forged)).status_code == 401


def test_it_answers_401_to_a_revoked_token_or_an_ended_role(client, contact_a, org_a):
    token, secret = make_token(contact_a)
    _other, second = make_token(contact_a, name="Secondo")
    token_revoke(token=token, by=contact_a)
    assert client.get(ME, **bearer(secret)).status_code == 401
    assert client.get(ME, **bearer(second)).status_code == 200
    Membership.objects.filter(user=contact_a).update(is_active=False)
    assert client.get(ME, **bearer(second)).status_code == 401


def test_it_records_when_a_token_was_last_used(client, contact_a):
    token, secret = make_token(contact_a)
    assert token.last_used_at is None
    client.get("/api/v1/me", **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_call_needs_no_csrf_and_sets_no_cookie(contact_a, org_a):
    listing = make_listing(org_a, contact_a)
    _token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"{ME}/{listing.code}/close", **bearer(secret))
    assert response.status_code == 200
    assert not response.cookies
    listing.refresh_from_db()
    assert listing.status == Listing.Status.CLOSED


def test_it_limits_anonymous_calls_per_address(client, monkeypatch, org_a):
    monkeypatch.setattr("ponte.api.api.RATE_ANONYMOUS", 3)
    for _n in range(3):
        assert client.get("/api/v1/organisations").status_code == 200
    response = client.get("/api/v1/organisations")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json() == {
        "detail": italian("Too many requests: wait a minute and try again."),
        "errors": [],
    }
    other_address = client.get("/api/v1/organisations", REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_wrong_tokens_count_against_the_address(client, monkeypatch, contact_a):
    monkeypatch.setattr("ponte.api.api.RATE_ANONYMOUS", 2)
    token, _secret = make_token(contact_a)
    guess = bearer(f"ponte_{token.prefix}.{'B' * 43}")
    assert client.get(ME, **guess).status_code == 401
    assert client.get(ME, **guess).status_code == 401
    limited = client.get(ME, **guess)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60


def test_it_limits_calls_per_token(client, monkeypatch, contact_a):
    monkeypatch.setattr("ponte.api.api.RATE_TOKEN", 2)
    _token, secret = make_token(contact_a)
    _other, second = make_token(contact_a, name="Secondo")
    assert client.get(ME, **bearer(secret)).status_code == 200
    assert client.get(ME, **bearer(secret)).status_code == 200
    limited = client.get(ME, **bearer(secret))
    assert limited.status_code == 429 and limited["Retry-After"]
    assert client.get(ME, **bearer(second)).status_code == 200


def test_it_publishes_the_specification(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    operations = [(path, method) for path, methods in spec["paths"].items() for method in methods]
    assert len(operations) == 18
    assert "/api/v1/me/listings" in spec["paths"]


def test_the_documentation_page_lists_every_operation_without_scripts(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    content = response.content.decode()
    assert italian_html("Public operations") in content
    assert "GET /api/v1/organisations" in content
    assert "POST /api/v1/me/exchanges/{code}/confirm" in content
    # Under the Content-Security-Policy: scripts only from our own static files, no inline
    # script or style, nothing from a CDN.
    scripts = re.findall(r"<script[^>]*>", content)
    assert scripts and all(re.search(r'src="/static/', tag) for tag in scripts)
    assert " style=" not in content and "https://cdn" not in content


def test_the_enums_of_the_api_are_the_models_choices():
    pairs = [
        (schemas.OrganisationKind, Organisation.Kind),
        (schemas.OrganisationRelation, Organisation.Relation),
        (schemas.ListingDirection, Listing.Direction),
        (schemas.ListingMode, Listing.Mode),
        (schemas.ListingCategory, Listing.Category),
        (schemas.ListingVisibility, Listing.Visibility),
        (schemas.OpeningKind, Opening.Kind),
        (schemas.OpeningStatus, Opening.Status),
    ]
    for enum, choices in pairs:
        assert [member.value for member in enum] == list(choices.values)
