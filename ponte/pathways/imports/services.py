"""Import of the services of the chain (servizi della filiera): the coordinator for any
organisation, a case worker for their own (pathways/access.py). A service is recognised by its
provider and its name."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import Column, column_key, level_parser
from ponte.imports.kinds import Actor, Row, in_chunks
from ponte.imports.writing import attach_m2m_pks, bulk_create_audited, m2m_bulk_set
from ponte.network.imports import ORGANISATION_HELP, OwnOrganisationKind
from ponte.network.models import Organisation
from ponte.pathways.access import can_manage_service
from ponte.pathways.forms.placements import ServiceForm
from ponte.pathways.models import Level, Service
from ponte.pathways.services import service_save


class ServicesImport(OwnOrganisationKind):
    slug = "services"
    order = 30
    label = gettext_lazy("Services of the chain")
    description = gettext_lazy(
        "Pre-work activities, laboratories, training…, recognised by provider and name."
    )
    model = Service
    key_columns = ("nome",)
    preload = ("municipality", "levels")
    reuse_form = True
    columns = (
        Column("ente", "", ORGANISATION_HELP, kind="organisation", example="01234567897"),
        Column(
            "nome",
            "name",
            gettext_lazy(
                "Name of the service (with the provider, it "
                "recognises the service when imported again)."
            ),
            required=True,
            example="Laboratorio di falegnameria",
        ),
        Column(
            "tipo",
            "kind",
            gettext_lazy("Kind of service."),
            kind="choice",
            required=True,
            choices=Service.Kind.choices,
            example="laboratory",
        ),
        Column("descrizione", "description", gettext_lazy("Description."), example=""),
        Column(
            "livelli",
            "levels",
            gettext_lazy("Levels served, numbers separated by commas, e.g. 1, 2."),
            kind="levels",
            required=True,
            example="1, 2",
        ),
        Column(
            "posti",
            "places",
            gettext_lazy("Places (at least 1)."),
            kind="integer",
            required=True,
            example="6",
        ),
        Column(
            "orari",
            "schedule",
            gettext_lazy("Schedule, e.g. Monday to Friday, 9–13."),
            example="lun-ven 9-13",
        ),
        Column(
            "comune",
            "municipality",
            gettext_lazy("Municipality of the district: name or ISTAT code."),
            kind="municipality",
            required=True,
            example="Predazzo",
        ),
        Column(
            "attivo",
            "is_active",
            gettext_lazy("Active: sì or no (default: sì)."),
            kind="boolean",
            example="sì",
        ),
    )

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        return can_manage_service(actor.request, None)

    def parsers(self) -> dict[str, Any]:
        self.load_organisations(Organisation.objects.filter(is_active=True))
        levels = dict(Level.objects.values_list("number", "pk"))
        return {
            **super().parsers(),
            "ente": self.lookup.parse,
            "livelli": level_parser(levels, many=True),
        }

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        name = row.values.get("nome")
        return (self.organisation_id(row), column_key(name)) if name else None

    def prepare(self, rows: list[Row]) -> None:
        ids = {self.organisation_id(row) for row in rows} - {None}
        self.by_key: dict[tuple[Any, ...], Service] = {}
        for chunk in in_chunks(ids):
            for service in Service.objects.filter(provider_id__in=chunk):
                self.by_key.setdefault((service.provider_id, column_key(service.name)), service)
        attach_m2m_pks(Service, "levels", self.by_key.values())

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        return self.by_key.get(key)

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        row.extra["provider"] = self.check_organisation(
            row, others_allowed=self.actor.is_coordinator
        )
        if instance is not None and not can_manage_service(self.actor.request, instance):  # type: ignore[arg-type]
            raise ValidationError({"nome": _("You may not change this service.")})

    def new_instance(self, row: Row) -> models.Model:
        return Service(provider=row.extra["provider"])

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        instance.provider = row.extra["provider"]  # type: ignore[attr-defined]
        return ServiceForm(data, instance=instance, choose_provider=False)

    def create(self, rows: list[Row]) -> None:
        created = bulk_create_audited(
            Service, [row.instance for row in rows if row.instance], self.actor, self.batch_code
        )
        m2m_bulk_set(
            Service,
            "levels",
            (
                (obj.pk, row.form.cleaned_data["levels"])  # type: ignore[union-attr]
                for obj, row in zip(created, rows, strict=True)
            ),
        )

    def change(self, row: Row) -> None:
        assert row.form is not None
        levels = row.form.cleaned_data.get("levels")
        service: Service = row.instance  # type: ignore[assignment]
        service_save(service=service, levels=levels if levels is not None else service.levels.all())
