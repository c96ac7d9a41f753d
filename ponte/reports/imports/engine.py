"""The shared engine of the spreadsheet imports: reading an XLSX or CSV file, matching its header
with the columns of a kind, turning each cell into a form value, validating every row with the
form the pages use (so the rules live in one place), and writing the whole file in one
transaction.

A kind (organisations.py, people.py, …) says which columns it has, how a row is recognised again
(its natural key), which form validates it and how its new rows are written. The engine does
the rest, the same way for every kind:

- nothing is saved unless every row is valid (`validate` never writes; `apply` writes all or
  nothing);
- the existing rows are read with one query per kind for the whole file (their natural keys),
  so a 10,000-row file is not 10,000 look-ups;
- a re-import of the same file finds every row "unchanged" and writes nothing.
"""

import copy
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache, partial
from typing import Any, ClassVar

from auditlog.cid import get_cid
from auditlog.context import set_actor
from auditlog.diff import get_mask_function, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ponte.core.text import fold
from ponte.network.models import Membership, Municipality, Organisation, Role, User
from ponte.network.validators import normalise_fiscal_code, normalise_vat_number

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Rows written per INSERT.
BATCH_SIZE = 500
# How often (in rows) the progress is written for the page that polls it.
PROGRESS_EVERY = 250

CSV, XLSX = "csv", "xlsx"


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, wrong type, wrong header): one message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Who imports ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """The user and the membership they import with (the organisation they act for)."""

    user: User
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @cached_property
    def request(self) -> HttpRequest:
        """A request as the access functions of each app expect it (user and membership), so
        that an import follows the same rules as the pages, also in a background worker."""
        request = HttpRequest()
        request.user = self.user
        request.membership = self.membership  # type: ignore[attr-defined]
        return request


# Columns and cells ----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def column_key(text: object) -> str:
    """A header as compared: case, accents, spaces and punctuation do not matter
    ("Partita IVA", "partita_iva" and "PARTITA-IVA" are the same column)."""
    return re.sub(r"[^a-z0-9]+", "_", fold(str(text or ""))).strip("_")


@dataclass(frozen=True)
class Column:
    """A column of an import file. `key` is fixed (Italian, as the users say it) and never
    translated: files written for one language are read in every other."""

    key: str
    # The form field it fills ("" for columns the kind reads itself).
    field: str
    help: Promise
    kind: str = "text"
    required: bool = False
    example: str = ""
    # For "choice" columns: the allowed (code, label) pairs.
    choices: Sequence[tuple[str, Any]] = ()


TRUE_WORDS = {"si", "s", "yes", "y", "true", "vero", "x", "1"}
FALSE_WORDS = {"no", "n", "false", "falso", "0"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
WEEKDAYS_IT = ["lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica"]
WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2026."),
        params={"value": text},
    )


def parse_integer(value: object) -> int | None:
    if isinstance(value, bool):
        raise ValidationError(_("Write a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value).replace(".", "") if isinstance(value, str) else cell_text(value)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a whole number."), params={"value": cell_text(value)}
        ) from None


def parse_decimal(value: object) -> Decimal | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = cell_text(value).replace("€", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        # Italian: 1.234,50
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("“%(value)s” is not a number: write it as 12,50."), params={"value": cell_text(value)}
        ) from None


def parse_boolean(value: object) -> bool | None:
    """sì / no; None for an empty cell (the stored value, or the default, is kept)."""
    if isinstance(value, bool):
        return value
    text = fold(cell_text(value))
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError(
        _("“%(value)s” is not yes or no: write sì or no."), params={"value": cell_text(value)}
    )


def split_list(value: object) -> list[str]:
    return [part.strip() for part in re.split(r"[,;/]", cell_text(value)) if part.strip()]


def labels_in_every_language(label: Any) -> list[str]:
    """The label of a choice in each language of the site (and its message id)."""
    texts = {str(label)}
    for code in ("it", "en", "lld"):
        with translation.override(code):
            texts.add(str(label))
    return sorted(texts)


