"""The solidarity marketplace (mercato solidale): listings of offers and requests, the answers
other members give them, and the exchanges that follow, with their value.

A listing has no "expired" status stored anywhere: it is no longer active from the day after its
valid-until date, which every list checks against today's date. So listings expire by
themselves, with no scheduled job, and the status a page shows is derived (`shown_status`)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ponte.core.models import CodedModel
from ponte.network.models import Municipality, Organisation

MAX_PHOTOS = 3


class Listing(CodedModel):
    """An offer or a request (annuncio) of an organisation of the district."""

    class Direction(models.TextChoices):
        OFFER = "offer", _("Offer")
        REQUEST = "request", _("Request")

    class Mode(models.TextChoices):
        SALE = "sale", _("Sale")
        EXCHANGE = "exchange", _("Exchange")
        GIFT = "gift", _("Gift")
        LOAN = "loan", _("Loan")

    class Category(models.TextChoices):
        GOOD = "good", _("Goods")
        SERVICE = "service", _("Services")
        INFORMATION = "information", _("Information")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members of the district")
        PUBLIC = "public", _("Everyone (public catalogue)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # Not stored: what a page shows for an open listing past its valid-until date.
    EXPIRED = "expired"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("organisation"),
    )
    direction = models.CharField(_("offer or request"), max_length=10, choices=Direction.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    price = models.DecimalField(
        _("price (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("The price cannot be negative."))],
    )
    unit = models.CharField(
        _("unit of the price"),
        max_length=40,
        blank=True,
        help_text=_("For example “€/dozen”, “€/hour”, “€/kg”."),
    )
    quantity = models.CharField(
        _("quantity"),
        max_length=60,
        blank=True,
        help_text=_("For example “30 dozen a week”, “2 days”."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="listings",
        verbose_name=_("municipality"),
    )
    valid_until = models.DateField(_("valid until"))
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The normalised words of the title and description (services.listing_words), between
    # spaces: matching offers and requests is then a LIKE '% word %' in SQL.
    words = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="listing_price_not_negative",
            ),
        ]
        indexes = [
            # The newest-first pages, searched or not, and their capped count
            # (core.pagination): the database walks the open listings in date order and stops
            # at the page's last row, instead of sorting them all.
            models.Index(fields=["status", "created_at", "id"], name="listing_open_newest"),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.valid_until and self.valid_until < date.today():
            errors["valid_until"] = _("The date cannot be in the past.")
        if self.mode == self.Mode.GIFT and self.price:
            errors["price"] = _("A gift has no price: leave it empty.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_expired(self) -> bool:
        return self.valid_until < date.today()

    @property
    def is_active(self) -> bool:
        """Open and not past its date: listed, answerable."""
        return self.status == self.Status.OPEN and not self.is_expired

    @property
    def shown_status(self) -> str:
        if self.status == self.Status.OPEN and self.is_expired:
            return self.EXPIRED
        return str(self.status)

    @property
    def shown_status_label(self) -> str:
        if self.shown_status == self.EXPIRED:
            return str(_("Expired"))
        return str(self.get_status_display())


def photo_path(photo: "ListingPhoto", filename: str) -> str:
    """Under the listing's code, with a random name and the extension of the format Pillow found
    (never the uploaded name: it may say anything)."""
    return f"marketplace/{photo.listing.code}/{photo.code}.{photo.extension}"


class ListingPhoto(CodedModel):
    """Up to three photos of a listing. Served by a view that applies the listing's visibility
    (views.photo), never as public media files."""

    FORMATS = {
        "JPEG": ("image/jpeg", "jpg"),
        "PNG": ("image/png", "png"),
        "WEBP": ("image/webp", "webp"),
    }

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="photos", verbose_name=_("listing")
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.listing} · {self.position + 1}"

    @property
    def extension(self) -> str:
        return next(
            (ext for mime, ext in self.FORMATS.values() if mime == self.content_type), "bin"
        )


class Answer(CodedModel):
    """An organisation's answer to another organisation's listing (risposta). The listing's
    author accepts or declines it; an organisation has at most one pending answer per listing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="answers", verbose_name=_("listing")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="listing_answers",
        verbose_name=_("organisation"),
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_answer_per_organisation_and_listing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.listing}"


class ExchangeQuerySet(models.QuerySet["Exchange"]):
    def confirmed(self) -> "ExchangeQuerySet":
        """The exchanges that count in every figure: confirmed by both sides."""
        return self.filter(giver_confirmed_at__isnull=False, receiver_confirmed_at__isnull=False)


class Exchange(CodedModel):
    """Something one organisation gave another (scambio), with its value in euro (0 for a
    gift). It counts in the figures only once both sides have confirmed it."""

    class Side(models.TextChoices):
        GIVER = "giver", _("Giver")
        RECEIVER = "receiver", _("Receiver")

    giver = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="exchanges_given",
        verbose_name=_("who gave"),
    )
    receiver = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="exchanges_received",
        verbose_name=_("who received"),
    )
    what = models.CharField(_("what"), max_length=200)
    value = models.DecimalField(
        _("value (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("The value cannot be negative."))],
    )
    is_gift = models.BooleanField(_("gift"), default=False)
    exchanged_on = models.DateField(_("date"))
    listing = models.ForeignKey(
        Listing,
        on_delete=models.SET_NULL,
        related_name="exchanges",
        verbose_name=_("listing"),
        null=True,
        blank=True,
    )
    answer = models.ForeignKey(
        Answer,
        on_delete=models.SET_NULL,
        related_name="exchanges",
        verbose_name=_("answer"),
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    giver_confirmed_at = models.DateTimeField(null=True, blank=True)
    giver_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    receiver_confirmed_at = models.DateTimeField(null=True, blank=True)
    receiver_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-exchanged_on", "-id"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="exchange_value_not_negative"),
            models.CheckConstraint(
                condition=Q(is_gift=False) | Q(value=0), name="exchange_gift_is_worth_nothing"
            ),
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")), name="exchange_between_two_organisations"
            ),
        ]
        indexes = [models.Index(fields=["exchanged_on"])]

    def __str__(self) -> str:
        return f"{self.what} · {self.giver} → {self.receiver}"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.exchanged_on and self.exchanged_on > date.today():
            errors["exchanged_on"] = _("The date cannot be in the future.")
        if self.giver_id and self.giver_id == self.receiver_id:
            errors["receiver"] = _("The giver and the receiver must be two organisations.")
        if self.is_gift and self.value:
            errors["value"] = _("A gift is worth 0 €.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_confirmed(self) -> bool:
        return self.giver_confirmed_at is not None and self.receiver_confirmed_at is not None

    def side_of(self, organisation_id: int | None) -> str | None:
        if organisation_id == self.giver_id:
            return self.Side.GIVER
        if organisation_id == self.receiver_id:
            return self.Side.RECEIVER
        return None

    def is_confirmed_by(self, side: str) -> bool:
        if side == self.Side.GIVER:
            return self.giver_confirmed_at is not None
        return self.receiver_confirmed_at is not None
