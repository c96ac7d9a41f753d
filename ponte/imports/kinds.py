"""What a kind of import is, and the registry of the kinds.

A kind (the organisations of network, the listings of marketplace, …) lives in its app's
imports module and says which columns it has, how a row is recognised again (its natural key),
who may import it, which form validates a row and how its new rows are written; validating.py
and writing.py do the rest, the same way for every kind. The app registers its kinds from its
AppConfig.ready() (`register`): this package sits below every app but core and imports none of
them, and the import pages (reports) list the kinds through `KINDS` and `kinds_for`."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from django import forms
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest
from django.utils.functional import Promise

from ponte.imports.cells import (
    COLUMN_KINDS,
    Column,
    Parser,
    cell_text,
    choice_parser,
    column_key,
    parse_boolean,
    parse_date,
    parse_decimal,
    parse_integer,
    weekday_parser,
)


class Actor(Protocol):
    """Who imports: a user acting for an organisation, in a role. The actor is network's (a
    user and their membership: ponte/network/imports), which this package cannot import; the
    engine writes the audit trail in the user's name, and the kinds follow their app's access
    rules with `request`, as the pages do."""

    @property
    def user(self) -> AbstractUser: ...

    @property
    def role(self) -> str: ...

    @property
    def organisation(self) -> models.Model: ...

    @property
    def is_coordinator(self) -> bool: ...

    @property
    def request(self) -> HttpRequest: ...


# Rows and plans --------------------------------------------------------------------------------


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


# Kinds ----------------------------------------------------------------------------------------


class ImportKind:
    """One kind of import. Subclasses set the class attributes and the hooks."""

    slug: ClassVar[str]
    label: ClassVar[Promise]
    description: ClassVar[Promise]
    # Where the kind is listed on the import page (lowest first).
    order: ClassVar[int] = 50
    model: ClassVar[type[models.Model]]
    columns: ClassVar[tuple[Column, ...]]
    # The columns whose values make the natural key, in order.
    key_columns: ClassVar[tuple[str, ...]]
    # Form fields whose choices are read once per file (their queryset must not depend on
    # the row).
    preload: ClassVar[tuple[str, ...]] = ()
    # False when several rows may describe the same object (a person with several consents).
    one_row_per_object: ClassVar[bool] = True
    # Whether one form is built for the file and reused for each row (validating.RowForms).
    reuse_form: ClassVar[bool] = False
    # Templates list the kinds (classes): they must read them, not call them.
    do_not_call_in_templates: ClassVar[bool] = True

    def __init__(self, actor: Actor, batch_code: str = "") -> None:
        self.actor = actor
        # Named in the audit entries of what the import creates.
        self.batch_code = batch_code
        # The parsers of the column kinds that apps register, built once for the file.
        self.column_kind_parsers: dict[str, Parser] = {}

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
            elif column.kind in COLUMN_KINDS:
                if column.kind not in self.column_kind_parsers:
                    self.column_kind_parsers[column.kind] = COLUMN_KINDS[column.kind]()
                parsers[column.key] = self.column_kind_parsers[column.kind]
            else:
                # Text, or a column the kind parses itself (its own `parsers`).
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

    def before_clean(self, row: Row, form: forms.BaseForm) -> None:
        """What the form's __init__ would set from the row, when the form is reused."""

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

    # Columns ----------------------------------------------------------------------------------

    @classmethod
    def column_by_key(cls, key: str) -> Column:
        return next(c for c in cls.columns if c.key == key)

    def field_to_column(self, name: str) -> str:
        return next((c.key for c in self.columns if c.field == name), "")


def in_chunks(values: Iterable[Any], size: int = 2000) -> Iterator[list[Any]]:
    """Values for `__in` look-ups, a few thousand at a time (databases cap the parameters)."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The registry ---------------------------------------------------------------------------------

# The registered kinds by slug, in the order of the import page (`order`, then slug).
KINDS: dict[str, type[ImportKind]] = {}


def register(kind: type[ImportKind]) -> None:
    """Offer `kind` on the import page. Called from the AppConfig.ready() of the kind's app;
    registering the same kind again changes nothing, another kind with a taken slug is an
    error (batches name their kind by slug)."""
    taken = KINDS.get(kind.slug)
    if taken is not None and (taken.__module__, taken.__qualname__) != (
        kind.__module__,
        kind.__qualname__,
    ):
        raise ImproperlyConfigured(
            f"Two import kinds are called {kind.slug!r}: "
            f"{taken.__module__}.{taken.__qualname__} and {kind.__module__}.{kind.__qualname__}."
        )
    KINDS[kind.slug] = kind
    ordered = sorted(KINDS.values(), key=lambda k: (k.order, k.slug))
    KINDS.clear()
    KINDS.update((k.slug, k) for k in ordered)


def kinds_for(actor: Actor) -> list[type[ImportKind]]:
    """The kinds the actor may import, in the order of KINDS."""
    return [kind for kind in KINDS.values() if kind.allowed(actor)]
