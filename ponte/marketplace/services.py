"""Writes of the marketplace: listings with their photos, answers, exchanges and their
confirmations. Keyword-only, atomic and validating; a ValidationError carries the user's
message. Notifications go through network.notifications (in Ponte and by email), written in
the district's language."""

import io
import re
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from ponte.core.text import fold
from ponte.marketplace import selectors
from ponte.marketplace.models import MAX_PHOTOS, Answer, Exchange, Listing, ListingPhoto
from ponte.network.models import Membership, Organisation, Role, User
from ponte.network.notifications import in_district_language, notify

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Italian (and a few English) words that say nothing about what is offered or asked.
_STOP_WORDS_TEXT = """
    alla alle allo anche ancora avere base bene buon buona buone buoni come con cosa dalla
    dalle degli della delle dello dove essere fare ogni oltre ottimo ottima ottime ottimi
    perché però piccola piccole piccoli piccolo più poco presso quale quali quando quanto
    quella quelle quelli quello questa queste questi questo sono stato sulla sulle tipo tutta
    tutte tutti tutto ancora molto molti molte nostra nostre nostri nostro vostra vostro loro
    anno anni mese mesi settimana giorno giorni offre offriamo offerta cerca cerchiamo cercasi
    richiesta disponibile disponibili nuovo nuova nuovi nuove valle valli zona fiemme fassa
    euro circa with from that this have will your for
"""


STOP_WORDS = frozenset(fold(_STOP_WORDS_TEXT).split())
WORD = re.compile(r"[a-z]+")
MIN_WORD_LENGTH = 4
MAX_MATCH_WORDS = 30


# Words and matching ------------------------------------------------------------------------------


def listing_words(*texts: str) -> list[str]:
    """The normalised words of a listing, in order of appearance and without repetitions:
    lower case, accents removed, at least four letters, stop words left out. Offers and requests
    whose words overlap are matched (selectors.matching_listings)."""
    words: list[str] = []
    for word in WORD.findall(fold(" ".join(texts))):
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words


def stored_words(words: Sequence[str]) -> str:
    """Between spaces, so that `words LIKE '% uova %'` finds a whole word."""
    return f" {' '.join(words)} " if words else ""


def listing_authors(listings: Sequence[Listing]) -> dict[int, list[User]]:
    """For each listing, who hears about it: the member contacts of its organisation and
    whoever created it (maybe the coordinator). Two queries, whatever the number of listings."""
    contacts = organisation_contacts({listing.organisation_id for listing in listings})
    creators = User.objects.in_bulk({listing.created_by_id for listing in listings})
    return {
        listing.pk: [
            *contacts.get(listing.organisation_id, []),
            *([creators[listing.created_by_id]] if listing.created_by_id in creators else []),
        ]
        for listing in listings
    }