class ChoiceLookup:
    """Codes and labels (in every language) of a set of choices, compared folded."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.by_text: dict[str, Any] = {}
        for code, label in choices:
            self.by_text[column_key(code)] = code
            for text in labels_in_every_language(label):
                self.by_text.setdefault(column_key(text), code)

    def get(self, text: str) -> Any | None:
        return self.by_text.get(column_key(text))


def choice_parser(choices: Sequence[tuple[str, Any]]) -> Callable[[object], str]:
    lookup = ChoiceLookup(choices)

    def parse(value: object) -> str:
        text = cell_text(value)
        if not text:
            return ""
        code = lookup.get(text)
        if code is None:
            raise ValidationError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s."),
                params={"value": text, "allowed": ", ".join(str(c) for c, _label in choices)},
            )
        return str(code)

    return parse


def weekday_parser(value: object) -> list[int]:
    days: list[int] = []
    for part in split_list(value):
        key = column_key(part)
        number = next(
            (
                index
                for index, (it, en) in enumerate(zip(WEEKDAYS_IT, WEEKDAYS_EN, strict=True))
                if key in (it, en) or (len(key) >= 3 and (it.startswith(key) or en.startswith(key)))
            ),
            None,
        )
        if number is None:
            raise ValidationError(
                _("“%(value)s” is not a day of the week: write lun, mar, mer, gio, ven, sab, dom."),
                params={"value": part},
            )
        days.append(number)
    return sorted(set(days))


def level_parser(levels: dict[int, int], *, many: bool) -> Callable[[object], Any]:
    """Levels of work functioning by number (0 to 5 with the default scale)."""

    def one(text: str) -> int:
        try:
            return levels[int(float(text.replace(",", ".")))]
        except (KeyError, ValueError):
            raise ValidationError(
                _("“%(value)s” is not a level: write its number, one of %(levels)s."),
                params={"value": text, "levels": ", ".join(str(n) for n in sorted(levels))},
            ) from None

    def parse(value: object) -> Any:
        if many:
            return [one(part) for part in split_list(value)]
        text = cell_text(value)
        return one(text) if text else None

    return parse


class MunicipalityLookup:
    """Municipalities by ISTAT code, cadastral code, name in any language (one query)."""

    def __init__(self) -> None:
        self.by_text: dict[str, int] = {}
        for m in Municipality.objects.all():
            for text in (
                m.istat_code,
                m.cadastral_code,
                m.name,
                m.name_other_language,
                m.name_ladin,
            ):
                if text:
                    self.by_text.setdefault(column_key(text), m.pk)

    def parse(self, value: object) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        # ISTAT codes lose their leading zero in spreadsheets (022050 → 22050).
        found = self.by_text.get(column_key(text)) or (
            self.by_text.get(text.zfill(6)) if text.isdigit() else None
        )
        if found is None:
            raise ValidationError(
                _(
                    "Unknown municipality “%(value)s”: write the name or the ISTAT code of a "
                    "municipality of the district."
                ),
                params={"value": text},
            )
        return found


class OrganisationLookup:
    """Organisations by VAT number, fiscal code or name (one query, values only)."""

    def __init__(self, queryset: models.QuerySet[Organisation] | None = None) -> None:
        self.by_text: dict[str, int] = {}
        ambiguous: set[str] = set()
        rows = (queryset if queryset is not None else Organisation.objects.all()).values_list(
            "pk", "vat_number", "fiscal_code", "name"
        )
        for pk, vat, fiscal, name in rows:
            for text in (vat, fiscal):
                if text:
                    self.by_text[text.upper()] = pk
            key = column_key(name)
            if key in self.by_text and self.by_text[key] != pk:
                ambiguous.add(key)
            self.by_text[key] = pk
        for key in ambiguous:
            del self.by_text[key]
        self._normalise = (normalise_vat_number, normalise_fiscal_code)

    def parse(self, value: object) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        candidates = [column_key(text)]
        candidates.extend(normalise(text).upper() for normalise in self._normalise)
        for candidate in candidates:
            if candidate in self.by_text:
                return self.by_text[candidate]
        raise ValidationError(
            _(
                "Unknown organisation “%(value)s”: write its VAT number, fiscal code or its "
                "name as in Ponte."
            ),
            params={"value": text},
        )


def in_chunks(values: Iterable[Any], size: int = 2000) -> Iterator[list[Any]]:
    """Values for `__in` look-ups, a few thousand at a time (databases cap the parameters)."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Reading the file -----------------------------------------------------------------------------


