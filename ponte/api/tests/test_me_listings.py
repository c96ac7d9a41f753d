"""The organisation's listings through the API, with a token: listed, created, changed and
closed through the site's form and services, by member contacts only."""

import json

import pytest

from ponte.api.models import Scope
from ponte.api.tests.api_helpers import bearer, fields_of, make_token
from ponte.core.tests.helpers import CAVALESE, italian
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import LATER, make_listing

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/listings"


def body(**changes: object) -> str:
    data: dict[str, object] = {
        "direction": "offer",
        "mode": "sale",
        "category": "good",
        "title": "Confetture di mirtillo",
        "description": "Prodotte nel nostro laboratorio.",
        "price": "6.50",
        "unit": "€/vasetto",
        "quantity": "40 vasetti",
        "municipality": CAVALESE,
        "valid_until": LATER.isoformat(),
        "visibility": "public",
    }
    data.update(changes)
    return json.dumps(data)


def post(client, url: str, secret: str, data: str = "") -> object:
    return client.post(url, data, content_type="application/json", **bearer(secret))


def test_it_lists_the_organisations_listings(client, org_a, org_b, contact_a, contact_b):
    own = make_listing(org_a, contact_a, visibility=Listing.Visibility.MEMBERS)
    closed = make_listing(org_a, contact_a, status=Listing.Status.CLOSED)
    make_listing(org_b, contact_b)
    _token, secret = make_token(contact_a, [Scope.LISTINGS_READ])
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 200
    assert {item["code"] for item in response.json()["items"]} == {own.code, closed.code}


def test_it_creates_a_listing_through_the_sites_rules(client, org_a, contact_a):
    _token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    response = post(client, URL, secret, body())
    assert response.status_code == 201, response.content
    listing = Listing.objects.get()
    assert response.json()["code"] == listing.code
    assert listing.organisation == org_a and listing.created_by == contact_a
    assert listing.words  # set by the service, as on the site
    assert str(listing.price) == "6.50"


def test_it_refuses_bad_input_with_field_errors_and_saves_nothing(client, contact_a):
    _token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    # Refused by the site's form: a municipality that does not exist, a date in the past.
    response = post(client, URL, secret, body(municipality="999999", valid_until="2001-01-01"))
    assert response.status_code == 422
    assert fields_of(response) == {"body.municipality", "body.valid_until"}
    # Refused by the schema: the same shape of error.
    invalid = post(client, URL, secret, body(price="-3", title=" "))
    assert invalid.status_code == 422
    assert fields_of(invalid) == {"body.price", "body.title"}
    assert not Listing.objects.exists()
    wrong_type = post(client, URL, secret, body(direction="sideways"))
    assert wrong_type.status_code == 422 and "body.direction" in fields_of(wrong_type)
    not_json = post(client, URL, secret, "{not json")
    assert not_json.status_code == 400 and not_json.json()["detail"]
    assert not Listing.objects.exists()


def test_it_changes_and_closes_a_listing(client, org_a, contact_a):
    listing = make_listing(org_a, contact_a)
    _token, secret = make_token(contact_a, [Scope.LISTINGS_WRITE])
    response = client.put(
        f"{URL}/{listing.code}",
        body(title="Uova bio"),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.title == "Uova bio"
    closed = post(client, f"{URL}/{listing.code}/close", secret)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.CLOSED


def test_it_does_not_find_another_organisations_listing(client, org_b, contact_a, contact_b):
    theirs = make_listing(org_b, contact_b)
    _token, secret = make_token(contact_a)
    assert post(client, f"{URL}/{theirs.code}/close", secret).status_code == 404
    response = client.put(
        f"{URL}/{theirs.code}", body(), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Listing.Status.OPEN


def test_it_refuses_a_role_that_may_not_post_listings(client, org_a, worker_a, contact_a):
    listing = make_listing(org_a, contact_a)
    _token, secret = make_token(worker_a)
    response = post(client, URL, secret, body())
    assert response.status_code == 403
    assert response.json()["detail"] == italian(
        "Your role in the organisation does not allow this (as on the site)."
    )
    assert post(client, f"{URL}/{listing.code}/close", secret).status_code == 403
    assert Listing.objects.count() == 1
    # Reading is open to every role of the organisation, as on the site.
    assert client.get(URL, **bearer(secret)).status_code == 200


def test_it_refuses_a_token_without_the_scope(client, contact_a):
    _token, secret = make_token(contact_a, [Scope.LISTINGS_READ])
    response = post(client, URL, secret, body())
    assert response.status_code == 403
    assert "listings:write" in response.json()["detail"]
    assert not Listing.objects.exists()
    _other, exchanges_only = make_token(contact_a, [Scope.EXCHANGES_READ], name="Altro")
    assert client.get(URL, **bearer(exchanges_only)).status_code == 403


def test_the_list_costs_the_same_queries_whatever_the_data(
    client, org_a, contact_a, django_assert_num_queries
):
    make_listing(org_a, contact_a)
    _token, secret = make_token(contact_a, [Scope.LISTINGS_READ])
    client.get(URL, **bearer(secret))  # the token's first use is recorded once
    for n in range(8):
        make_listing(org_a, contact_a, title=f"Offerta {n}")
    # The token, the count, the page.
    with django_assert_num_queries(3):
        response = client.get(URL, **bearer(secret))
    assert response.json()["count"] == 9