def organisation_contacts(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active member contacts of each organisation: who is told about its marketplace."""
    found: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in=list(organisation_ids),
        role=Role.MEMBER_CONTACT,
        is_active=True,
        user__is_active=True,
    ).select_related("user"):
        found.setdefault(membership.organisation_id, []).append(membership.user)
    return found


def _listing_url(listing: Listing) -> str:
    return reverse("marketplace:detail", args=[listing.code])


def _notify_matches(listing: Listing) -> int:
    """Tell both authors of each pair that a new listing matches an open one of the opposite
    direction: one notification to each side per pair."""
    matches = list(selectors.matching_listings(listing))
    if not matches:
        return 0
    authors = listing_authors([listing, *matches])
    for match in matches:
        notify(
            recipients=authors[listing.pk],
            text=in_district_language(
                _("Your listing “%(mine)s” matches “%(theirs)s” of %(organisation)s."),
                mine=listing.title,
                theirs=match.title,
                organisation=match.organisation.name,
            ),
            url=_listing_url(match),
        )
        notify(
            recipients=authors[match.pk],
            text=in_district_language(
                _("A new listing of %(organisation)s, “%(theirs)s”, matches your “%(mine)s”."),
                organisation=listing.organisation.name,
                theirs=listing.title,
                mine=match.title,
            ),
            url=_listing_url(listing),
        )
    return len(matches)


# Photos ------------------------------------------------------------------------------------------


def photo_content_type(upload: UploadedFile) -> str:
    """The MIME type of an uploaded photo, after checking that it is at most 5 MB and really a
    JPEG, PNG or WebP image: Pillow opens and verifies it, whatever its name says."""
    name = upload.name or _("the file")
    if upload.size is None or upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 5 MB: choose a smaller photo.") % {"name": name},
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # A picture of hundreds of millions of pixels in a few megabytes is a trap.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        raise _not_an_image(name) from None
    finally:
        upload.seek(0)
    if kind not in ListingPhoto.FORMATS:
        raise _not_an_image(name)
    return ListingPhoto.FORMATS[kind][0]


def _not_an_image(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP image.") % {"name": name}, code="not_an_image"
    )


# What each format keeps of the picture: JPEG has no transparency, WebP only RGB(A).
_MODES = {
    "JPEG": {"L": "L", "RGB": "RGB"},
    "PNG": {"1": "1", "L": "L", "LA": "LA", "RGB": "RGB", "RGBA": "RGBA", "P": "P"},
    "WEBP": {"RGB": "RGB", "RGBA": "RGBA"},
}
_SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 88},
}


def photo_without_metadata(content: IO[bytes], kind: str) -> bytes:
    """The picture of `content` (a JPEG, PNG or WebP image already checked), turned upright by
    its EXIF orientation and encoded again in the same format with nothing but the pixels: no
    EXIF (the GPS position, the camera, the date), no XMP, no ICC profile, no comments or text
    chunks. A photo taken with a phone says where it was taken; a listing must not."""
    content.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(content) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
    modes = _MODES[kind]
    if kind != "JPEG" and "transparency" in upright.info:
        # The transparent colour lives in the info, which does not go on: make it an alpha.
        upright = upright.convert("RGBA")
    if upright.mode not in modes:
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        wanted = "RGBA" if has_alpha and "RGBA" in modes else "RGB"
        upright = upright.convert(wanted)
    # Only the pixels (and a palette) go on: a new image carries no info of the old one.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    if upright.mode == "P":
        palette = upright.getpalette()
        if palette is not None:
            clean.putpalette(palette)
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format=kind, **_SAVE_OPTIONS[kind])
    return out.getvalue()


def photo_cleaned(upload: UploadedFile) -> tuple[ContentFile[bytes], str]:
    """An uploaded photo checked (photo_content_type) and encoded again without metadata
    (photo_without_metadata), with its MIME type. What is stored and served is this file,
    never the upload."""
    content_type = photo_content_type(upload)
    kind = next(k for k, (mime, _ext) in ListingPhoto.FORMATS.items() if mime == content_type)
    try:
        cleaned = photo_without_metadata(upload, kind)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
        raise _not_an_image(upload.name or _("the file")) from None
    finally:
        upload.seek(0)
    return ContentFile(cleaned), content_type


def _markers(content: bytes) -> tuple[set[str], set[str]]:
    """What an image file carries besides its pixels: the keys of Pillow's info and, for a JPEG,
    its APP segments (EXIF, XMP, ICC, Photoshop)."""
    with Image.open(io.BytesIO(content)) as image:
        applist = getattr(image, "applist", [])
        has_exif = len(image.getexif()) > 0
        keys = {str(key) for key in image.info} | ({"exif"} if has_exif else set())
        return keys, {marker for marker, _data in applist}


def _carries_more_than(original: bytes, cleaned: bytes) -> bool:
    """Whether `original` carries anything that `cleaned`, our own encoding of it, does not:
    encoding again a photo already clean would only lose quality."""
    original_keys, original_segments = _markers(original)
    cleaned_keys, cleaned_segments = _markers(cleaned)
    return not (original_keys <= cleaned_keys and original_segments <= cleaned_segments)


def stored_photos_cleaned() -> int:
    """Encode again, without metadata, every photo stored before uploads were cleaned (the
    command `clean_listing_photos`); returns how many files changed. The cleaned file is
    written next to the old one before the old one is deleted, so a failure loses nothing;
    running it again changes nothing."""
    changed = 0
    for photo in ListingPhoto.objects.select_related("listing").iterator():
        kind = next(
            (k for k, (mime, _ext) in ListingPhoto.FORMATS.items() if mime == photo.content_type),
            None,
        )
        if kind is None:
            continue
        try:
            with photo.image.open("rb") as handle:
                original = handle.read()
        except FileNotFoundError:
            continue
        try:
            cleaned = photo_without_metadata(io.BytesIO(original), kind)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning):
            continue
        if not _carries_more_than(original, cleaned):
            continue
        old = photo.image.name
        photo.image.save("photo", ContentFile(cleaned), save=False)
        photo.save(update_fields=["image", "updated_at"])
        default_storage.delete(old)
        changed += 1
    return changed


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _save_photos(
    listing: Listing, photos: Sequence[tuple[ContentFile[bytes], str]], start: int
) -> list[str]:
    written: list[str] = []
    try:
        for offset, (upload, content_type) in enumerate(photos):
            photo = ListingPhoto(
                listing=listing, content_type=content_type, position=start + offset
            )
            photo.image.save("photo", upload, save=False)
            written.append(photo.image.name)
            photo.save()
    except BaseException:
        _delete_files(written)
        raise
    return written


# Listings ----------------------------------------------------------------------------------------


def listing_save(
    *,
    listing: Listing,
    by: User,
    photos: Sequence[UploadedFile] = (),
    remove_photos: Sequence[ListingPhoto] = (),
) -> Listing:
    """Create or update a listing with its photos (at most three). A new open listing is matched
    with the open listings of the opposite direction, and both authors are notified. Nothing is
    saved, neither the listing nor any photo file, when anything is wrong."""
    written: list[str] = []
    try:
        with transaction.atomic():
            is_new = listing._state.adding
            if is_new:
                listing.created_by = by
            listing.words = stored_words(listing_words(listing.title, listing.description))
            listing.full_clean()
            kept = (
                [] if is_new else list(listing.photos.exclude(pk__in=[p.pk for p in remove_photos]))
            )
            if len(kept) + len(photos) > MAX_PHOTOS:
                raise ValidationError(
                    {"photos": _("A listing has at most %(max)d photos.") % {"max": MAX_PHOTOS}}
                )
            try:
                checked = [photo_cleaned(upload) for upload in photos]
            except ValidationError as error:
                raise ValidationError({"photos": error.messages}) from None
            listing.save()
            removed = [p.image.name for p in remove_photos if p.listing_id == listing.pk]
            ListingPhoto.objects.filter(
                pk__in=[p.pk for p in remove_photos], listing=listing
            ).delete()
            for position, photo in enumerate(kept):
                if photo.position != position:
                    photo.position = position
                    photo.save(update_fields=["position", "updated_at"])
            written = _save_photos(listing, checked, start=len(kept))
            transaction.on_commit(lambda: _delete_files(removed))
            if is_new and listing.is_active:
                _notify_matches(listing)
    except BaseException:
        _delete_files(written)
        raise
    return listing


@transaction.atomic
def listing_set_status(*, listing: Listing, status: str, by: User) -> Listing:
    """Close a listing, or reopen a closed one that has not expired."""
    if status not in Listing.Status.values:
        raise ValidationError(_("This is not a status of a listing."))
    if status == Listing.Status.OPEN and listing.is_expired:
        raise ValidationError(
            _("The listing has expired: edit it with a new date to publish it again.")
        )
    listing.status = status
    listing.save(update_fields=["status", "updated_at"])
    return listing


# Answers -----------------------------------------------------------------------------------------


def answer_create(
    *, listing: Listing, organisation: Organisation, by: User, message: str
) -> Answer:
    """Another organisation answers an active listing; the listing's authors are notified."""
    if organisation.pk == listing.organisation_id:
        raise ValidationError(_("You cannot answer a listing of your own organisation."))
    if not listing.is_active:
        raise ValidationError(_("The listing is no longer open: it cannot be answered."))
    answer = Answer(listing=listing, organisation=organisation, message=message, created_by=by)
    answer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            _("Your organisation has already answered this listing: wait for the answer.")
        ) from None
    notify(
        recipients=listing_authors([listing])[listing.pk],
        text=in_district_language(
            _("%(organisation)s has answered your listing “%(listing)s”."),
            organisation=organisation.name,
            listing=listing.title,
        ),
        url=_listing_url(listing),
    )
    return answer


