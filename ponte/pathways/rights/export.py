"""Everything about a person, for their rights of access (art. 15) and portability (art. 20).

The export walks the relations of Person instead of listing them, so that a model added later
with a foreign key to Person is exported without anyone remembering to (a test fails if one is
missed): every reverse relation of Person is a section; every reverse relation of a record of a
section is a sub-section, unless its model points to Person itself (then it is a section of its
own: a tutor's evaluation is an assessment, under "assessments", not again under the placement).
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from ponte.network.models import User
from ponte.pathways.models import Person

# Fields never exported: internal keys, and the person's own key in every record.
SKIPPED_FIELDS = {"id"}
FORMAT_VERSION = 1


@dataclass
class Value:
    name: str
    label: str
    data: Any  # JSON-ready
    text: str  # readable, for the PDF


@dataclass
class Record:
    values: list[Value]
    sections: list["Section"] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    records: list[Record]


def _user_name(user: User) -> str:
    return user.get_full_name() or user.username


def _readable(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _value(obj: models.Model, model_field: models.Field) -> Value:
    label = str(model_field.verbose_name)
    if model_field.is_relation:
        related = getattr(obj, model_field.name)
        if related is None:
            return Value(model_field.name, label, None, "—")
        text = _user_name(related) if isinstance(related, User) else str(related)
        return Value(model_field.name, label, text, text)
    raw = getattr(obj, model_field.attname)
    if model_field.choices and raw not in (None, ""):
        display = str(getattr(obj, f"get_{model_field.name}_display")())
        return Value(model_field.name, label, raw, display)
    data = json.loads(json.dumps(raw, cls=DjangoJSONEncoder))
    return Value(model_field.name, label, data, _readable(raw))


def _points_to_person(model: type[models.Model]) -> bool:
    return any(
        f.is_relation and f.many_to_one and f.related_model is Person
        for f in model._meta.get_fields()
    )


def owned_relations(model: type[models.Model], *, top: bool) -> list[ForeignObjectRel]:
    """The reverse relations whose records belong to a record of `model` (one-to-many or
    one-to-one from the other side). Below the top, models that point to Person are left to
    their own section."""
    relations = []
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue  # e.g. AgendaItem.cases: the through model AgendaCase is the relation
        if not top and _points_to_person(relation.related_model):  # type: ignore[arg-type]
            continue
        relations.append(relation)
    return relations


def _record(obj: models.Model, *, parent_field: str | None, top: bool = False) -> Record:
    values = [
        _value(obj, f)
        for f in obj._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and f.name != parent_field
    ]
    record = Record(values)
    if not top:
        record.sections = _sections(obj, top=False)
    return record


def _sections(obj: models.Model, *, top: bool) -> list[Section]:
    sections = []
    for relation in owned_relations(type(obj), top=top):
        accessor = relation.get_accessor_name()
        assert accessor is not None
        related_model = relation.related_model
        meta = related_model._meta  # type: ignore[union-attr]
        if relation.one_to_one:
            one = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
            objects = [one] if one is not None else []
        else:
            objects = list(getattr(obj, accessor).all())
        records = [_record(item, parent_field=relation.field.name) for item in objects]
        sections.append(Section(accessor, str(meta.verbose_name_plural), records))
    return sections


def person_export(person: Person) -> dict[str, Any]:
    """The person's data as a structure of sections (used by both the JSON and the PDF)."""
    identity = _record(person, parent_field=None, top=True)
    identity.values.append(
        Value(
            "care_team",
            str(Person._meta.get_field("care_team").verbose_name),
            [_user_name(user) for user in person.care_team.all()],
            ", ".join(_user_name(user) for user in person.care_team.all()) or "—",
        )
    )
    return {
        "person": person,
        "identity": identity,
        "sections": _sections(person, top=True),
        "generated_at": timezone.now(),
    }


def _as_data(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = {value.name: value.data for value in record.values}
    for section in record.sections:
        data[section.key] = [_as_data(child) for child in section.records]
    return data


def person_export_json(person: Person) -> str:
    export = person_export(person)
    data = {
        "format": "ponte.person-export",
        "version": FORMAT_VERSION,
        "generated_at": export["generated_at"],
        "person": _as_data(export["identity"]),
    }
    for section in export["sections"]:
        data[section.key] = [_as_data(record) for record in section.records]
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


PDF_TEMPLATE = "pathways/rights/export_pdf.html"


def person_export_pdf(request: HttpRequest, person: Person) -> bytes:
    """The same data, readable, as a PDF (the template is self-contained: WeasyPrint fetches
    nothing)."""
    import weasyprint  # imported here: loading pango takes a moment that other pages need not pay

    html = render_to_string(PDF_TEMPLATE, person_export(person), request=request)
    pdf: bytes = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    return pdf
