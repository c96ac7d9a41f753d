"""The public catalogue /catalogo/: the active public offers of the members shown in the
directory, by category, with how to contact each organisation; no login; cached whole for
anonymous visitors under a version that changes with any listing or organisation, and daily."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import italian
from ponte.marketplace import services
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import CATALOGUE, make_listing, photo
from ponte.network.models import Organisation


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


def test_anonymous_visitors_see_the_public_offers_with_the_contacts(client, org_a, contact_a):
    Organisation.objects.filter(pk=org_a.pk).update(
        email="info@alfa.example", phone="0462 123456", website="https://alfa.example"
    )
    make_listing(org_a, contact_a, title="Uova fresche", description="Dalle nostre galline.")
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert titles(response) == ["Uova fresche"]
    html = response.content.decode()
    for text in (
        "Cooperativa sociale Alfa",
        "Cavalese",
        "Dalle nostre galline.",
        "mailto:info@alfa.example",
        "0462 123456",
        "https://alfa.example",
        f'href="/rete/{org_a.code}/"',
        italian("Goods"),
    ):
        assert text in html, text


def test_the_catalogue_has_no_members_only_listing_no_request_and_nothing_closed_or_expired(
    client, org_a, contact_a
):
    make_listing(org_a, contact_a, title="Pubblica")
    make_listing(org_a, contact_a, title="Riservata", visibility=Listing.Visibility.MEMBERS)
    make_listing(org_a, contact_a, title="Richiesta", direction=Listing.Direction.REQUEST)
    make_listing(org_a, contact_a, title="Chiusa", status=Listing.Status.CLOSED)
    expired = make_listing(org_a, contact_a, title="Scaduta")
    Listing.objects.filter(pk=expired.pk).update(valid_until=date.today() - timedelta(days=1))
    html = client.get(CATALOGUE).content.decode()
    assert "Pubblica" in html
    for hidden in ("Riservata", "Richiesta", "Chiusa", "Scaduta"):
        assert hidden not in html, hidden


def test_organisations_hidden_from_the_directory_are_not_in_the_catalogue(
    client, make_organisation, contact_a
):
    hidden = make_organisation("Riservata srl", is_public=False)
    make_listing(hidden, contact_a, title="Offerta nascosta")
    assert "Offerta nascosta" not in client.get(CATALOGUE).content.decode()


def test_it_groups_by_category_and_filters(client, org_a, org_b, company, contact_a):
    make_listing(company, contact_a, title="Pasta", category=Listing.Category.GOOD)
    make_listing(org_a, contact_a, title="Uova", category=Listing.Category.GOOD)
    make_listing(org_b, contact_a, title="Lavanderia", category=Listing.Category.SERVICE)
    make_listing(
        org_b, contact_a, title="Bando", category=Listing.Category.INFORMATION, description="x"
    )
    # Goods first, the social cooperatives' first within a category.
    assert titles(client.get(CATALOGUE)) == ["Uova", "Pasta", "Lavanderia", "Bando"]
    assert titles(client.get(CATALOGUE + "?category=service")) == ["Lavanderia"]
    assert titles(client.get(CATALOGUE + "?cooperatives=on")) == ["Uova", "Lavanderia", "Bando"]
    assert titles(client.get(CATALOGUE + "?q=pasta")) == ["Pasta"]
    html = client.get(CATALOGUE).content.decode()
    assert html.index(italian("Goods")) < html.index(italian("Services"))


def test_the_catalogue_shows_the_first_photo(client, org_a, contact_a):
    listing = make_listing(org_a, contact_a)
    services.listing_save(listing=listing, by=contact_a, photos=[photo(), photo("b.jpg")])
    first = listing.photos.first()
    html = client.get(CATALOGUE).content.decode()
    assert f"/mercato/foto/{first.code}/" in html
    assert client.get(f"/mercato/foto/{first.code}/").status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_listings(
    client, org_a, org_b, contact_a, django_assert_num_queries, signed_in
):
    if signed_in:
        client.force_login(contact_a)

    def add(n: int, start: int) -> None:
        for number in range(start, start + n):
            listing = make_listing(
                org_a if number % 2 else org_b, contact_a, title=f"Offerta {number}"
            )
            services.listing_save(listing=listing, by=contact_a, photos=[photo()])

    add(3, 0)
    client.get(CATALOGUE)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(CATALOGUE))) == 3
    add(27, 3)
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert len(titles(client.get(CATALOGUE))) == 30


def test_anonymous_visitors_get_a_cached_page_until_a_listing_changes(
    client, org_a, contact_a, django_assert_max_num_queries
):
    listing = make_listing(org_a, contact_a, title="Prima versione")
    client.get(CATALOGUE)
    with django_assert_max_num_queries(1):  # the version only
        assert "Prima versione" in client.get(CATALOGUE).content.decode()
    listing.title = "Seconda versione"
    listing.save()
    assert "Seconda versione" in client.get(CATALOGUE).content.decode()
    Organisation.objects.filter(pk=org_a.pk).update(name="Cooperativa Rinominata")
    # update() leaves updated_at alone: a save() is what the pages do.
    org_a.refresh_from_db()
    org_a.save()
    assert "Cooperativa Rinominata" in client.get(CATALOGUE).content.decode()


def test_the_version_changes_every_day(monkeypatch, org_a, contact_a):
    from ponte.marketplace import selectors

    make_listing(org_a, contact_a)
    today = selectors.catalogue_version()
    monkeypatch.setattr(selectors, "today", lambda: date.today() + timedelta(days=1))
    assert selectors.catalogue_version() != today