@transaction.atomic
def answer_decide(*, answer: Answer, by: User, accept: bool) -> Answer:
    """The listing's author accepts or declines a pending answer; the answering organisation is
    notified (and, when accepted, invited to record the exchange)."""
    locked = Answer.objects.select_for_update().get(pk=answer.pk)
    if locked.status != Answer.Status.PENDING:
        raise ValidationError(_("This answer has already been decided."))
    answer.status = Answer.Status.ACCEPTED if accept else Answer.Status.DECLINED
    answer.decided_by = by
    answer.decided_at = timezone.now()
    answer.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    listing = answer.listing
    message = (
        _("%(organisation)s has accepted your answer to “%(listing)s”.")
        if accept
        else _("%(organisation)s has declined your answer to “%(listing)s”.")
    )
    recipients = [*organisation_contacts([answer.organisation_id]).get(answer.organisation_id, [])]
    recipients.append(answer.created_by)
    notify(
        recipients=recipients,
        text=in_district_language(
            message, organisation=listing.organisation.name, listing=listing.title
        ),
        url=_listing_url(listing),
    )
    return answer


def exchange_initial(answer: Answer) -> dict[str, object]:
    """What an accepted answer tells of the exchange that follows: who gives (the author of an
    offer, the answerer of a request), what, its value (the price; 0 for a gift)."""
    listing = answer.listing
    offer = listing.direction == Listing.Direction.OFFER
    giver, receiver = (
        (listing.organisation, answer.organisation)
        if offer
        else (answer.organisation, listing.organisation)
    )
    gift = listing.mode == Listing.Mode.GIFT
    return {
        "giver": giver,
        "receiver": receiver,
        "what": listing.title,
        "value": Decimal(0) if gift else listing.price,
        "is_gift": gift,
        "exchanged_on": timezone.localdate(),
    }


