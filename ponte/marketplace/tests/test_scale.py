"""The marketplace's part of the large synthetic data set (`manage.py seed_scale --listings N`),
on a small scale."""

from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from ponte.marketplace import selectors
from ponte.marketplace.models import Listing

LISTINGS = 400


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    out = StringIO()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        call_command("seed_demo", stdout=StringIO())
        with redirect_stdout(out):
            call_command(
                "seed_scale",
                organisations=40,
                people=0,
                openings=0,
                listings=LISTINGS,
                subprojects=0,
                meetings=0,
            )
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def synthetic():
    return Listing.objects.filter(organisation__name__startswith="Sintetica ")


def test_it_adds_the_listings_asked_for_among_the_synthetic_organisations(scaled):
    assert f"Marketplace: {LISTINGS} synthetic listings" in scaled
    assert synthetic().count() == LISTINGS
    assert len(set(Listing.objects.values_list("code", flat=True))) == Listing.objects.count()


def test_every_kind_of_listing_is_there(scaled):
    listings = synthetic()
    for field, values in (
        ("direction", Listing.Direction.values),
        ("mode", Listing.Mode.values),
        ("category", Listing.Category.values),
        ("visibility", Listing.Visibility.values),
        ("status", Listing.Status.values),
    ):
        assert set(listings.values_list(field, flat=True)) == set(values), field
    assert selectors.active_listings().filter(pk__in=listings).exists()
    assert listings.filter(valid_until__lt=selectors.today()).exists()
    assert not listings.filter(mode=Listing.Mode.GIFT, price__isnull=False).exists()


def test_synthetic_listings_are_matched_by_their_words(scaled):
    listing = selectors.active_listings().filter(pk__in=synthetic()).first()
    assert listing.words.strip()
    matches = list(selectors.matching_listings(listing))
    assert matches
    for match in matches:
        assert match.direction != listing.direction and match.category == listing.category
        assert set(match.words.split()) & set(listing.words.split())
