"""Public reads of the API, with no token: the same rules as the public pages."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.api.tests.api_helpers import bearer, make_token
from ponte.core.tests.helpers import PREDAZZO
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import make_listing
from ponte.network.models import Organisation
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import make_opening
from ponte.reports.opendata import last_complete_year

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


def test_it_lists_public_active_member_organisations(client, org_a, org_b, make_organisation):
    hidden = make_organisation("Nascosta", is_public=False)
    closed = make_organisation("Chiusa", is_active=False)
    response = client.get("/api/v1/organisations")
    assert response.status_code == 200
    body = response.json()
    assert set(codes(response)) == {org_a.code, org_b.code}
    assert hidden.code not in codes(response) and closed.code not in codes(response)
    alfa = next(item for item in body["items"] if item["code"] == org_a.code)
    assert alfa["municipality"]["istat_code"] == "022050"
    assert set(alfa["sectors"]) == {"catering", "training"}
    assert body["count"] == 2 and body["count_capped"] is False


def test_it_filters_organisations_like_the_directory(client, org_a, org_b):
    by_municipality = client.get("/api/v1/organisations", {"municipality": PREDAZZO})
    assert codes(by_municipality) == [org_b.code]
    by_kind = client.get("/api/v1/organisations", {"kind": Organisation.Kind.SOCIAL_COOP_B})
    assert codes(by_kind) == [org_a.code]
    by_text = client.get("/api/v1/organisations", {"q": "ristorante"})
    assert codes(by_text) == [org_a.code]


def test_it_shows_one_public_organisation_and_hides_the_others(client, org_a, make_organisation):
    hidden = make_organisation("Nascosta", is_public=False)
    assert client.get(f"/api/v1/organisations/{org_a.code}").json()["name"] == org_a.name
    response = client.get(f"/api/v1/organisations/{hidden.code}")
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"], "errors": []}


def test_it_lists_only_public_active_listings(client, org_a, contact_a):
    public = make_listing(org_a, contact_a, title="Uova pubbliche")
    make_listing(org_a, contact_a, title="Solo soci", visibility=Listing.Visibility.MEMBERS)
    make_listing(org_a, contact_a, title="Chiuso", status=Listing.Status.CLOSED)
    make_listing(org_a, contact_a, title="Scaduto", valid_until=date.today() - timedelta(days=1))
    response = client.get("/api/v1/listings")
    assert codes(response) == [public.code]
    item = response.json()["items"][0]
    assert item["organisation"] == org_a.code and item["price"] == "4.50"


def test_it_ignores_the_session_of_a_signed_in_member(client, org_a, contact_a):
    """The API answers to tokens only: a signed-in browser sees what anyone sees."""
    make_listing(org_a, contact_a, title="Solo soci", visibility=Listing.Visibility.MEMBERS)
    client.force_login(contact_a)
    assert codes(client.get("/api/v1/listings")) == []
    assert client.get("/api/v1/me/listings").status_code == 401


def test_it_lists_the_catalogue_of_public_offers(client, org_a, contact_a):
    offer = make_listing(org_a, contact_a, title="Pranzi di lavoro")
    make_listing(org_a, contact_a, title="Cerchiamo furgone", direction=Listing.Direction.REQUEST)
    assert codes(client.get("/api/v1/catalogue")) == [offer.code]
    assert codes(client.get("/api/v1/catalogue", {"category": "service"})) == []


def test_it_lists_open_openings_without_personal_data(client, company, tutor):
    shown = make_opening(company, tutor, tutor=tutor)
    make_opening(company, tutor, status=Opening.Status.DRAFT, title="Bozza")
    response = client.get("/api/v1/openings")
    assert codes(response) == [shown.code]
    item = response.json()["items"][0]
    assert "tutor" not in item and "created_by" not in item
    text = response.content.decode()
    for personal in (tutor.username, tutor.first_name, tutor.last_name, tutor.email):
        assert personal not in text
    detail = client.get(f"/api/v1/openings/{shown.code}")
    assert detail.status_code == 200 and "tutor" not in detail.json()
    assert tutor.last_name not in detail.content.decode()


def test_it_hides_a_draft_opening(client, company, tutor):
    draft = make_opening(company, tutor, status=Opening.Status.DRAFT)
    assert client.get(f"/api/v1/openings/{draft.code}").status_code == 404


def test_it_serves_the_open_indicators_of_a_complete_year(client, district):
    year = last_complete_year()
    response = client.get(f"/api/v1/indicators/{year}")
    assert response.status_code == 200
    body = response.json()
    assert body["period"]["year"] == year
    assert body["indicators"] and {"key", "columns", "rows"} <= set(body["indicators"][0])
    assert client.get(f"/api/v1/indicators/{year + 1}").status_code == 404


def test_it_refuses_bad_paging_with_the_field_in_error(client, org_a):
    response = client.get("/api/v1/organisations", {"limit": 1000, "offset": -1})
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"query.limit", "query.offset"}


def test_it_pages_with_limit_and_offset(client, org_a, contact_a):
    made = [make_listing(org_a, contact_a, title=f"Offerta {n}") for n in range(5)]
    first = client.get("/api/v1/listings", {"limit": 2})
    second = client.get("/api/v1/listings", {"limit": 2, "offset": 2})
    assert first.json()["count"] == 5
    newest_first = [listing.code for listing in reversed(made)]
    assert codes(first) + codes(second) == newest_first[:4]


def test_it_sets_no_cookie(client, org_a):
    response = client.get("/api/v1/organisations")
    assert not response.cookies


def test_a_token_does_not_widen_the_public_lists(client, org_a, contact_a):
    make_listing(org_a, contact_a, title="Solo soci", visibility=Listing.Visibility.MEMBERS)
    _token, secret = make_token(contact_a)
    assert codes(client.get("/api/v1/listings", **bearer(secret))) == []


@pytest.mark.parametrize(
    "url", ["/api/v1/organisations", "/api/v1/listings", "/api/v1/catalogue", "/api/v1/openings"]
)
def test_the_public_lists_cost_the_same_queries_whatever_the_data(
    client, django_assert_max_num_queries, make_organisation, org_a, contact_a, company, tutor, url
):
    def grow(n: int) -> None:
        for i in range(n):
            organisation = make_organisation(f"Socio {url} {n} {i}", sectors=["food"])
            make_listing(organisation, contact_a, title=f"Offerta {i}")
            make_opening(organisation, tutor, title=f"Posto {i}")

    grow(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.json()["count"] >= 6
