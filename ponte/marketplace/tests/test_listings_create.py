"""Creating a listing /mercato/nuovo/: a member contact for their organisation, the coordinator
for any member; up to three photos that really are images of at most 5 MB; bad input gives a
clear message on the field and saves nothing, neither the listing nor any file."""

from decimal import Decimal

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.marketplace.models import Listing, ListingPhoto
from ponte.marketplace.tests.market_helpers import (
    LATER,
    NEW,
    files_under,
    image_bytes,
    listing_data,
    page,
    photo,
)


def test_anonymous_visitors_are_sent_to_sign_in(client, municipalities):
    assert redirected_to_login(client.get(NEW), NEW)
    assert redirected_to_login(client.post(NEW, listing_data()), NEW)
    assert not Listing.objects.exists()


@pytest.mark.parametrize("user", ["worker_a", "tutor", "nobody", "staff_user"])
def test_other_roles_may_not_post_listings(client, request, user, municipalities):
    client.force_login(request.getfixturevalue(user))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, listing_data()).status_code == 403
    assert not Listing.objects.exists()


def test_a_member_contact_posts_a_listing_of_their_organisation(
    client, contact_a, org_a, org_b, media_root
):
    client.force_login(contact_a)
    response = client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="organisation"' not in html
    assert 'enctype="multipart/form-data"' in html
    assert response.context["form"]["municipality"].value() == org_a.municipality_id
    response = client.post(
        NEW,
        listing_data(
            organisation=org_b.pk,
            photos=[photo("a.jpg"), photo("b.png", "PNG"), photo("c.webp", "WEBP")],
        ),
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response.url == page(listing)
    assert messages_of(response) == [("success", italian("The listing has been saved."))]
    assert listing.organisation == org_a  # the posted organisation is ignored
    assert listing.created_by == contact_a
    assert listing.status == Listing.Status.OPEN
    assert listing.price == Decimal("4.50")
    assert " uova " in listing.words and " galline " in listing.words
    photos = list(listing.photos.all())
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png", "image/webp"]
    assert [p.position for p in photos] == [0, 1, 2]
    assert len(files_under(media_root)) == 3
    assert all(p.image.name.startswith(f"marketplace/{listing.code}/") for p in photos)


def test_the_coordinator_chooses_the_organisation(client, coordinator, org_b, make_organisation):
    funder = make_organisation("Fondazione", relation="funder")
    client.force_login(coordinator)
    response = client.get(NEW)
    choices = list(response.context["form"].fields["organisation"].queryset)
    assert org_b in choices and funder not in choices
    response = client.post(NEW, listing_data(organisation=org_b.pk))
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert (listing.organisation, listing.created_by) == (org_b, coordinator)


def test_the_coordinator_must_choose_an_organisation(client, coordinator):
    client.force_login(coordinator)
    response = client.post(NEW, listing_data())
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not Listing.objects.exists()


def test_a_gift_may_leave_the_price_empty_and_a_request_the_quantity(client, contact_a):
    client.force_login(contact_a)
    data = listing_data(
        mode=Listing.Mode.GIFT,
        direction=Listing.Direction.REQUEST,
        price="",
        unit="",
        quantity="",
    )
    assert client.post(NEW, data).status_code == 302
    listing = Listing.objects.get()
    assert (listing.price, listing.quantity, listing.mode) == (None, "", Listing.Mode.GIFT)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"price": "-1"}, "price", "The price cannot be negative."),
        ({"valid_until": "2020-01-01"}, "valid_until", "The date cannot be in the past."),
        ({"mode": "gift", "price": "3"}, "price", "A gift has no price: leave it empty."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, contact_a, changes, field, message, media_root
):
    client.force_login(contact_a)
    response = client.post(NEW, listing_data(photos=[photo()], **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [italian(message)]
    assert italian_html(message) in response.content.decode()
    assert not Listing.objects.exists()
    assert not ListingPhoto.objects.exists()
    assert files_under(media_root) == []


@pytest.mark.parametrize("missing", ["direction", "mode", "category", "title", "description"])
def test_required_fields_are_required(client, contact_a, missing):
    client.force_login(contact_a)
    response = client.post(NEW, listing_data(**{missing: ""}))
    assert response.context["form"].errors[missing]
    assert not Listing.objects.exists()


def test_a_photo_over_5_mb_is_refused_and_nothing_is_saved(client, contact_a, media_root):
    big = image_bytes() + b"\0" * (50 * 1024 * 1024)
    client.force_login(contact_a)
    response = client.post(NEW, listing_data(photos=[photo("enorme.jpg", content=big)]))
    assert response.status_code == 200
    message = italian("“%(name)s” is larger than 5 MB: choose a smaller photo.") % {
        "name": "enorme.jpg"
    }
    assert response.context["form"].errors["photos"] == [message]
    assert (
        italian_html("“%(name)s” is larger than 5 MB: choose a smaller photo.")
        % {"name": "enorme.jpg"}
        in response.content.decode()
    )
    assert not Listing.objects.exists()
    assert files_under(media_root) == []


@pytest.mark.parametrize(
    "content",
    [b"Non sono una foto, solo testo.", b"GIF89a" + image_bytes("GIF")[6:], b""],
    ids=["text", "gif", "empty"],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_image_is_refused(
    client, contact_a, media_root, content
):
    client.force_login(contact_a)
    good = photo("buona.jpg")
    response = client.post(NEW, listing_data(photos=[good, photo("finta.jpg", content=content)]))
    assert response.status_code == 200
    errors = response.context["form"].errors["photos"]
    expected = (
        italian("The submitted file is empty.")
        if not content
        else italian("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": "finta.jpg"}
    )
    assert errors == [expected]
    assert not Listing.objects.exists()
    assert not ListingPhoto.objects.exists()
    assert files_under(media_root) == []


def test_a_fourth_photo_is_refused(client, contact_a, media_root):
    client.force_login(contact_a)
    photos = [photo(f"{n}.jpg") for n in range(4)]
    response = client.post(NEW, listing_data(photos=photos))
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        italian("A listing has at most %(max)d photos.") % {"max": 3}
    ]
    assert not Listing.objects.exists()
    assert files_under(media_root) == []


def test_the_form_labels_every_field(client, contact_a):
    client.force_login(contact_a)
    response = client.get(NEW)
    form, html = response.context["form"], response.content.decode()
    for name in form.fields:
        if name not in ("direction", "visibility"):
            assert f'for="id_{name}"' in html, name
    assert html.count("<legend") == 2  # the two groups of radio buttons
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_the_valid_until_date_may_be_today(client, contact_a):
    from datetime import date

    client.force_login(contact_a)
    assert client.post(NEW, listing_data(valid_until=date.today().isoformat())).status_code == 302
    assert Listing.objects.get().valid_until == date.today()
    assert date.today() < LATER
