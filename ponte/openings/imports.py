"""Import of openings (opportunità): a company tutor for their own organisation, a case worker
for any member organisation (case workers scout openings in companies; openings/access.py).
An opening is recognised by its host, its title and the day it starts. Imported openings are
drafts, as new openings are: they are published from their page."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ponte.imports.cells import Column, cell_text, column_key, level_parser
from ponte.imports.kinds import Actor, Row, in_chunks
from ponte.imports.writing import bulk_create_audited
from ponte.network.imports import ORGANISATION_HELP, OwnOrganisationKind
from ponte.network.models import Organisation, Role
from ponte.openings.access import can_manage_opening
from ponte.openings.forms import OpeningForm
from ponte.openings.models import Opening, levels
from ponte.openings.services import opening_save


class OpeningsImport(OwnOrganisationKind):
    slug = "openings"
    order = 40
    label = gettext_lazy("Openings")
    description = gettext_lazy(
        "Internships and jobs offered by members, recognised by host, title and start date; "
        "they arrive as drafts."
    )
    model = Opening
    key_columns = ("titolo", "dal")
    preload = ("municipality", "min_level")
    columns = (
        Column("ente", "", ORGANISATION_HELP, kind="organisation", example="01234567897"),
        Column(
            "tipo",
            "kind",
            gettext_lazy("Kind of opening."),
            kind="choice",
            required=True,
            choices=Opening.Kind.choices,
            example="tis",
        ),
        Column(
            "titolo",
            "title",
            gettext_lazy(
                "Title (with host and start date, it recognises the opening when imported again)."
            ),
            required=True,
            example="Aiuto cuoco",
        ),
        Column(
            "mansioni",
            "tasks",
            gettext_lazy("Tasks."),
            required=True,
            example="Preparazione delle verdure, pulizia della cucina.",
        ),
        Column(
            "livello_minimo",
            "min_level",
            gettext_lazy("Minimum level of work functioning (a number, e.g. 2)."),
            kind="level",
            required=True,
            example="2",
        ),
        Column(
            "competenze",
            "skills",
            gettext_lazy("Skills, separated by commas."),
            example="cucina, HACCP",
        ),
        Column(
            "ore_settimanali",
            "hours_per_week",
            gettext_lazy("Hours per week (1 to 40)."),
            kind="integer",
            required=True,
            example="20",
        ),
        Column(
            "giorni",
            "days",
            gettext_lazy("Days, separated by commas: lun, mar, mer, gio, ven, sab, dom."),
            kind="days",
            example="lun, mer, ven",
        ),
        Column(
            "comune",
            "municipality",
            gettext_lazy("Municipality of the district: name or ISTAT code."),
            kind="municipality",
            required=True,
            example="Tesero",
        ),
        Column(
            "posti",
            "places",
            gettext_lazy("Places (1 to 50)."),
            kind="integer",
            required=True,
            example="1",
        ),
        Column(
            "dal",
            "starts_on",
            gettext_lazy("Starts on (dd/mm/yyyy)."),
            kind="date",
            required=True,
            example="01/03/2027",
        ),
        Column(
            "al",
            "ends_on",
            gettext_lazy("Ends on (dd/mm/yyyy); empty for a permanent job."),
            kind="date",
            example="31/08/2027",
        ),
        Column(
            "tutor",
            "tutor",
            gettext_lazy("Username of the tutor, a company tutor of the host (optional)."),
            kind="user",
            example="",
        ),
    )

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        return can_manage_opening(actor.request, None)

    def parsers(self) -> dict[str, Any]:
        self.load_organisations(
            Organisation.objects.filter(is_active=True, relation=Organisation.Relation.MEMBER)
        )
        level_pks = dict(levels().values_list("number", "pk"))
        users = {
            column_key(name): pk
            for name, pk in get_user_model()
            .objects.filter(is_active=True, memberships__role=Role.COMPANY_TUTOR)
            .values_list("username", "pk")
        }

        def tutor(value: object) -> int | None:
            text = cell_text(value)
            if not text:
                return None
            if column_key(text) not in users:
                raise ValidationError(
                    _("“%(value)s” is not the username of a company tutor."),
                    params={"value": text},
                )
            return users[column_key(text)]

        return {
            **super().parsers(),
            "ente": self.lookup.parse,
            "livello_minimo": level_parser(level_pks, many=False),
            "tutor": tutor,
        }

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        title, starts = row.values.get("titolo"), row.values.get("dal")
        if not title or not starts:
            return None
        return (self.organisation_id(row), column_key(title), starts)

    def prepare(self, rows: list[Row]) -> None:
        ids = {self.organisation_id(row) for row in rows} - {None}
        self.by_key: dict[tuple[Any, ...], Opening] = {}
        for chunk in in_chunks(ids):
            for opening in Opening.objects.filter(host_id__in=chunk).select_related("host"):
                key = (opening.host_id, column_key(opening.title), opening.starts_on)
                self.by_key.setdefault(key, opening)

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        return self.by_key.get(key)

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        # Tutors publish for their own organisation; case workers for any member.
        row.extra["host"] = self.check_organisation(
            row, others_allowed=self.actor.role == Role.CASE_WORKER
        )
        if instance is not None and not can_manage_opening(self.actor.request, instance):  # type: ignore[arg-type]
            raise ValidationError({"titolo": _("You may not change this opening.")})

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        instance.host = row.extra["host"]  # type: ignore[attr-defined]
        return OpeningForm(data, instance=instance, choose_host=False)

    def create(self, rows: list[Row]) -> None:
        openings: list[Opening] = []
        for row in rows:
            opening: Opening = row.instance  # type: ignore[assignment]
            opening.created_by = self.actor.user
            openings.append(opening)
        bulk_create_audited(Opening, openings, self.actor, self.batch_code)

    def change(self, row: Row) -> None:
        opening_save(opening=row.instance, by=self.actor.user)  # type: ignore[arg-type]
