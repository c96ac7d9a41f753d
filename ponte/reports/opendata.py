"""Open data (`/dati/`): the indicators of a complete calendar year as they may leave the
district — only the people who consent to statistics, counts below 5 suppressed — as one
document that the page, the CSV and JSON downloads and the API (/api/v1/) all read.

`open_indicators(year)` is the stable entry point: the JSON document. It is cached per year and
language under a version that changes with the data (core.cache.data_version), so the page, the
downloads and the API compute the indicators once."""

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ponte.core.cache import PAGE_TTL, data_version
from ponte.core.exports import neutralised_row
from ponte.core.suppression import SUPPRESSED, THRESHOLD, suppressed
from ponte.marketplace.models import Exchange
from ponte.pathways.models import (
    Attendance,
    Consent,
    FollowUp,
    LevelChange,
    Person,
    Placement,
    Referral,
    Service,
)
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement, SubProject
from ponte.reports.indicators import INDICATORS, Scope, compute_all

FIRST_YEAR = 2000
# Tables longer than this show their first rows on the page; the downloads hold them all.
PAGE_ROWS = 50


def last_complete_year(today: date | None = None) -> int:
    return (today or date.today()).year - 1


def valid_year(value: object, today: date | None = None) -> int:
    """The year asked for, as an int; Http404 with a clear message for anything that is not a
    complete calendar year from FIRST_YEAR on."""
    last = last_complete_year(today)
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= last:
        raise Http404(
            _("Open data is published for the complete years from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": last}
        )
    return year


def years(today: date | None = None, *, count: int = 10) -> list[int]:
    """The years the page offers, latest first."""
    last = last_complete_year(today)
    return list(range(last, max(FIRST_YEAR, last - count + 1) - 1, -1))


def opendata_version(request: HttpRequest | None = None) -> str:
    """Changes when any data behind the indicators changes (one query), and every day. Rows
    without a time of update (attendance, level changes, follow-ups, values) are seen when
    added; an edit of one shows within the cache's lifetime."""
    stamped: list[type[Model]] = [Person, Placement, Referral, Consent, Exchange, Service]
    stamped += [SubProject, BudgetLine, Movement, Indicator]
    added: list[type[Model]] = [Attendance, LevelChange, FollowUp, IndicatorValue]
    return data_version(
        request,
        "opendata",
        *(f"SELECT MAX(updated_at) FROM {m._meta.db_table}" for m in stamped),  # noqa: S608
        *(f"SELECT MAX(id) FROM {m._meta.db_table}" for m in added),  # noqa: S608
        salt=str(date.today()),
    )


def _number(value: Any) -> Any:
    """A cell as JSON holds it: numbers stay numbers (Decimal as float), "<5" a string."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
    return value


def open_indicators(year: int) -> dict[str, Any]:
    """The open indicators of a complete calendar year: {"period": {...}, "indicators": [{"key",
    "title", "dimension", "unit", "definition", "columns", "rows"}]}, titles in the active
    language, numbers as JSON numbers, counts below 5 as "<5". Http404 for a year that is not
    open (see valid_year)."""
    document = open_tables(year)
    return {
        **document,
        "indicators": [
            {**item, "rows": [[row[0], *map(_number, row[1:])] for row in item["rows"]]}
            for item in document["indicators"]
        ],
    }


def open_tables(year: int, request: HttpRequest | None = None) -> dict[str, Any]:
    """The document of open_indicators() with the numbers as computed (Decimal for amounts,
    hours and rates), for the page and the CSV; cached per year, language and data version
    (read once per request when the request is given)."""
    year = valid_year(year)
    key = f"opendata:{year}:{get_language()}:{opendata_version(request)}"
    document: dict[str, Any] | None = cache.get(key)
    if document is None:
        document = _document(year)
        cache.set(key, document, PAGE_TTL)
    return document


def _document(year: int) -> dict[str, Any]:
    scope = Scope(date(year, 1, 1), date(year, 12, 31), statistics_consent_only=True)
    return {
        "period": {
            "year": year,
            "start": scope.start.isoformat(),
            "end": scope.end.isoformat(),
        },
        "statistics_consent_only": True,
        "suppression": {"threshold": THRESHOLD, "shown_as": SUPPRESSED},
        "indicators": [
            {
                "key": item.key,
                "title": str(item.title),
                "dimension": item.dimension,
                "dimension_label": item.dimension_label,
                "unit": str(item.unit),
                "definition": str(item.definition),
                "columns": [str(column) for column in table.columns],
                "rows": [[str(row[0]), *row[1:]] for row in table.rows],
            }
            for item, table in ((item, suppressed(table)) for item, table in compute_all(scope))
        ],
    }


def open_indicators_csv(year: int, request: HttpRequest | None = None) -> str:
    """The document in a tidy CSV: one line per indicator, row, column and value (numbers with
    a decimal point, "<5" for a suppressed count, empty for no value)."""
    document = open_tables(year, request)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["year", "indicator", "title", "dimension", "unit", "row", "column", "value"])
    # Titles and labels come from what members typed (a sub-project's title): never a formula.
    for item in document["indicators"]:
        for row in item["rows"]:
            for column, value in zip(item["columns"][1:], row[1:], strict=True):
                writer.writerow(
                    neutralised_row(
                        [
                            year,
                            item["key"],
                            item["title"],
                            item["dimension"],
                            item["unit"],
                            row[0],
                            column,
                            "" if value is None else value,
                        ]
                    )
                )
    return out.getvalue()


def display(value: Any) -> str:
    """A cell as the page shows it: numbers in the Italian format, "—" for no value."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
        else:
            places = 1 if round(value, 1) == value else 2
            return formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def page_sections(year: int, request: HttpRequest | None = None) -> list[dict[str, Any]]:
    """The document grouped by dimension, in the order of the dimensions, for the page."""
    document = open_tables(year, request)
    sections: list[dict[str, Any]] = []
    for value, label in Indicator.Dimension.choices:
        items = [
            {
                **item,
                "shown_rows": [
                    [row[0], *map(display, row[1:])] for row in item["rows"][:PAGE_ROWS]
                ],
                "more_rows": max(0, len(item["rows"]) - PAGE_ROWS),
            }
            for item in document["indicators"]
            if item["dimension"] == value
        ]
        if items:
            sections.append({"dimension": value, "label": str(label), "indicators": items})
    return sections


def definitions() -> list[dict[str, Any]]:
    """Each indicator's definition, dimension and unit, for the explanation page."""
    return [
        {
            "key": item.key,
            "title": str(item.title),
            "dimension": item.dimension_label,
            "unit": str(item.unit),
            "definition": str(item.definition),
        }
        for item in INDICATORS
    ]
