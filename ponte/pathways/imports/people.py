"""Import of people in a pathway, with their consents: only a case worker, into their own
organisation (docs/privacy.md, "Roles": the coordinator does not see identity). The importer
becomes the case manager of the people the file brings in, and is in their care team.

A person is recognised by their fiscal code, which is therefore required: Ponte keeps no other
identifier that a spreadsheet could carry from one import to the next, and a person imported
twice under two names would split their history. The fiscal code (without spaces, in capitals)
is looked up among the importing organisation's people only, so the import never reveals
whether another organisation follows someone: a person the importer follows is updated; one
their organisation has but they do not follow (a colleague's case, a referral waiting) is
refused with a row error, rather than silently made a second time.

One row is one person and (optionally) one consent; a person with several consents is written on
several rows with the same fiscal code, the person's columns repeated identically. A consent is
recognised by person, purpose and the day it was given."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Replace, Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import Column, level_parser
from ponte.imports.kinds import CHANGE, Actor, Row, RowError, in_chunks
from ponte.network.imports import NetworkImportKind
from ponte.network.models import Role
from ponte.network.validators import normalise_fiscal_code
from ponte.pathways import services
from ponte.pathways.access import care_team_people
from ponte.pathways.forms.people import ConsentForm, PersonForm
from ponte.pathways.models import Consent, Level, LevelChange, Person
from ponte.pathways.selectors.referrals import fiscal_code_key

CONSENT_COLUMNS = {
    "consenso_finalita": "purpose",
    "consenso_dal": "given_on",
    "consenso_scadenza": "expires_on",
    "consenso_documento": "document_reference",
}


class PeopleImport(NetworkImportKind):
    slug = "people"
    order = 20
    label = gettext_lazy("People in a pathway, with their consents")
    description = gettext_lazy(
        "The people your organisation follows, recognised by fiscal code; you become their "
        "case manager. One consent per row: repeat the person on more rows for more consents."
    )
    model = Person
    key_columns = ("codice_fiscale", "consenso_finalita")
    preload = ("municipality",)
    one_row_per_object = False
    columns = (
        Column(
            "codice_fiscale",
            "fiscal_code",
            gettext_lazy(
                "Fiscal code (required: it recognises the person when the file is imported again)."
            ),
            required=True,
            example="RSSMRA80A01H501U",
        ),
        Column("nome", "first_name", gettext_lazy("First name."), required=True, example="Mario"),
        Column("cognome", "last_name", gettext_lazy("Last name."), required=True, example="Rossi"),
        Column(
            "data_nascita",
            "birth_date",
            gettext_lazy("Birth date (dd/mm/yyyy)."),
            kind="date",
            example="01/01/1980",
        ),
        Column("email", "email", gettext_lazy("Email."), example=""),
        Column("telefono", "phone", gettext_lazy("Phone."), example=""),
        Column("indirizzo", "address", gettext_lazy("Address."), example=""),
        Column(
            "base_svantaggio",
            "basis",
            gettext_lazy("Basis of disadvantage."),
            kind="choice",
            required=True,
            choices=Person.Basis.choices,
            example="uncertified",
        ),
        Column(
            "invalidita_percentuale",
            "invalidity_percent",
            gettext_lazy("Invalidity (%), for Law 68/1999."),
            kind="integer",
            example="",
        ),
        Column(
            "comune",
            "municipality",
            gettext_lazy("Municipality of the district: name or ISTAT code."),
            kind="municipality",
            required=True,
            example="Cavalese",
        ),
        Column("lingue", "languages", gettext_lazy("Languages."), example="italiano"),
        Column(
            "patente",
            "driving_licence",
            gettext_lazy("Driving licence: sì or no."),
            kind="boolean",
            example="no",
        ),
        Column(
            "mezzo_proprio",
            "own_transport",
            gettext_lazy("Own means of transport: sì or no."),
            kind="boolean",
            example="no",
        ),
        Column(
            "ore_settimanali",
            "hours_per_week",
            gettext_lazy("Available hours per week (default 20)."),
            kind="integer",
            example="20",
        ),
        Column(
            "giorni_disponibili",
            "available_days",
            gettext_lazy("Available days, separated by commas: lun, mar, mer, gio, ven, sab, dom."),
            kind="days",
            example="lun, mar, mer",
        ),
        Column("competenze", "skills", gettext_lazy("Skills."), example=""),
        Column("interessi", "interests", gettext_lazy("Interests and preferences."), example=""),
        Column(
            "livello",
            "",
            gettext_lazy(
                "Current level of work functioning (a number; new people only, default the lowest)."
            ),
            kind="level",
            example="1",
        ),
        Column(
            "percorso_aperto_il",
            "",
            gettext_lazy("Pathway opened on (dd/mm/yyyy; new people only, default today)."),
            kind="date",
            example="15/01/2026",
        ),
        Column(
            "consenso_finalita",
            "",
            gettext_lazy("Purpose of the consent (optional)."),
            kind="choice",
            choices=Consent.Purpose.choices,
            example="pathway",
        ),
        Column(
            "consenso_dal",
            "",
            gettext_lazy("Consent given on (dd/mm/yyyy)."),
            kind="date",
            example="15/01/2026",
        ),
        Column(
            "consenso_scadenza",
            "",
            gettext_lazy("Consent expires on (dd/mm/yyyy; empty if it does not expire)."),
            kind="date",
            example="",
        ),
        Column(
            "consenso_documento",
            "",
            gettext_lazy("Where the signed consent is kept, e.g. its protocol number."),
            example="Prot. 123/2026",
        ),
    )

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        return actor.role == Role.CASE_WORKER

    def parsers(self) -> dict[str, Any]:
        parsers = super().parsers()
        levels = dict(Level.objects.values_list("number", "pk"))
        self.lowest_level = Level.objects.order_by("number").first()

        def fiscal(value: object) -> str:
            return normalise_fiscal_code(parsers["codice_fiscale"](value)).upper()

        return {
            **parsers,
            "codice_fiscale": fiscal,
            "livello": level_parser(levels, many=False),
        }

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        fiscal_code = row.values.get("codice_fiscale")
        if not fiscal_code:
            return None
        return (fiscal_code, row.values.get("consenso_finalita") or "")

    def prepare(self, rows: list[Row]) -> None:
        codes = {row.values["codice_fiscale"] for row in rows if row.values.get("codice_fiscale")}
        self.people: dict[str, Person] = {}
        # Fiscal codes of the importer's own organisation that they do not follow (a colleague's
        # care team, a referral waiting): importing them would silently make a second record.
        self.known_to_colleagues: set[str] = set()
        mine = set(care_team_people(self.actor.user).values_list("pk", flat=True))
        ours = Person.objects.filter(
            organisation_id=self.actor.organisation.pk, anonymised_on__isnull=True
        ).annotate(fiscal_code_key=Upper(Replace(F("fiscal_code"), Value(" "), Value(""))))
        for chunk in in_chunks(codes):
            for person in ours.filter(fiscal_code_key__in=chunk).order_by("created_at"):
                key = fiscal_code_key(person.fiscal_code)
                if person.pk in mine:
                    self.people.setdefault(key, person)
                else:
                    self.known_to_colleagues.add(key)
        self.consents: dict[tuple[int, str, date], Consent] = {}
        for chunk in in_chunks([p.pk for p in self.people.values()]):
            for consent in Consent.objects.filter(person_id__in=chunk):
                self.consents[(consent.person_id, consent.purpose, consent.given_on)] = consent
        self.first_rows: dict[str, Row] = {}

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        return self.people.get(key[0])

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        fiscal_code = row.values["codice_fiscale"]
        if instance is None and fiscal_code in self.known_to_colleagues:
            raise ValidationError(
                {
                    "codice_fiscale": _(
                        "Your organisation already has a record with this fiscal code, followed "
                        "by colleagues or with a referral waiting for a decision: ask to join its "
                        "care team, or decide the referral, rather than importing the person "
                        "again."
                    )
                }
            )
        first = self.first_rows.setdefault(fiscal_code, row)
        if first is row:
            return
        person_columns = [c.key for c in self.columns if c.key not in CONSENT_COLUMNS]
        for key in person_columns:
            if row.values.get(key) != first.values.get(key):
                raise ValidationError(
                    {
                        key: _(
                            "Differs from row %(row)d, which has the same fiscal code: repeat "
                            "the person's columns exactly."
                        )
                        % {"row": first.number}
                    }
                )

    def new_instance(self, row: Row) -> models.Model:
        return Person(organisation=self.actor.organisation)

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        return PersonForm(data, instance=instance)

    def row_label(self, row: Row, instance: models.Model) -> str:
        # Never the name: the report of an import is kept with the batch.
        return instance.code if instance.pk else str(_("new person"))  # type: ignore[attr-defined]

    def after_row(self, row: Row) -> list[RowError]:
        """The consent of the row, validated with the form of the person page."""
        values = {field: row.values.get(key) for key, field in CONSENT_COLUMNS.items()}
        if not any(values.values()):
            return []
        form = ConsentForm(data=values)
        if not form.is_valid():
            columns = {field: key for key, field in CONSENT_COLUMNS.items()}
            return [
                RowError(row.number, columns.get(name, ""), str(message))
                for name, messages in form.errors.items()
                for message in messages
            ]
        data = form.cleaned_data
        row.extra["consent"] = data
        person: Person = row.instance  # type: ignore[assignment]
        if person.pk is None:
            return []
        existing = self.consents.get((person.pk, data["purpose"], data["given_on"]))
        row.extra["existing_consent"] = existing
        changed = []
        if existing is None:
            changed = ["consenso_finalita", "consenso_dal"]
        else:
            if existing.expires_on != data["expires_on"]:
                changed.append("consenso_scadenza")
            if existing.document_reference != data["document_reference"]:
                changed.append("consenso_documento")
        if changed:
            row.changed = [*row.changed, *changed]
            row.action = CHANGE
        return []

    # Writing ----------------------------------------------------------------------------------

    def _open_pathway(self, row: Row) -> Person:
        """A new person, in charge of the importer's organisation, with the importer as case
        manager (as when a case worker accepts a referral)."""
        person: Person = row.instance  # type: ignore[assignment]
        person.organisation = self.actor.organisation
        person.level_id = row.values.get("livello") or self.lowest_level.pk  # type: ignore[union-attr]
        person.status = Person.Status.OPEN
        person.case_manager = self.actor.user
        person.opened_on = row.values.get("percorso_aperto_il") or date.today()
        person.full_clean()
        person.save()
        person.care_team.add(self.actor.user)
        LevelChange.objects.create(
            person=person,
            from_level=None,
            to_level_id=person.level_id,
            cause=LevelChange.Cause.INTAKE,
            changed_on=person.opened_on,
            changed_by=self.actor.user,
        )
        return person

    def _write_consent(self, row: Row, person: Person) -> None:
        data = row.extra.get("consent")
        if not data:
            return
        existing: Consent | None = row.extra.get("existing_consent")
        if existing is None:
            services.consent_record(person=person, by=self.actor.user, **data)
        elif (existing.expires_on, existing.document_reference) != (
            data["expires_on"],
            data["document_reference"],
        ):
            existing.expires_on = data["expires_on"]
            existing.document_reference = data["document_reference"]
            existing.full_clean()
            existing.save()

    def create(self, rows: list[Row]) -> None:
        created: dict[str, Person] = {}
        for row in rows:
            fiscal_code = row.values["codice_fiscale"]
            person = self.people.get(fiscal_code) or created.get(fiscal_code)
            if person is None:
                person = created[fiscal_code] = self._open_pathway(row)
            self._write_consent(row, person)

    def change(self, row: Row) -> None:
        person: Person = row.instance  # type: ignore[assignment]
        if any(key not in CONSENT_COLUMNS for key in row.changed):
            services.person_update(person=person)
        self._write_consent(row, person)
