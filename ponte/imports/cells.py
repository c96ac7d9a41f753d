"""From a cell of a spreadsheet to a form value: the columns of a kind, the parsers of each
column kind (dates, numbers, yes/no, choices, days, levels) and the registry of the column kinds
that need an app's data (a municipality by name or ISTAT code), which the app fills from its
AppConfig.ready(): the engine reads no model."""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ponte.core.text import fold

# From a cell to a form value; raises ValidationError with the user's message.
Parser = Callable[[object], Any]


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


# Column kinds whose parser an app provides (see register_column_kind).
COLUMN_KINDS: dict[str, Callable[[], Parser]] = {}


def register_column_kind(kind: str, factory: Callable[[], Parser]) -> None:
    """Columns of `kind` are parsed by `factory()`, built once per import: it may read what it
    needs from the database once for the whole file (network registers "municipality")."""
    COLUMN_KINDS[kind] = factory


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
