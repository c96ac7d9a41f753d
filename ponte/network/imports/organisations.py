"""Import of organisations (enti): the coordinator brings in the district's register of members.

An organisation is recognised by its VAT number, or by its fiscal code when it has none: a row
with either that Ponte already knows changes that organisation, any other row creates one."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import ChoiceLookup, Column, split_list
from ponte.imports.kinds import Actor, Row, in_chunks
from ponte.imports.writing import attach_m2m_pks, bulk_create_audited, m2m_bulk_set
from ponte.network.forms import OrganisationForm
from ponte.network.imports import NetworkImportKind
from ponte.network.models import Organisation, Sector
from ponte.network.services import organisation_save
from ponte.network.validators import normalise_fiscal_code, normalise_vat_number


class OrganisationImportForm(OrganisationForm):
    """The coordinator's form. The VAT number is not looked up once per row: the import has
    read every known number at once and matched the row with its organisation."""

    def clean_vat_number(self) -> str:
        return normalise_vat_number(self.cleaned_data["vat_number"])

    def validate_unique(self) -> None:
        return None


class OrganisationsImport(NetworkImportKind):
    slug = "organisations"
    order = 10
    label = gettext_lazy("Organisations")
    description = gettext_lazy(
        "Members, funders and partners of the district, recognised by VAT number or fiscal code."
    )
    model = Organisation
    key_columns = ("partita_iva", "codice_fiscale")
    preload = ("municipality", "sectors")
    reuse_form = True
    columns = (
        Column(
            "nome",
            "name",
            gettext_lazy("Name of the organisation."),
            required=True,
            example="Cooperativa sociale Esempio",
        ),
        Column(
            "tipo",
            "kind",
            gettext_lazy("Kind of organisation."),
            kind="choice",
            required=True,
            choices=Organisation.Kind.choices,
            example="social_coop_b",
        ),
        Column(
            "relazione",
            "relation",
            gettext_lazy("Relation with the district (default: member)."),
            kind="choice",
            choices=Organisation.Relation.choices,
            example="member",
        ),
        Column(
            "partita_iva",
            "vat_number",
            gettext_lazy(
                "VAT number (11 digits). It or the fiscal code is required: it "
                "recognises the organisation when the file is imported again."
            ),
            example="01234567897",
        ),
        Column(
            "codice_fiscale",
            "fiscal_code",
            gettext_lazy("Fiscal code, for organisations without a VAT number."),
            example="",
        ),
        Column(
            "comune",
            "municipality",
            gettext_lazy(
                "Municipality of the district: name or ISTAT code. Empty for "
                "organisations based outside the district."
            ),
            kind="municipality",
            example="Cavalese",
        ),
        Column("indirizzo", "address", gettext_lazy("Address."), example="Via Roma 1"),
        Column("sito_web", "website", gettext_lazy("Website."), example="www.esempio.it"),
        Column("email", "email", gettext_lazy("Email."), example="info@esempio.it"),
        Column("telefono", "phone", gettext_lazy("Phone."), example="0462 000000"),
        Column("descrizione", "description", gettext_lazy("Description."), example=""),
        Column(
            "socio_dal",
            "member_since",
            gettext_lazy("Member of the district since (dd/mm/yyyy)."),
            kind="date",
            example="01/01/2020",
        ),
        Column(
            "dipendenti",
            "employees",
            gettext_lazy("Number of employees (companies: Law 68/1999 quota)."),
            kind="integer",
            example="12",
        ),
        Column(
            "pubblico",
            "is_public",
            gettext_lazy("Public in the directory: sì or no (default: sì)."),
            kind="boolean",
            example="sì",
        ),
        Column(
            "settori",
            "sectors",
            gettext_lazy("Sectors, separated by commas."),
            kind="sectors",
            choices=Sector.Code.choices,
            example="catering, training",
        ),
    )

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        return actor.is_coordinator

    def parsers(self) -> dict[str, Any]:
        parsers = super().parsers()
        lookup = ChoiceLookup(Sector.Code.choices)
        sector_pks = dict(Sector.objects.values_list("code", "pk"))

        def sectors(value: object) -> list[int]:
            found = []
            for part in split_list(value):
                code = lookup.get(part)
                if code is None or code not in sector_pks:
                    raise ValidationError(
                        _("“%(value)s” is not a sector of Ponte."), params={"value": part}
                    )
                found.append(sector_pks[code])
            return found

        def vat(value: object) -> str:
            return normalise_vat_number(parsers["partita_iva"](value))

        def fiscal(value: object) -> str:
            return normalise_fiscal_code(parsers["codice_fiscale"](value))

        return {**parsers, "settori": sectors, "partita_iva": vat, "codice_fiscale": fiscal}

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        if row.values.get("partita_iva"):
            return ("vat", row.values["partita_iva"])
        if row.values.get("codice_fiscale"):
            return ("fiscal", row.values["codice_fiscale"])
        return None

    def prepare(self, rows: list[Row]) -> None:
        vats = {r.values["partita_iva"] for r in rows if r.values.get("partita_iva")}
        fiscal = {r.values["codice_fiscale"] for r in rows if r.values.get("codice_fiscale")}
        self.by_vat: dict[str, Organisation] = {}
        self.by_fiscal: dict[str, Organisation] = {}
        for chunk in in_chunks(vats):
            for organisation in Organisation.objects.filter(vat_number__in=chunk):
                self.by_vat[organisation.vat_number] = organisation
        for chunk in in_chunks(fiscal):
            for organisation in Organisation.objects.filter(fiscal_code__in=chunk):
                self.by_fiscal.setdefault(organisation.fiscal_code, organisation)
        found = {o.pk: o for o in [*self.by_vat.values(), *self.by_fiscal.values()]}
        attach_m2m_pks(Organisation, "sectors", found.values())

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        found = self.by_vat.get(row.values.get("partita_iva") or "")
        return found or self.by_fiscal.get(row.values.get("codice_fiscale") or "")

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        if not row.values.get("partita_iva") and not row.values.get("codice_fiscale"):
            raise ValidationError(
                {
                    "partita_iva": _(
                        "Write the VAT number or the fiscal code: they recognise the "
                        "organisation when the file is imported again."
                    )
                }
            )

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        return OrganisationImportForm(data, instance=instance)

    def create(self, rows: list[Row]) -> None:
        created = bulk_create_audited(
            Organisation,
            [row.instance for row in rows if row.instance],
            self.actor,
            self.batch_code,
        )
        m2m_bulk_set(
            Organisation,
            "sectors",
            (
                (obj.pk, row.form.cleaned_data.get("sectors") or [])  # type: ignore[union-attr]
                for obj, row in zip(created, rows, strict=True)
            ),
        )

    def change(self, row: Row) -> None:
        assert row.form is not None
        sectors = row.form.cleaned_data.get("sectors") if "sectors" in row.form.fields else None
        organisation_save(
            organisation=row.instance,  # type: ignore[arg-type]
            sectors=list(sectors) if sectors is not None else None,
        )
