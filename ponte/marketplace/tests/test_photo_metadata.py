"""A listing's photo is encoded again on upload: turned upright by its EXIF orientation and stored
with nothing but its pixels, so that a phone's photo does not tell anonymous visitors where it
was taken (GPS), with which camera, or carry an ICC profile, XMP or comments. Files that are not
images, image bombs and photos over 5 MB are still refused; the photos stored before are cleaned
by the command `clean_listing_photos`."""

from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import ExifTags, Image, ImageCms

from ponte.core.tests.helpers import italian
from ponte.marketplace.models import Listing, ListingPhoto
from ponte.marketplace.tests.market_helpers import (
    NEW,
    files_under,
    listing_data,
    make_listing,
    photo,
)

GPS = {1: "N", 2: (46.0, 17.0, 12.5), 3: "E", 4: (11.0, 27.0, 3.2)}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Casa di Mario Rossi</x:xmpmeta>'


def phone_photo(kind: str = "JPEG", *, orientation: int = 6) -> bytes:
    """A 32×24 picture as a phone takes it: camera, GPS position, orientation, an ICC profile,
    XMP and (for a JPEG) a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Google"
    exif[ExifTags.Base.Model] = "Pixel 9"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    extra = {"comment": b"Cortile di casa"} if kind == "JPEG" else {}
    buffer = BytesIO()
    mode = "RGB" if kind == "JPEG" else "RGBA"
    Image.new(mode, (32, 24), (200, 120, 40)).save(
        buffer, format=kind, exif=exif, icc_profile=icc, xmp=XMP, **extra
    )
    return buffer.getvalue()


def assert_clean(content: bytes) -> Image.Image:
    assert b"Pixel 9" not in content and b"Mario Rossi" not in content
    assert b"Cortile" not in content
    image = Image.open(BytesIO(content))
    assert len(image.getexif()) == 0
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"):
        assert key not in image.info, key
    assert {marker for marker, _ in getattr(image, "applist", [])} <= {"APP0"}
    return image


def test_the_sample_carries_what_a_phone_writes():
    image = Image.open(BytesIO(phone_photo()))
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "icc_profile" in image.info and "comment" in image.info


@pytest.mark.parametrize(
    ("kind", "name", "mime"),
    [
        ("JPEG", "gps.jpg", "image/jpeg"),
        ("PNG", "gps.png", "image/png"),
        ("WEBP", "gps.webp", "image/webp"),
    ],
)
def test_an_uploaded_photo_is_stored_and_served_without_metadata(
    client, contact_a, media_root, kind, name, mime
):
    client.force_login(contact_a)
    response = client.post(NEW, listing_data(photos=[photo(name, content=phone_photo(kind))]))
    assert response.status_code == 302
    stored = ListingPhoto.objects.get()
    assert stored.content_type == mime
    with stored.image.open("rb") as handle:
        image = assert_clean(handle.read())
    assert image.format == kind
    # Turned upright by the orientation it carried (6: rotated by 90°), which is then gone.
    assert image.size == (24, 32)
    # An anonymous visitor gets the same clean file.
    client.logout()
    served = client.get(f"/mercato/foto/{stored.code}/")
    assert served.status_code == 200
    assert served["Content-Type"] == mime
    assert_clean(b"".join(served.streaming_content))


def test_a_photo_with_no_metadata_keeps_its_size(client, contact_a, media_root):
    client.force_login(contact_a)
    client.post(NEW, listing_data(photos=[photo("semplice.png", "PNG")]))
    with ListingPhoto.objects.get().image.open("rb") as handle:
        assert Image.open(BytesIO(handle.read())).size == (32, 24)


def test_an_image_bomb_is_still_refused_and_nothing_is_saved(
    client, contact_a, media_root, monkeypatch
):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300)
    client.force_login(contact_a)
    response = client.post(NEW, listing_data(photos=[photo("bomba.jpg", content=phone_photo())]))
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        italian("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": "bomba.jpg"}
    ]
    assert not Listing.objects.exists()
    assert files_under(media_root) == []


def test_a_truncated_jpeg_is_refused_and_nothing_is_saved(client, contact_a, media_root):
    client.force_login(contact_a)
    truncated = phone_photo()[:-200]
    response = client.post(NEW, listing_data(photos=[photo("rotta.jpg", content=truncated)]))
    assert response.status_code == 200
    assert response.context["form"].errors["photos"]
    assert not Listing.objects.exists()
    assert files_under(media_root) == []


def test_the_command_cleans_the_photos_stored_before(contact_a, org_a, media_root):
    listing = make_listing(org_a, contact_a, visibility=Listing.Visibility.PUBLIC)
    old = ListingPhoto(listing=listing, content_type="image/jpeg", position=0)
    old.image.save("photo", ContentFile(phone_photo()), save=True)
    old_name = old.image.name
    out = StringIO()
    call_command("clean_listing_photos", stdout=out)
    assert "1" in out.getvalue()
    old.refresh_from_db()
    with old.image.open("rb") as handle:
        assert_clean(handle.read())
    assert old.image.name != old_name
    assert len(files_under(media_root)) == 1
    # Run again, it finds nothing left to clean and does not encode the JPEG once more.
    out = StringIO()
    call_command("clean_listing_photos", stdout=out)
    assert out.getvalue().startswith("0 ")
    assert ListingPhoto.objects.get().image.name == old.image.name
