"""The marketplace /mercato/: signed-in members browse the active listings (members-only and
public), search and filter them, sort them by date or by distance, page through them; listings
past their date disappear by themselves; the number of queries does not grow with the
listings."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE, MOENA, PREDAZZO, TESERO, italian, redirected_to_login
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import LIST, NEW, make_exchange, make_listing, page
from ponte.network.models import Organisation, Role


def titles(response) -> list[str]:
    return [listing.title for listing in response.context["page"].object_list]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(LIST), LIST)


@pytest.mark.parametrize("user", ["nobody", "referrer_user", "staff_user"])
def test_users_with_no_marketplace_role_get_403(client, request, user, make_user, org_b):
    if user == "referrer_user":
        account = make_user("inviante", org_b, Role.REFERRER)
    else:
        account = request.getfixturevalue(user)
    client.force_login(account)
    assert client.get(LIST).status_code == 403


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "worker_a", "tutor"])
def test_members_see_public_and_members_only_listings(client, request, user, org_b, contact_b):
    make_listing(org_b, contact_b, title="Pubblico")
    make_listing(org_b, contact_b, title="Riservato", visibility=Listing.Visibility.MEMBERS)
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Pubblico", "Riservato"]
    can_post = user in ("contact_a", "coordinator")
    assert (f'href="{NEW}"' in response.content.decode()) is can_post


def test_closed_and_expired_listings_disappear_by_themselves(client, contact_a, org_b, contact_b):
    make_listing(org_b, contact_b, title="Aperto")
    make_listing(org_b, contact_b, title="Chiuso", status=Listing.Status.CLOSED)
    make_listing(org_b, contact_b, title="Ultimo giorno", valid_until=date.today())
    expired = make_listing(org_b, contact_b, title="Scaduto")
    Listing.objects.filter(pk=expired.pk).update(valid_until=date.today() - timedelta(days=1))
    client.force_login(contact_a)
    assert sorted(titles(client.get(LIST))) == ["Aperto", "Ultimo giorno"]


def test_the_listings_of_a_deactivated_organisation_are_not_listed(
    client, contact_a, org_b, contact_b
):
    make_listing(org_b, contact_b, title="Fantasma")
    Organisation.objects.filter(pk=org_b.pk).update(is_active=False)
    client.force_login(contact_a)
    assert titles(client.get(LIST)) == []


def test_it_searches_and_filters(client, contact_a, org_b, contact_b, company, municipalities):
    make_listing(org_b, contact_b, title="Uova fresche", municipality=CAVALESE)
    make_listing(
        company,
        contact_b,
        title="Pasta di semola",
        description="Formati lunghi",
        municipality=MOENA,
        direction=Listing.Direction.REQUEST,
        mode=Listing.Mode.EXCHANGE,
        category=Listing.Category.SERVICE,
    )
    make_listing(
        org_b,
        contact_b,
        title="Bando per il welfare",
        description="Contributi per progetti di welfare di comunità.",
        category=Listing.Category.INFORMATION,
        mode=Listing.Mode.GIFT,
        price=None,
    )
    fassa = municipalities[MOENA].valley.code
    client.force_login(contact_a)

    def found(query: str) -> list[str]:
        return sorted(titles(client.get(LIST + query)))

    assert found("?q=uova") == ["Uova fresche"]
    assert found("?q=FORMATI+lunghi") == ["Pasta di semola"]
    assert found("?q=uova+pasta") == []
    assert found("?direction=request") == ["Pasta di semola"]
    assert found("?mode=gift") == ["Bando per il welfare"]
    assert found("?category=information") == ["Bando per il welfare"]
    assert found(f"?valley={fassa}") == ["Pasta di semola"]
    assert found("?kind=company") == ["Pasta di semola"]
    assert found("?kind=nonsense&mode=x") == [
        "Bando per il welfare",
        "Pasta di semola",
        "Uova fresche",
    ]
    assert (
        italian("No active listing matches these filters.")
        in client.get(LIST + "?q=astronave").content.decode()
    )


def test_it_sorts_by_distance_from_the_users_organisation(client, contact_b, org_a, contact_a):
    # Contact B acts for a cooperative in Predazzo.
    make_listing(org_a, contact_a, title="A Moena", municipality=MOENA)
    make_listing(org_a, contact_a, title="A Cavalese", municipality=CAVALESE)
    make_listing(org_a, contact_a, title="A Predazzo", municipality=PREDAZZO)
    make_listing(org_a, contact_a, title="A Tesero", municipality=TESERO)
    client.force_login(contact_b)
    assert titles(client.get(LIST)) == ["A Tesero", "A Predazzo", "A Cavalese", "A Moena"]
    response = client.get(LIST + "?sort=distance")
    assert titles(response) == ["A Predazzo", "A Tesero", "A Moena", "A Cavalese"]
    distances = [listing.distance for listing in response.context["page"].object_list]
    assert distances[0] == 0 and distances == sorted(distances)
    assert "km" in response.content.decode()


def test_without_a_municipality_the_distance_sort_falls_back_to_the_date(
    client, make_organisation, make_user, org_a, contact_a
):
    outside = make_organisation("Associazione di Trento", municipality=None)
    client.force_login(make_user("fuori", outside, Role.MEMBER_CONTACT))
    make_listing(org_a, contact_a, title="Primo")
    make_listing(org_a, contact_a, title="Secondo")
    response = client.get(LIST + "?sort=distance")
    assert titles(response) == ["Secondo", "Primo"]
    assert response.context["no_origin"]


def test_the_list_has_pages_of_25(client, contact_a, org_b, contact_b):
    for number in range(27):
        make_listing(org_b, contact_b, title=f"Annuncio {number:02d}")
    client.force_login(contact_a)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    second = client.get(LIST + "?q=Annuncio&page=2")
    assert len(second.context["page"].object_list) == 2
    assert 'href="?q=Annuncio&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("sort", ["newest", "distance"])
def test_the_number_of_queries_does_not_grow_with_the_listings(
    client, contact_a, org_b, contact_b, company, django_assert_num_queries, sort
):
    def add(n: int, start: int) -> None:
        for number in range(start, start + n):
            owner = org_b if number % 2 else company
            make_listing(owner, contact_b, title=f"Annuncio {number}")
            make_exchange(org_b, company, contact_b, value=str(number))

    add(3, 0)
    client.force_login(contact_a)
    query = f"?sort={sort}"
    client.get(LIST + query)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(LIST + query))) == 3
    add(27, 3)
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = client.get(LIST + query)
    assert len(titles(response)) == 25


def test_the_page_links_each_listing(client, contact_a, org_b, contact_b):
    listing = make_listing(org_b, contact_b)
    client.force_login(contact_a)
    assert f'href="{page(listing)}"' in client.get(LIST).content.decode()
