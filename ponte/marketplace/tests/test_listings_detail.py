"""A listing's page /mercato/<code>/ and its photos: public listings for everyone, members-only
ones for signed-in members, closed and expired ones for their organisation (and whoever answered
them); photos follow the listing's visibility."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html
from ponte.marketplace import services
from ponte.marketplace.models import Listing
from ponte.marketplace.tests.market_helpers import make_listing, page, photo


@pytest.fixture
def listing(org_a, contact_a, municipalities) -> Listing:
    return make_listing(org_a, contact_a, title="Uova fresche")


def photo_url(listing: Listing) -> str:
    return f"/mercato/foto/{listing.photos.get().code}/"


def test_anyone_sees_a_public_listing_with_its_photo(client, listing, contact_a):
    services.listing_save(listing=listing, by=contact_a, photos=[photo()])
    response = client.get(page(listing))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uova fresche" in html and "Cooperativa sociale Alfa" in html
    assert photo_url(listing) in html
    answer = client.get(photo_url(listing))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/jpeg"
    assert b"".join(answer.streaming_content)[:2] == b"\xff\xd8"


def test_a_members_only_listing_and_its_photo_are_unknown_to_anonymous_visitors(
    client, listing, contact_a, worker_a, tutor
):
    services.listing_save(listing=listing, by=contact_a, photos=[photo()])
    Listing.objects.filter(pk=listing.pk).update(visibility=Listing.Visibility.MEMBERS)
    assert client.get(page(listing)).status_code == 404
    assert client.get(photo_url(listing)).status_code == 404
    client.force_login(tutor)
    assert client.get(page(listing)).status_code == 200
    assert client.get(photo_url(listing)).status_code == 200


def test_a_user_with_no_role_is_no_member(client, listing, nobody):
    Listing.objects.filter(pk=listing.pk).update(visibility=Listing.Visibility.MEMBERS)
    client.force_login(nobody)
    assert client.get(page(listing)).status_code == 404


def test_a_closed_listing_is_unknown_to_other_organisations(
    client, listing, contact_a, contact_b, coordinator
):
    services.listing_save(listing=listing, by=contact_a, photos=[photo()])
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.CLOSED)
    for user, expected in ((None, 404), (contact_b, 404), (contact_a, 200), (coordinator, 200)):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(page(listing)).status_code == expected
        assert client.get(photo_url(listing)).status_code == expected


def test_an_organisation_that_answered_still_sees_the_closed_listing(
    client, listing, contact_b, org_b
):
    services.answer_create(listing=listing, organisation=org_b, by=contact_b, message="Ne vorrei")
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.CLOSED)
    client.force_login(contact_b)
    response = client.get(page(listing))
    assert response.status_code == 200
    assert "Ne vorrei" in response.content.decode()


def test_an_expired_listing_says_so_to_its_author_and_is_unknown_to_others(
    client, listing, contact_a, contact_b
):
    Listing.objects.filter(pk=listing.pk).update(valid_until=date.today() - timedelta(days=1))
    client.force_login(contact_a)
    html = client.get(page(listing)).content.decode()
    assert italian("Expired") in html
    assert (
        italian_html(
            "This listing has expired: it is no longer shown in the lists. Edit it with a new date "
            "to publish it again."
        )
        in html
    )
    client.force_login(contact_b)
    assert client.get(page(listing)).status_code == 404


def test_the_author_sees_the_answers_and_the_way_to_edit(client, listing, contact_a):
    client.force_login(contact_a)
    html = client.get(page(listing)).content.decode()
    assert f'href="/mercato/{listing.code}/modifica/"' in html
    assert italian("No answer yet.") in html
    assert 'name="message"' not in html  # nobody answers their own listing


def test_another_member_contact_finds_the_answer_form(client, listing, contact_b, worker_a):
    client.force_login(contact_b)
    html = client.get(page(listing)).content.decode()
    assert 'name="message"' in html
    assert f'href="/mercato/{listing.code}/modifica/"' not in html


def test_an_unknown_code_or_photo_is_404(client, contact_a, municipalities):
    client.force_login(contact_a)
    assert client.get("/mercato/ZZZZZZZZ/").status_code == 404
    assert client.get("/mercato/foto/ZZZZZZZZ/").status_code == 404


def test_a_photo_whose_file_is_gone_is_404(client, listing, contact_a, media_root):
    services.listing_save(listing=listing, by=contact_a, photos=[photo()])
    for path in media_root.rglob("*.jpg"):
        path.unlink()
    assert client.get(photo_url(listing)).status_code == 404