# Exchanges ---------------------------------------------------------------------------------------


def _exchange_url(exchange: Exchange) -> str:
    return reverse("marketplace:exchange", args=[exchange.code])


@transaction.atomic
def exchange_record(
    *, exchange: Exchange, by: User, for_organisation: Organisation | None
) -> Exchange:
    """Record an exchange. The side of `for_organisation` (the recorder's organisation, None for
    the coordinator recording for others) is confirmed at once; the other side is notified and
    confirms theirs. An exchange of a gift listing is a gift, worth 0 €."""
    exchange.recorded_by = by
    if (
        exchange.listing_id
        and exchange.listing is not None
        and exchange.listing.mode == (Listing.Mode.GIFT)
    ):
        exchange.is_gift = True
        exchange.value = Decimal(0)
    exchange.full_clean()
    side = exchange.side_of(for_organisation.pk) if for_organisation is not None else None
    if for_organisation is not None and side is None:
        raise ValidationError(
            _("Your organisation must be the one that gave or the one that received.")
        )
    now = timezone.now()
    if side == Exchange.Side.GIVER:
        exchange.giver_confirmed_at, exchange.giver_confirmed_by = now, by
    elif side == Exchange.Side.RECEIVER:
        exchange.receiver_confirmed_at, exchange.receiver_confirmed_by = now, by
    exchange.save()
    others = [
        organisation_id
        for organisation_id in (exchange.giver_id, exchange.receiver_id)
        if for_organisation is None or organisation_id != for_organisation.pk
    ]
    contacts = organisation_contacts(others)
    notify(
        recipients=[
            user for organisation_id in others for user in contacts.get(organisation_id, [])
        ],
        text=in_district_language(
            _(
                "An exchange between %(giver)s and %(receiver)s has been recorded: “%(what)s”. "
                "Please confirm it."
            ),
            giver=exchange.giver.name,
            receiver=exchange.receiver.name,
            what=exchange.what,
        ),
        url=_exchange_url(exchange),
    )
    return exchange


@transaction.atomic
def exchange_confirm(*, exchange: Exchange, side: str, by: User) -> Exchange:
    """Confirm one side of an exchange. Once both sides have, it counts in every figure; the
    other side is told."""
    if side not in Exchange.Side.values:
        raise ValidationError(_("This is not a side of the exchange."))
    locked = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if locked.is_confirmed_by(side):
        raise ValidationError(_("This side of the exchange has already been confirmed."))
    now = timezone.now()
    if side == Exchange.Side.GIVER:
        exchange.giver_confirmed_at, exchange.giver_confirmed_by = now, by
        fields = ["giver_confirmed_at", "giver_confirmed_by"]
        other_id = exchange.receiver_id
    else:
        exchange.receiver_confirmed_at, exchange.receiver_confirmed_by = now, by
        fields = ["receiver_confirmed_at", "receiver_confirmed_by"]
        other_id = exchange.giver_id
    # The other side's confirmation may have come in the meantime.
    exchange.giver_confirmed_at = exchange.giver_confirmed_at or locked.giver_confirmed_at
    exchange.receiver_confirmed_at = exchange.receiver_confirmed_at or locked.receiver_confirmed_at
    exchange.save(update_fields=[*fields, "updated_at"])
    if exchange.is_confirmed:
        text = _("The exchange “%(what)s” is confirmed by both sides: it now counts.")
    else:
        text = _("The exchange “%(what)s” has been confirmed by the other side.")
    notify(
        recipients=organisation_contacts([other_id]).get(other_id, []),
        text=in_district_language(text, what=exchange.what),
        url=_exchange_url(exchange),
    )
    return exchange
