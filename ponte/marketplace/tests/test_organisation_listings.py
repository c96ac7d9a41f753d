"""An organisation's listings /mercato/organizzazioni/<code>/ and the reusable panel
{% organisation_listings organisation %}: the active listings the visitor may see; for the
organisation itself and the coordinator, the closed and expired ones too."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import make_listing, organisation_page


def titles(response) -> list[str]:
    return sorted(listing.title for listing in response.context["page"].object_list)


@pytest.fixture
def listings(org_a, contact_a, municipalities) -> None:
    make_listing(org_a, contact_a, title="Pubblico")
    make_listing(org_a, contact_a, title="Riservato", visibility=Listing.Visibility.MEMBERS)
    make_listing(org_a, contact_a, title="Chiuso", status=Listing.Status.CLOSED)
    expired = make_listing(org_a, contact_a, title="Scaduto")
    Listing.objects.filter(pk=expired.pk).update(valid_until=date.today() - timedelta(days=1))


def test_anonymous_visitors_see_the_public_listings(client, org_a, listings):
    assert titles(client.get(organisation_page(org_a))) == ["Pubblico"]


def test_members_see_the_members_only_listings_too(client, org_a, listings, contact_b):
    client.force_login(contact_b)
    assert titles(client.get(organisation_page(org_a))) == ["Pubblico", "Riservato"]


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "coordinator"])
def test_the_organisation_and_the_coordinator_see_everything(
    client, request, org_a, listings, user
):
    client.force_login(request.getfixturevalue(user))
    response = client.get(organisation_page(org_a))
    assert titles(response) == ["Chiuso", "Pubblico", "Riservato", "Scaduto"]


def test_an_organisation_hidden_from_the_directory_is_unknown(client, make_organisation):
    hidden = make_organisation("Riservata", is_public=False)
    assert client.get(organisation_page(hidden)).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_listings(
    client, org_a, contact_a, contact_b, django_assert_num_queries, signed_in
):
    if signed_in:
        client.force_login(contact_b)
    for number in range(3):
        make_listing(org_a, contact_a, title=f"Poche {number}")
    client.get(organisation_page(org_a))
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(organisation_page(org_a)))) == 3
    for number in range(27):
        make_listing(org_a, contact_a, title=f"Molte {number}")
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert len(titles(client.get(organisation_page(org_a)))) == 25


def test_the_panel_shows_five_listings_and_a_link_to_the_rest(
    org_a, contact_a, municipalities, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    for number in range(7):
        make_listing(org_a, contact_a, title=f"Annuncio {number}")
    request = RequestFactory().get("/rete/")
    request.user = AnonymousUser()
    template = Template("{% load marketplace_tags %}{% organisation_listings organisation %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "organisation": org_a}))
    assert html.count("<li") == 5
    assert organisation_page(org_a) in html


def test_the_directory_page_of_an_organisation_shows_its_public_listings(client, org_a, contact_a):
    """The network's organisation page includes the marketplace's panel (network/panels.py),
    and a new listing shows at the next request although the page is cached for visitors."""
    make_listing(org_a, contact_a, title="Uova per gli alberghi")
    assert "Uova per gli alberghi" in client.get(f"/rete/{org_a.code}/").content.decode()
    make_listing(org_a, contact_a, title="Lavanderia per gli alberghi")
    html = client.get(f"/rete/{org_a.code}/").content.decode()
    assert "Lavanderia per gli alberghi" in html
    make_listing(org_a, contact_a, title="Solo per i membri", visibility=Listing.Visibility.MEMBERS)
    assert "Solo per i membri" not in client.get(f"/rete/{org_a.code}/").content.decode()
