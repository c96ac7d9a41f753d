"""The marketplace of the demo district (ponte/marketplace/demo.py)."""

import pytest

from ponte.core.tests.helpers import seed_demo
from ponte.marketplace import selectors
from ponte.marketplace.models import Answer, Exchange, Listing
from ponte.network.models import Notification, Organisation

pytestmark = pytest.mark.django_db


def test_the_districts_activities_are_offered(demo):
    offers = Listing.objects.filter(direction=Listing.Direction.OFFER)
    by = set(offers.values_list("organisation__name", flat=True))
    assert {
        "Cooperativa sociale Terre Altre",
        "Cooperativa sociale Oltre",
        "Cooperativa sociale Le Rais",
        "Pastificio Felicetti",
        "Cassa Rurale di Fiemme",
    } <= by
    assert Listing.objects.filter(direction=Listing.Direction.REQUEST).count() >= 3
    assert Listing.objects.filter(category=Listing.Category.INFORMATION).exists()
    assert set(Listing.objects.values_list("mode", flat=True)) == set(Listing.Mode.values)


def test_listings_are_in_every_state_and_the_catalogue_has_offers(demo):
    shown = {listing.shown_status for listing in Listing.objects.all()}
    assert shown == {Listing.Status.OPEN, Listing.Status.CLOSED, Listing.EXPIRED}
    assert selectors.catalogue_offers().count() >= 4


def test_answers_are_in_every_state(demo):
    assert set(Answer.objects.values_list("status", flat=True)) == set(Answer.Status.values)


def test_exchanges_are_confirmed_by_both_by_one_side_and_some_are_gifts(demo):
    exchanges = list(Exchange.objects.all())
    assert any(e.is_confirmed for e in exchanges)
    assert any(
        not e.is_confirmed and (e.giver_confirmed_at or e.receiver_confirmed_at) for e in exchanges
    )
    assert Exchange.objects.confirmed().filter(is_gift=True).exists()
    months = {e.exchanged_on.replace(day=1) for e in exchanges}
    assert len(months) >= 4


def test_the_figures_and_the_company_panel_have_something_to_show(demo):
    year, twelve = selectors.marketplace_figures()["periods"]
    assert twelve.value > 0 and twelve.gifts >= 1
    felicetti = Organisation.objects.get(name="Pastificio Felicetti")
    orders = selectors.company_orders(felicetti, selectors.today().year)
    last_year = selectors.company_orders(felicetti, selectors.today().year - 1)
    assert orders["count"] + last_year["count"] >= 1


def test_the_member_contacts_find_their_notifications(demo):
    for username in ("referente.terrealtre", "referente.cassarurale"):
        assert Notification.objects.filter(recipient__username=username).exists()
    # The matching of offers and requests told the egg farm of the shop's request.
    assert Notification.objects.filter(
        recipient__username="referente.terrealtre", text__contains="Uova fresche per i punti"
    ).exists()


def test_seeding_again_adds_nothing(demo):
    count = Listing.objects.count()
    seed_demo()
    assert Listing.objects.count() == count
