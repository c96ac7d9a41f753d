"""Helpers of the marketplace tests: listings and exchanges made through the ORM, the data of
the forms, photos made with Pillow, the addresses of the pages."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from ponte.core.tests.helpers import CAVALESE
from ponte.marketplace.models import Exchange, Listing
from ponte.marketplace.services import listing_words, stored_words
from ponte.network.models import Municipality, Organisation, User

LIST = "/mercato/"
NEW = "/mercato/nuovo/"
EXCHANGES = "/mercato/scambi/"
NEW_EXCHANGE = "/mercato/scambi/nuovo/"
COMPANY = "/mercato/azienda/"
CATALOGUE = "/catalogo/"

LATER = date.today() + timedelta(days=60)


def page(listing: Listing) -> str:
    return f"/mercato/{listing.code}/"


def edit(listing: Listing) -> str:
    return f"/mercato/{listing.code}/modifica/"


def status(listing: Listing) -> str:
    return f"/mercato/{listing.code}/stato/"


def answer_url(listing: Listing) -> str:
    return f"/mercato/{listing.code}/risposta/"


def decide_url(answer) -> str:
    return f"/mercato/risposte/{answer.code}/decisione/"


def organisation_page(organisation: Organisation) -> str:
    return f"/mercato/organizzazioni/{organisation.code}/"


def exchange_page(exchange: Exchange) -> str:
    return f"/mercato/scambi/{exchange.code}/"


def confirm_url(exchange: Exchange) -> str:
    return f"/mercato/scambi/{exchange.code}/conferma/"


def make_listing(
    organisation: Organisation,
    created_by: User,
    *,
    title: str = "Uova fresche di galline all'aperto",
    description: str = "Uova raccolte ogni mattina.",
    municipality: str = CAVALESE,
    **fields: object,
) -> Listing:
    """A listing of `organisation`, straight through the ORM (the municipalities must be
    loaded): an open public offer for sale of goods unless told otherwise."""
    values: dict[str, object] = {
        "direction": Listing.Direction.OFFER,
        "mode": Listing.Mode.SALE,
        "category": Listing.Category.GOOD,
        "price": Decimal("4.50"),
        "unit": "€/dozzina",
        "valid_until": LATER,
        "visibility": Listing.Visibility.PUBLIC,
        **fields,
    }
    return Listing.objects.create(
        organisation=organisation,
        created_by=created_by,
        title=title,
        description=description,
        municipality=Municipality.objects.get(istat_code=municipality),
        words=stored_words(listing_words(title, description)),
        **values,
    )


def make_exchange(
    giver: Organisation,
    receiver: Organisation,
    recorded_by: User,
    *,
    value: str = "100",
    confirmed: tuple[bool, bool] = (True, True),
    **fields: object,
) -> Exchange:
    now = timezone.now()
    return Exchange.objects.create(
        giver=giver,
        receiver=receiver,
        recorded_by=recorded_by,
        what=fields.pop("what", "Uova"),
        value=Decimal(value),
        exchanged_on=fields.pop("exchanged_on", date.today()),
        giver_confirmed_at=now if confirmed[0] else None,
        giver_confirmed_by=recorded_by if confirmed[0] else None,
        receiver_confirmed_at=now if confirmed[1] else None,
        receiver_confirmed_by=recorded_by if confirmed[1] else None,
        **fields,
    )


def listing_data(**changes: object) -> dict:
    """What the listing form posts for a good offer in Cavalese (no organisation: add it for
    the coordinator). A changed value of None leaves the field out."""
    data: dict[str, object] = {
        "direction": Listing.Direction.OFFER,
        "mode": Listing.Mode.SALE,
        "category": Listing.Category.GOOD,
        "title": "Uova fresche",
        "description": "Uova di galline allevate all'aperto, consegna settimanale.",
        "price": "4.50",
        "unit": "€/dozzina",
        "quantity": "30 dozzine a settimana",
        "municipality": Municipality.objects.get(istat_code=CAVALESE).pk,
        "valid_until": LATER.isoformat(),
        "visibility": Listing.Visibility.PUBLIC,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def image_bytes(kind: str = "JPEG", size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=kind)
    return buffer.getvalue()


def photo(name: str = "uova.jpg", kind: str = "JPEG", content: bytes | None = None):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(kind))


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []
