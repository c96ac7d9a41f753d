"""Editing, closing and reopening a listing: only a member contact of its organisation or the
coordinator; the others get 403 (they see the listing) or 404 (they do not)."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.marketplace import services
from ponte.marketplace.models import Listing, ListingPhoto
from ponte.marketplace.tests.market_helpers import (
    edit,
    files_under,
    listing_data,
    make_listing,
    page,
    photo,
    status,
)


@pytest.fixture
def listing(org_a, contact_a, municipalities) -> Listing:
    return make_listing(org_a, contact_a, title="Uova fresche")


def test_a_member_contact_of_the_author_edits_the_listing(client, contact_a, listing):
    client.force_login(contact_a)
    assert client.get(edit(listing)).status_code == 200
    response = client.post(edit(listing), listing_data(title="Uova biologiche", price="5"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Uova biologiche"
    assert " biologiche " in listing.words


def test_the_coordinator_edits_any_listing(client, coordinator, listing, org_a):
    client.force_login(coordinator)
    response = client.post(edit(listing), listing_data(organisation=org_a.pk, title="Rivista"))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.title == "Rivista"


def test_another_organisations_contact_gets_403(client, contact_b, listing):
    client.force_login(contact_b)
    assert client.get(edit(listing)).status_code == 403
    assert client.post(edit(listing), listing_data(title="Preso")).status_code == 403
    assert client.post(status(listing), {"status": "closed"}).status_code == 403
    listing.refresh_from_db()
    assert (listing.title, listing.status) == ("Uova fresche", Listing.Status.OPEN)


def test_a_case_worker_of_the_author_organisation_gets_403(client, worker_a, listing):
    client.force_login(worker_a)
    assert client.get(edit(listing)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, listing):
    assert redirected_to_login(client.get(edit(listing)), edit(listing))
    assert redirected_to_login(client.post(status(listing)), status(listing))


def test_a_members_only_listing_is_unknown_to_anonymous_visitors_when_closing(client, listing):
    listing.visibility = Listing.Visibility.MEMBERS
    listing.save()
    assert client.get(page(listing)).status_code == 404


def test_the_author_closes_and_reopens_the_listing(client, contact_a, listing):
    client.force_login(contact_a)
    response = client.post(status(listing), {"status": "closed"})
    assert messages_of(response) == [
        ("success", italian("The listing is closed: it is no longer shown."))
    ]
    listing.refresh_from_db()
    assert listing.status == Listing.Status.CLOSED
    client.post(status(listing), {"status": "open"})
    listing.refresh_from_db()
    assert listing.status == Listing.Status.OPEN


def test_an_expired_listing_is_not_reopened_without_a_new_date(client, contact_a, listing):
    Listing.objects.filter(pk=listing.pk).update(
        status=Listing.Status.CLOSED, valid_until=date.today() - timedelta(days=1)
    )
    client.force_login(contact_a)
    response = client.post(status(listing), {"status": "open"})
    assert messages_of(response) == [
        (
            "error",
            italian("The listing has expired: edit it with a new date to publish it again."),
        )
    ]
    listing.refresh_from_db()
    assert listing.status == Listing.Status.CLOSED


def test_photos_are_added_and_removed_and_their_files_go_with_them(
    client, contact_a, listing, media_root, django_capture_on_commit_callbacks
):
    services.listing_save(listing=listing, by=contact_a, photos=[photo("a.jpg"), photo("b.jpg")])
    first, second = listing.photos.all()
    assert len(files_under(media_root)) == 2
    client.force_login(contact_a)
    # Three already would be one too many.
    response = client.post(edit(listing), listing_data(photos=[photo("c.jpg"), photo("d.jpg")]))
    assert response.context["form"].errors["photos"]
    assert listing.photos.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit(listing),
            listing_data(remove_photos=[first.pk], photos=[photo("c.png", "PNG")]),
        )
    assert response.status_code == 302
    photos = list(listing.photos.all())
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png"]
    assert photos[0].pk == second.pk
    assert [p.position for p in photos] == [0, 1]
    assert len(files_under(media_root)) == 2
    assert not ListingPhoto.objects.filter(pk=first.pk).exists()


def test_an_edit_with_a_bad_photo_changes_nothing(client, contact_a, listing, media_root):
    client.force_login(contact_a)
    response = client.post(
        edit(listing),
        listing_data(title="Cambiato", photos=[photo("x.jpg", content=b"testo")]),
    )
    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.title == "Uova fresche"
    assert files_under(media_root) == []