def file_format(name: str, content: bytes) -> str:
    """XLSX or CSV, from the name and the content (an XLSX is a zip with a workbook)."""
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(content)):
            raise FileProblem(_("The file is not a valid XLSX workbook."))
        return XLSX
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        if content[:4] == b"PK\x03\x04" or b"\x00" in content[:2048]:
            raise FileProblem(_("The file is not a text CSV file."))
        return CSV
    raise FileProblem(_("Upload an XLSX or CSV file (Excel, LibreOffice or a CSV export)."))


def check_size(size: int) -> None:
    if size == 0:
        raise FileProblem(_("The file is empty."))
    if size > MAX_FILE_SIZE:
        raise FileProblem(
            _("The file is too large: at most %(size)d MB.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )


def read_csv(content: bytes) -> list[list[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")
        ) from None
    sample = text[:4096]
    # The separator is the one the header uses most: ";" (Excel in Italian), "," or a tab.
    first_line = sample.splitlines()[0] if sample.strip() else ""
    delimiter = max(";,\t", key=first_line.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise FileProblem(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None


def read_xlsx(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a bad file
        raise FileProblem(_("The file is not a valid XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(fmt: str, content: bytes) -> list[list[object]]:
    """The rows of the file (first sheet of a workbook), blank rows at the end dropped."""
    rows = read_xlsx(content) if fmt == XLSX else read_csv(content)
    while rows and not any(cell_text(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileProblem(_("The file is empty."))
    return rows


# Validation -----------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Row:
    """One row of the file: its number as the spreadsheet shows it, its parsed values by
    column key, and (after validation) what would happen to it."""

    number: int
    values: dict[str, Any]
    present: frozenset[str]
    action: str = ""
    label: str = ""
    changed: list[str] = field(default_factory=list)
    form: forms.BaseForm | None = None
    instance: models.Model | None = None
    extra: dict[str, Any] = field(default_factory=dict)


CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"


@dataclass
class Plan:
    kind: str
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def report(self) -> dict[str, Any]:
        """What the dry-run page shows (JSON, stored on the batch)."""
        return {
            "rows": [[r.number, r.action, r.label, r.changed] for r in self.rows],
            "errors": [[e.row, e.column, e.message] for e in self.errors],
        }


Progress = Callable[[int, int], None]


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


class ImportKind:
    """One kind of import. Subclasses set the class attributes and the hooks."""

    slug: ClassVar[str]
    label: ClassVar[Promise]
    description: ClassVar[Promise]
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    # The columns whose values make the natural key, in order.
    key_columns: ClassVar[tuple[str, ...]]
    # Form fields whose choices are read once per file (their queryset must not depend on
    # the row).
    preload: ClassVar[tuple[str, ...]] = ()
    # False when several rows may describe the same object (a person with several consents).
    one_row_per_object: ClassVar[bool] = True
    # Whether one form is built for the file and reused for each row (_reused_form).
    reuse_form: ClassVar[bool] = False
    # Templates list the kinds (classes): they must read them, not call them.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, actor: Actor, batch_code: str = "") -> None:
        self.actor = actor
        # Named in the audit entries of what the import creates.
        self.batch_code = batch_code
        self.municipalities: MunicipalityLookup | None = None
        self._preloaded: dict[str, dict[str, Any]] = {}
        self._template_form: forms.BaseForm | None = None

    # Who may import ---------------------------------------------------------------------------

    @classmethod
    def allowed(cls, actor: Actor) -> bool:
        raise NotImplementedError

    # Parsing ----------------------------------------------------------------------------------

    def parsers(self) -> dict[str, Callable[[object], Any]]:
        """A parser per column: from a cell to a form value (raise ValidationError)."""
        parsers: dict[str, Callable[[object], Any]] = {}
        for column in self.columns:
            if column.kind == "date":
                parsers[column.key] = parse_date
            elif column.kind == "integer":
                parsers[column.key] = parse_integer
            elif column.kind == "decimal":
                parsers[column.key] = parse_decimal
            elif column.kind == "boolean":
                parsers[column.key] = parse_boolean
            elif column.kind == "choice":
                parsers[column.key] = choice_parser(column.choices)
            elif column.kind == "days":
                parsers[column.key] = weekday_parser
            elif column.kind == "municipality":
                if self.municipalities is None:
                    self.municipalities = MunicipalityLookup()
                parsers[column.key] = self.municipalities.parse
            else:
                parsers[column.key] = cell_text
        return parsers

    # Hooks ------------------------------------------------------------------------------------

    def prepare(self, rows: list[Row]) -> None:
        """Read what the rows need from the database, once for the whole file."""

    def natural_key(self, row: Row) -> tuple[Any, ...] | None:
        values = tuple(row.values.get(key) for key in self.key_columns)
        if any(value in (None, "") for value in values):
            return None
        return tuple(column_key(v) if isinstance(v, str) else v for v in values)

    def existing(self, row: Row, key: tuple[Any, ...]) -> models.Model | None:
        raise NotImplementedError

    def check_row(self, row: Row, instance: models.Model | None) -> None:
        """Row-level access rules; raise ValidationError({column: message})."""

    def new_instance(self, row: Row) -> models.Model:
        return self.model()

    def make_form(self, row: Row, instance: models.Model, data: dict[str, Any]) -> forms.BaseForm:
        raise NotImplementedError

    def row_label(self, row: Row, instance: models.Model) -> str:
        return str(instance)

    def after_row(self, row: Row) -> list[RowError]:
        """Validate what the row holds besides its form (a person's consent) and adjust its
        action; return the errors."""
        return []

    def create(self, rows: list[Row]) -> None:
        """Write the new rows (bulk where possible)."""
        raise NotImplementedError

    def change(self, row: Row) -> None:
        """Write a changed row (through the app's service)."""
        raise NotImplementedError

    # The engine -------------------------------------------------------------------------------

    @classmethod
    def column_by_key(cls, key: str) -> Column:
        return next(c for c in cls.columns if c.key == key)

    def field_to_column(self, name: str) -> str:
        return next((c.key for c in self.columns if c.field == name), "")

    def _swap_preloaded(self, form: forms.BaseForm) -> None:
        for name in self.preload:
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

    def validate_form(self, row: Row, instance: models.Model) -> forms.BaseForm:
        data: dict[str, Any] = {}
        for column in self.columns:
            if column.field and column.key in row.present:
                value = row.values.get(column.key)
                if value is None and column.kind == "boolean":
                    value = getattr(instance, column.field)
                data[column.field] = value
        if self.reuse_form:
            form = self._reused_form(row, instance, data)
        else:
            form = self._prepared(self.make_form(row, instance, data), row)
        # Two checks of the model's full_clean() would cost a query per row: that a foreign key
        # exists (the preloaded fields have checked it against the objects read once) and the
        # CheckConstraints (Django evaluates them with a query; each is also a validator or a
        # clean() rule of the model, which still run, and the database enforces them on write).
        instance.validate_constraints = _no_constraint_queries  # type: ignore[method-assign]
        form._get_validation_exclusions = partial(  # type: ignore[attr-defined]
            _exclusions, form, [name for name in self.preload if name in form.fields]
        )
        form.is_valid()
        return form

    def _prepared(self, form: forms.BaseForm, row: Row) -> forms.BaseForm:
        # A column the file leaves out keeps what is stored (or the default of a new row); the
        # form's other fields (photos…) are not for files.
        given = {c.field for c in self.columns if c.field and c.key in row.present}
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
                self.make_form(row, self.new_instance(row), {}), row
            )
        form = copy.copy(self._template_form)
        form.instance = instance  # type: ignore[attr-defined]
        form.data = data
        form.files = {}  # type: ignore[assignment]
        form.is_bound = True
        form._errors = None  # type: ignore[attr-defined]
        form._bound_fields_cache = {}  # type: ignore[attr-defined]
        form.initial = stored_values(instance, form.fields) if instance.pk else {}
        self.before_clean(row, form)
        return form

    def before_clean(self, row: Row, form: forms.BaseForm) -> None:
        """What the form's __init__ would set from the row, when the form is reused."""


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
        form = kind.validate_form(row, instance if instance is not None else kind.new_instance(row))
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


def apply(kind: ImportKind, plan: Plan) -> None:
    """Write a valid plan. The caller holds the transaction."""
    assert plan.is_valid
    with set_actor(kind.actor.user):
        kind.create([row for row in plan.rows if row.action == CREATE])
        for row in plan.rows:
            if row.action == CHANGE:
                kind.change(row)


def bulk_create_audited(
    model: type[models.Model], objects: list[models.Model], actor: Actor, batch_code: str = ""
) -> list[models.Model]:
    """bulk_create in batches, and one "created" audit entry per object, as the audit trail
    records for a single save (bulk_create sends no signals, so the entries are made here)."""
    created: list[models.Model] = []
    for start in range(0, len(objects), BATCH_SIZE):
        created.extend(model._default_manager.bulk_create(objects[start : start + BATCH_SIZE]))
    if auditlog.contains(model) and created:
        content_type = ContentType.objects.get_for_model(model)
        cid = get_cid()
        changes = creation_changes(model)
        entries = [
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=str(obj),
                action=LogEntry.Action.CREATE,
                changes=changes(obj),
                actor=actor.user,
                actor_email=actor.user.email,
                cid=cid,
                additional_data={"import": batch_code} if batch_code else None,
            )
            for obj in created
        ]
        LogEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return created


def creation_changes(model: type[models.Model]) -> Callable[[models.Model], dict[str, list[str]]]:
    """What the audit trail records for a new object, as auditlog's own diff does (every field
    with a value, from "None"; masked and excluded fields as registered), computed with the
    registered fields looked up once for the whole file rather than once per object."""
    registered = auditlog.get_model_fields(model)
    include, exclude = registered["include_fields"], registered["exclude_fields"]
    masked = set(registered["mask_fields"])
    mask = get_mask_function(registered.get("mask_callable"))
    tracked = [
        model_field
        for model_field in model._meta.concrete_fields
        if track_field(model_field)
        and not model_field.primary_key
        and (not include or model_field.name in include)
        and model_field.name not in exclude
    ]

    def changes(obj: models.Model) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for model_field in tracked:
            value = model_field.value_from_object(obj)
            if value is None or value == "":
                continue
            text = str(value)
            name = model_field.name
            found[name] = ["None", mask(text) if name in masked else text]
        return found

    return changes


IMPORT_M2M = "_import_m2m"


def attach_m2m_pks(model: type[models.Model], name: str, objects: Iterable[models.Model]) -> None:
    """Read the related ids of a many-to-many field for many objects with one query per
    chunk (ids only, no related objects built) and keep them on each object."""
    by_pk = {obj.pk: obj for obj in objects}
    relation = model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = f"{relation.m2m_field_name()}_id"  # type: ignore[union-attr]
    target = f"{relation.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
    found: dict[Any, list[Any]] = {pk: [] for pk in by_pk}
    for chunk in in_chunks(by_pk):
        for source_id, target_id in through.objects.filter(**{f"{source}__in": chunk}).values_list(
            source, target
        ):
            found[source_id].append(target_id)
    for pk, obj in by_pk.items():
        if not hasattr(obj, IMPORT_M2M):
            setattr(obj, IMPORT_M2M, {})
        getattr(obj, IMPORT_M2M)[name] = found[pk]


def m2m_bulk_set(
    model: type[models.Model], name: str, pairs: Iterable[tuple[int, Sequence[models.Model]]]
) -> None:
    """Add the related objects of new rows with one INSERT per batch (no signals are needed:
    the rows are new)."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source = relation.m2m_field_name()  # type: ignore[union-attr]
    target = relation.m2m_reverse_field_name()  # type: ignore[union-attr]
    links = [
        through(**{f"{source}_id": pk, f"{target}_id": related.pk})
        for pk, related_objects in pairs
        for related in related_objects
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
