"""Matching offers and requests: a new listing is compared with the open listings of the
opposite direction and the same category of other organisations; when their words overlap, both
authors are notified, once each per pair."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import italian
from ponte.marketplace import selectors, services
from ponte.marketplace.models import Listing
from ponte.marketplace.services import listing_words
from ponte.marketplace.tests.market_helpers import LATER, NEW, listing_data, make_listing
from ponte.network.models import Notification


def texts(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def new_listing(organisation, by, **fields) -> Listing:
    values = {
        "direction": Listing.Direction.OFFER,
        "mode": Listing.Mode.SALE,
        "category": Listing.Category.GOOD,
        "title": "Uova fresche",
        "description": "Uova di galline allevate all'aperto.",
        "municipality": organisation.municipality,
        "valid_until": LATER,
        **fields,
    }
    return services.listing_save(listing=Listing(organisation=organisation, **values), by=by)


def test_words_are_normalised():
    assert listing_words("Cerchiamo UOVA fresche!", "Però più uova, caffè e tè per l'hotel") == [
        "uova",
        "fresche",
        "caffe",
        "hotel",
    ]
    assert listing_words("", "") == []


def test_a_new_offer_notifies_the_author_of_a_matching_request_and_its_own(
    client, org_a, contact_a, org_b, contact_b, municipalities
):
    request = make_listing(
        org_b,
        contact_b,
        title="Cerchiamo uova per la mensa",
        description="Ogni settimana.",
        direction=Listing.Direction.REQUEST,
    )
    client.force_login(contact_a)
    client.post(NEW, listing_data(title="Uova fresche"))
    offer = Listing.objects.exclude(pk=request.pk).get()
    assert texts(contact_b) == [
        italian("A new listing of %(organisation)s, “%(theirs)s”, matches your “%(mine)s”.")
        % {"organisation": org_a.name, "theirs": offer.title, "mine": request.title}
    ]
    assert texts(contact_a) == [
        italian("Your listing “%(mine)s” matches “%(theirs)s” of %(organisation)s.")
        % {"mine": offer.title, "theirs": request.title, "organisation": org_b.name}
    ]
    assert Notification.objects.get(recipient=contact_b).url == f"/mercato/{offer.code}/"
    # The author finds the match on the listing's page.
    assert request.title in client.get(f"/mercato/{offer.code}/").content.decode()


def test_the_coordinator_who_posted_a_listing_hears_of_its_matches_too(
    org_a, contact_a, org_b, coordinator, municipalities
):
    make_listing(org_a, contact_a, title="Uova", direction=Listing.Direction.REQUEST)
    new_listing(org_b, coordinator)
    assert len(texts(coordinator)) == 1
    assert len(texts(contact_a)) == 1


@pytest.mark.parametrize(
    "other",
    [
        {"direction": Listing.Direction.OFFER},  # same direction
        {"category": Listing.Category.SERVICE},  # another category
        {"title": "Pasta fresca", "description": "Formati lunghi"},  # no word in common
        {"status": Listing.Status.CLOSED},
        {"valid_until": date.today() - timedelta(days=1)},
        {"same_organisation": True},
    ],
    ids=["same-direction", "category", "words", "closed", "expired", "same-organisation"],
)
def test_no_notification_without_a_match(org_a, contact_a, org_b, contact_b, municipalities, other):
    owner = org_a if other.pop("same_organisation", False) else org_b
    fields = {
        "title": "Cerchiamo uova",
        "description": "Per la mensa.",
        "direction": Listing.Direction.REQUEST,
        **other,
    }
    make_listing(owner, contact_b, **fields)
    new_listing(org_a, contact_a)
    assert not Notification.objects.exists()


def test_one_notification_per_pair_whatever_the_words_in_common(
    org_a, contact_a, org_b, contact_b, company, make_user, municipalities
):
    make_listing(
        org_b,
        contact_b,
        title="Uova fresche di galline",
        description="Uova uova uova",
        direction=Listing.Direction.REQUEST,
    )
    make_listing(company, contact_b, title="Uova per il pastificio", direction="request")
    new_listing(org_a, contact_a)
    assert len(texts(contact_a)) == 2  # one per matching request
    assert len(texts(contact_b)) == 2  # contact B created both requests


def test_editing_a_listing_does_not_notify_again(
    org_a, contact_a, org_b, contact_b, municipalities
):
    make_listing(org_b, contact_b, title="Cerchiamo uova", direction=Listing.Direction.REQUEST)
    offer = new_listing(org_a, contact_a)
    count = Notification.objects.count()
    offer.description = "Uova di galline, consegna a domicilio."
    services.listing_save(listing=offer, by=contact_a)
    assert Notification.objects.count() == count


def test_matches_are_limited(org_a, contact_a, org_b, contact_b, municipalities):
    for number in range(selectors.MAX_MATCHES + 3):
        make_listing(org_b, contact_b, title=f"Uova {number}", direction="request")
    offer = new_listing(org_a, contact_a)
    assert len(list(selectors.matching_listings(offer))) == selectors.MAX_MATCHES
    assert len(texts(contact_a)) == selectors.MAX_MATCHES


def test_the_listings_sharing_more_words_come_first(
    org_a, contact_a, org_b, contact_b, municipalities
):
    make_listing(org_b, contact_b, title="Cerchiamo uova", description="x", direction="request")
    best = make_listing(
        org_b,
        contact_b,
        title="Uova fresche di galline",
        description="Allevate all'aperto",
        direction="request",
    )
    make_listing(
        org_b, contact_b, title="Cerchiamo ancora uova", description="y", direction="request"
    )
    offer = new_listing(org_a, contact_a)
    matches = list(selectors.matching_listings(offer))
    assert matches[0] == best
    assert [m.shared for m in matches] == [5, 1, 1]
