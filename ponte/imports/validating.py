"""Validating a file with a kind, writing nothing: its header against the kind's columns, each
cell through its column's parser, and each row through the form the app's pages use (so the
rules live in one place), with the existing rows read once for the whole file."""

import copy
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ponte.imports.cells import Column, cell_text, column_key
from ponte.imports.kinds import (
    CHANGE,
    CREATE,
    UNCHANGED,
    ImportKind,
    Plan,
    Progress,
    Row,
    RowError,
)
from ponte.imports.reading import MAX_ROWS, FileProblem
from ponte.imports.writing import IMPORT_M2M

# How often (in rows) the progress is written for the page that polls it.
PROGRESS_EVERY = 250


def header_columns(kind: ImportKind, header: list[object]) -> dict[int, Column]:
    """Which column of the file is which column of the kind; FileProblem for a wrong header."""
    by_key = {column.key: column for column in kind.columns}
    found: dict[int, Column] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = column_key(cell)
        if not key:
            continue
        column = by_key.get(key)
        if column is None:
            unknown.append(cell_text(cell))
        elif column in found.values():
            raise FileProblem(
                _("The column “%(column)s” appears twice in the header.") % {"column": column.key}
            )
        else:
            found[index] = column
    if unknown:
        raise FileProblem(
            _(
                "The header has columns that this import does not know: %(columns)s. "
                "Use the template of the import (the first row names the columns)."
            )
            % {"columns": ", ".join(unknown)}
        )
    missing = [c.key for c in kind.columns if c.required and c not in found.values()]
    if missing:
        raise FileProblem(
            _("The header lacks the required columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return found


def parse_rows(kind: ImportKind, table: list[list[object]], plan: Plan) -> list[Row]:
    columns = header_columns(kind, table[0])
    present = frozenset(column.key for column in columns.values())
    parsers = kind.parsers()
    rows: list[Row] = []
    body = table[1:]
    if not any(any(cell_text(c) for c in line) for line in body):
        raise FileProblem(_("The file has a header but no rows."))
    if len(body) > MAX_ROWS:
        raise FileProblem(
            _("The file has too many rows: at most %(max)d at a time.") % {"max": MAX_ROWS}
        )
    for offset, line in enumerate(body):
        number = offset + 2
        if not any(cell_text(cell) for cell in line):
            continue
        values: dict[str, Any] = {}
        for index, column in columns.items():
            cell = line[index] if index < len(line) else None
            try:
                values[column.key] = parsers[column.key](cell)
            except ValidationError as error:
                plan.errors.extend(RowError(number, column.key, m) for m in error.messages)
                values[column.key] = None
                continue
            if column.required and values[column.key] in (None, "", []):
                plan.errors.append(RowError(number, column.key, _("This column is required.")))
        rows.append(Row(number=number, values=values, present=present))
    return rows


def form_errors(kind: ImportKind, row: Row, form: forms.BaseForm) -> Iterator[RowError]:
    for name, messages in form.errors.items():
        column = kind.field_to_column(name) if name != "__all__" else ""
        for message in messages:
            yield RowError(row.number, column, str(message))


def validate(
    kind: ImportKind, table: list[list[object]], *, progress: Progress | None = None
) -> Plan:
    """What importing the table would do, row by row, and every error; writes nothing."""
    plan = Plan(kind=kind.slug)
    rows = parse_rows(kind, table, plan)
    kind.prepare(rows)
    row_forms = RowForms(kind)
    seen: dict[tuple[Any, ...], int] = {}
    matched: dict[Any, int] = {}
    # The columns that could not be read, by row: the row is still checked, for the errors of
    # its other columns (without repeating "required" for a cell already reported).
    unreadable: dict[int, set[str]] = {}
    for error in plan.errors:
        unreadable.setdefault(error.row, set()).add(error.column)

    def report(row: Row, errors: Iterable[RowError]) -> None:
        skipped = unreadable.get(row.number, set())
        plan.errors.extend(e for e in errors if e.column not in skipped)
        row.action = "error"

    def duplicate(row: Row, first: int) -> None:
        message = _("The same as row %(row)d: each row must be a different one.") % {"row": first}
        report(row, [RowError(row.number, kind.key_columns[0], message)])

    for done, row in enumerate(rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        plan.rows.append(row)
        key = kind.natural_key(row)
        if key is not None:
            if key in seen:
                duplicate(row, seen[key])
                continue
            seen[key] = row.number
        instance = kind.existing(row, key) if key is not None else None
        if instance is not None and kind.one_row_per_object:
            if instance.pk in matched:
                duplicate(row, matched[instance.pk])
                continue
            matched[instance.pk] = row.number
        try:
            kind.check_row(row, instance)
        except ValidationError as error:
            report(
                row,
                [
                    RowError(row.number, column, message)
                    for column, messages in error.message_dict.items()
                    for message in messages
                ],
            )
            continue
        form = row_forms.validated(
            row, instance if instance is not None else kind.new_instance(row)
        )
        row.form = form
        if not form.is_valid():
            report(row, form_errors(kind, row, form))
            continue
        if row.number in unreadable:
            row.action = "error"
            continue
        row.instance = form.instance  # type: ignore[attr-defined]
        row.label = kind.row_label(row, row.instance)
        if instance is None:
            row.action = CREATE
        else:
            row.changed = [kind.field_to_column(name) for name in form.changed_data]
            row.action = CHANGE if row.changed else UNCHANGED
        extra_errors = kind.after_row(row)
        if extra_errors:
            report(row, extra_errors)
    if progress:
        progress(len(rows), len(rows))
    plan.errors.sort(key=lambda e: (e.row, e.column))
    return plan


# The form of each row --------------------------------------------------------------------------


class PreloadedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose allowed objects were read once for the whole file."""

    preloaded: dict[str, Any]

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        found = self.preloaded.get(str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class PreloadedMultipleChoiceField(forms.ModelMultipleChoiceField):
    preloaded: dict[str, Any]

    def _check_values(self, value: Any) -> Any:
        found = []
        for item in value:
            obj = self.preloaded.get(str(item))
            if obj is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
            found.append(obj)
        return found


class RowForms:
    """The forms that validate the rows of one file with a kind: the choices of its `preload`
    fields are read once for the file, and the form of the first row is reused for the others
    when the kind says so (`reuse_form`)."""

    def __init__(self, kind: ImportKind) -> None:
        self.kind = kind
        self._preloaded: dict[str, dict[str, Any]] = {}
        self._template_form: forms.BaseForm | None = None

    def validated(self, row: Row, instance: models.Model) -> forms.BaseForm:
        """The kind's form for the row, bound to the row's values and validated."""
        data: dict[str, Any] = {}
        for column in self.kind.columns:
            if column.field and column.key in row.present:
                value = row.values.get(column.key)
                if value is None and column.kind == "boolean":
                    value = getattr(instance, column.field)
                data[column.field] = value
        if self.kind.reuse_form:
            form = self._reused_form(row, instance, data)
        else:
            form = self._prepared(self.kind.make_form(row, instance, data), row)
        # Two checks of the model's full_clean() would cost a query per row: that a foreign key
        # exists (the preloaded fields have checked it against the objects read once) and the
        # CheckConstraints (Django evaluates them with a query; each is also a validator or a
        # clean() rule of the model, which still run, and the database enforces them on write).
        instance.validate_constraints = _no_constraint_queries  # type: ignore[method-assign]
        form._get_validation_exclusions = partial(  # type: ignore[attr-defined]
            _exclusions, form, [name for name in self.kind.preload if name in form.fields]
        )
        form.is_valid()
        return form

    def _swap_preloaded(self, form: forms.BaseForm) -> None:
        for name in self.kind.preload:
            if name not in form.fields:
                continue
            form_field = form.fields[name]
            if name not in self._preloaded:
                queryset = form_field.queryset  # type: ignore[attr-defined]
                self._preloaded[name] = {str(obj.pk): obj for obj in queryset}
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            form_field.__class__ = (
                PreloadedMultipleChoiceField if multiple else PreloadedChoiceField
            )
            form_field.preloaded = self._preloaded[name]  # type: ignore[attr-defined]

    def _prepared(self, form: forms.BaseForm, row: Row) -> forms.BaseForm:
        # A column the file leaves out keeps what is stored (or the default of a new row); the
        # form's other fields (photos…) are not for files.
        given = {c.field for c in self.kind.columns if c.field and c.key in row.present}
        for name in list(form.fields):
            if name not in given:
                del form.fields[name]
        self._swap_preloaded(form)
        return form

    def _reused_form(
        self, row: Row, instance: models.Model, data: dict[str, Any]
    ) -> forms.BaseForm:
        """The form of the first row, copied for each next row with its own data and instance:
        building a form deep-copies all its fields, which would be most of the time of a large
        file. Only for forms whose __init__ does not depend on the row (the kind says so)."""
        if self._template_form is None:
            self._template_form = self._prepared(
                self.kind.make_form(row, self.kind.new_instance(row), {}), row
            )
        form = copy.copy(self._template_form)
        form.instance = instance  # type: ignore[attr-defined]
        form.data = data
        form.files = {}  # type: ignore[assignment]
        form.is_bound = True
        form._errors = None  # type: ignore[attr-defined]
        form._bound_fields_cache = {}  # type: ignore[attr-defined]
        form.initial = stored_values(instance, form.fields) if instance.pk else {}
        self.kind.before_clean(row, form)
        return form


def stored_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """What model_to_dict() gives a form as initial values, for the form's fields only, and
    many-to-many values as read for the whole file by attach_m2m_pks (model_to_dict builds a
    related manager and a query per row and field)."""
    related = getattr(instance, IMPORT_M2M, {})
    values: dict[str, Any] = {}
    for name in names:
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many and name in related:
            values[name] = related[name]
        else:
            values[name] = model_field.value_from_object(instance)  # type: ignore[union-attr]
    return values


def _exclusions(form: forms.BaseForm, preloaded: list[str]) -> set[str]:
    """The model fields full_clean() leaves out: Django's own, and the preloaded foreign keys
    (already checked against the objects read once)."""
    return set(type(form)._get_validation_exclusions(form)) | set(preloaded)  # type: ignore[attr-defined]


def _no_constraint_queries(exclude: object = None) -> None:
    return None
