"""Import of marketplace listings (annunci): the coordinator for any member organisation, a
member contact for their own (marketplace/access.py). A listing is recognised by its
organisation and its title."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import Column, column_key
from ponte.imports.kinds import Actor, Row, in_chunks
from ponte.imports.writing import bulk_create_audited
from ponte.marketplace.access import can_manage_listing
from ponte.marketplace.forms import ListingForm
from ponte.marketplace.models import Listing
from ponte.marketplace.services import listing_save, listing_words, stored_words
from ponte.network.imports import ORGANISATION_HELP, OwnOrganisationKind
from ponte.network.models import Organisation


class ListingsImport(OwnOrganisationKind):
    slug = "listings"
    order = 50
    label = gettext_lazy("Marketplace listings")
    description = gettext_lazy(
        "Offers and requests of the marketplace, recognised by organisation and title."
    )
    model = Listing
    key_columns = ("titolo",)
    preload = ("municipality",)
    reuse_form = True
    columns = (
        Column("ente", "", ORGANISATION_HELP, kind="organisation", example="01234567897"),
        Column(
            "offerta_richiesta",
            "direction",
            gettext_lazy("Offer or request."),
            kind="choice",
            required=True,
            choices=Listing.Direction.choices,
            example="offer",
        ),
        Column(
            "modalita",
            "mode",
            gettext_lazy("Mode."),
            kind="choice",
            required=True,
            choices=Listing.Mode.choices,
            example="sale",
        ),
        Column(
            "categoria",
            "category",
            gettext_lazy("Category."),
            kind="choice",
            required=True,
            choices=Listing.Category.choices,
            example="good",
        ),
        Column(
            "titolo",
            "title",
            gettext_lazy(
                "Title (with the organisation, it recognises the listing when imported again)."
            ),
            required=True,
            example="Uova fresche",
        ),
        Column(
            "descrizione",
            "description",
            gettext_lazy("Description."),
            required=True,
            example="Uova di galline allevate a terra.",
        ),
        Column(
            "prezzo",
            "price",
            gettext_lazy("Price in euro, e.g. 3,50 (empty for a gift)."),
            kind="decimal",
            example="3,50",
        ),
        Column(
            "unita", "unit", gettext_lazy("Unit of the price, e.g. €/dozen."), example="€/dozzina"
        ),
        Column(
            "quantita",
            "quantity",
            gettext_lazy("Quantity, e.g. 30 dozen a week."),
            example="30 dozzine a settimana",
        ),
        Column(
            "comune",
            "municipality",
            gettext_lazy("Municipality of the district: name or ISTAT code."),
            kind="municipality",
            required=True,
            example="Cavalese",
        ),
        Column(
            "valido_fino_al",
            "valid_until",
            gettext_lazy("Valid until (dd/mm/yyyy), not in the past."),
            kind="date",
            required=True,
            example="31/12/2030",
        ),
        Column(
            "visibilita",
            "visibility",
            gettext_lazy("Visible to (default: members)."),
            kind="choice",
            choices=Listing.Visibility.choices,
            example="members",
        ),
    )

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        return can_manage_listing(actor.request, None)

    def parsers(self) -> dict[str, Any]:
        self.load_organisations(
            Organisation.objects.filter(is_active=True, relation=Organisation.Relation.MEMBER)
        )
        return {**super().parsers(), "ente": self.lookup.parse}

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        title = row.values.get("titolo")
        if not title:
            return None
        return (self.organisation_id(row), column_key(title))

    def prepare(self, rows: list[Row]) -> None:
        ids = {self.organisation_id(row) for row in rows} - {None}
        self.by_key: dict[tuple[Any, ...], Listing] = {}
        for chunk in in_chunks(ids):
            # With their photos: the form counts them.
            listings = Listing.objects.filter(organisation_id__in=chunk).prefetch_related("photos")
            for listing in listings.order_by("created_at"):
                self.by_key[(listing.organisation_id, column_key(listing.title))] = listing

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        return self.by_key.get(key)

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        organisation = self.check_organisation(row, others_allowed=self.actor.is_coordinator)
        row.extra["organisation"] = organisation
        if instance is not None and not can_manage_listing(self.actor.request, instance):  # type: ignore[arg-type]
            raise ValidationError({"titolo": _("You may not change this listing.")})

    def new_instance(self, row: Row) -> models.Model:
        return Listing(organisation=row.extra["organisation"])

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        instance.organisation = row.extra["organisation"]  # type: ignore[attr-defined]
        return ListingForm(data, instance=instance, choose_organisation=False)

    def create(self, rows: list[Row]) -> None:
        listings: list[Listing] = []
        for row in rows:
            listing: Listing = row.instance  # type: ignore[assignment]
            listing.created_by = self.actor.user
            listing.words = stored_words(listing_words(listing.title, listing.description))
            listings.append(listing)
        bulk_create_audited(Listing, listings, self.actor, self.batch_code)

    def change(self, row: Row) -> None:
        listing_save(listing=row.instance, by=self.actor.user)  # type: ignore[arg-type]
