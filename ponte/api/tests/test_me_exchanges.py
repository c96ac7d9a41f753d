"""The organisation's exchanges through the API: listed, and its side confirmed."""

import pytest

from ponte.api.models import Scope
from ponte.api.tests.api_helpers import bearer, make_token
from ponte.marketplace.tests.market_helpers import make_exchange

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/exchanges"


def test_it_lists_the_exchanges_given_and_received(
    client, org_a, org_b, company, contact_a, contact_b
):
    given = make_exchange(org_a, org_b, contact_a)
    received = make_exchange(company, org_a, contact_a, what="Pasta")
    make_exchange(org_b, company, contact_b)
    _token, secret = make_token(contact_a, [Scope.EXCHANGES_READ])
    response = client.get(URL, **bearer(secret))
    assert response.status_code == 200
    assert {item["code"] for item in response.json()["items"]} == {given.code, received.code}
    assert response.json()["items"][0]["value"] == "100.00"


def test_it_confirms_the_organisations_side(client, org_a, org_b, contact_a, contact_b):
    exchange = make_exchange(org_b, org_a, contact_b, confirmed=(True, False))
    _token, secret = make_token(contact_a, [Scope.EXCHANGES_WRITE])
    response = client.post(f"{URL}/{exchange.code}/confirm", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["confirmed"] is True
    exchange.refresh_from_db()
    assert exchange.receiver_confirmed_by == contact_a
    again = client.post(f"{URL}/{exchange.code}/confirm", **bearer(secret))
    assert again.status_code == 422 and again.json()["errors"]


def test_it_does_not_find_another_organisations_exchange(
    client, org_b, company, contact_a, contact_b
):
    theirs = make_exchange(org_b, company, contact_b, confirmed=(True, False))
    _token, secret = make_token(contact_a)
    assert client.post(f"{URL}/{theirs.code}/confirm", **bearer(secret)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.receiver_confirmed_at is None


def test_it_refuses_a_role_that_may_not_confirm(client, org_a, org_b, worker_a, contact_b):
    exchange = make_exchange(org_b, org_a, contact_b, confirmed=(True, False))
    _token, secret = make_token(worker_a)
    assert client.post(f"{URL}/{exchange.code}/confirm", **bearer(secret)).status_code == 403
    exchange.refresh_from_db()
    assert exchange.receiver_confirmed_at is None


def test_it_refuses_a_token_without_the_scope(client, org_a, org_b, contact_a, contact_b):
    exchange = make_exchange(org_b, org_a, contact_b, confirmed=(True, False))
    _token, secret = make_token(contact_a, [Scope.EXCHANGES_READ])
    response = client.post(f"{URL}/{exchange.code}/confirm", **bearer(secret))
    assert response.status_code == 403 and "exchanges:write" in response.json()["detail"]


def test_the_list_costs_the_same_queries_whatever_the_data(
    client, org_a, org_b, contact_a, django_assert_num_queries
):
    make_exchange(org_a, org_b, contact_a)
    _token, secret = make_token(contact_a, [Scope.EXCHANGES_READ])
    client.get(URL, **bearer(secret))
    for _n in range(8):
        make_exchange(org_b, org_a, contact_a)
    with django_assert_num_queries(3):
        response = client.get(URL, **bearer(secret))
    assert response.json()["count"] == 9
