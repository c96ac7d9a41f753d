"""The charts of the indicators, for the dashboard and the funder reports: each one an SVG drawn
by ponte.core.charts (Vega-Lite, rendered on the server and cached under a hash of its data)
from the indicators' tables, with the same table next to it.

Two ways in:
- `chart_for(indicator, table)`: the SVG of one indicator's table (e.g. a suppressed one, in a
  PDF), or None when the indicator has no chart or nothing to draw;
- `charts_for(scope)`: every chart of the dashboard, in display order, each a `Chart` with its
  title, definition, SVG and table (numbers formatted for the page's language in
  `Chart.formatted_rows`). The people in charge come as a monthly series over the period.

Only aggregates are drawn: levels, kinds, outcomes, services' kinds, sub-projects — never a
person. With `suppress=True` counts from 1 to 4 become "<5" in tables and are left out of the
charts."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from ponte.core.charts import bar_chart_spec, chart_svg, heatmap_spec, line_chart_spec
from ponte.core.suppression import Table, suppressed
from ponte.reports import indicators as ind
from ponte.reports.indicators import Indicator, Scope
from ponte.reports.selectors import dashboard_version, people_in_charge_by_month

# Long tables (one row per sub-project or per indicator) are cut on the dashboard; the
# sub-project filter and the funder report show every row.
MAX_TABLE_ROWS = 40
MAX_CHART_CATEGORIES = 15
MAX_BUDGET_CATEGORIES = 8  # four bars each
CACHE_SECONDS = 60 * 10
Spec = dict[str, Any]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    definition: str
    svg: SafeString | None
    table: Table
    note: str = ""  # e.g. that the table shows only its first rows
    hidden_rows: int = 0
    chart_note: str = ""  # e.g. that the chart shows only the largest sub-projects

    @property
    def formatted_rows(self) -> list[list[str]]:
        return [[format_cell(value) for value in row] for row in self.table.rows]


def format_cell(value: Any) -> str:
    """A table cell in the page's language: 1.234 and 12,5 in Italian; — for no value."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, float):
        return formats.number_format(round(value, 1), 1, force_grouping=True)
    return formats.number_format(value, force_grouping=True)


def _number(value: Any) -> float | None:
    """A value a chart can draw (suppressed "<5" and missing values are left out)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(value)


def _body(table: Table) -> list[list[Any]]:
    """The rows without the total row that most tables end with."""
    total = gettext("Total")
    return [row for row in table.rows if row[0] != total]


def _bars(
    table: Table,
    indicator: Indicator,
    columns: list[int],
    *,
    value_title: str,
    stacked: bool = False,
    skip_empty: bool = True,
    rows: list[list[Any]] | None = None,
    value_format: str = "",
    category_title: str = "",
) -> Spec | None:
    data = []
    for row in rows if rows is not None else _body(table):
        values = [(table.columns[i], _number(row[i])) for i in columns]
        if skip_empty and not any(v for _name, v in values):
            continue
        data += [
            {"category": str(row[0]), "series": name, "value": value}
            for name, value in values
            if value is not None
        ]
    if not data:
        return None
    categories = list(dict.fromkeys(str(row["category"]) for row in data))
    return bar_chart_spec(
        data,
        description=str(indicator.title),
        category_title=category_title or table.columns[0],
        value_title=value_title,
        series_order=[table.columns[i] for i in columns],
        category_order=categories,
        stacked=stacked,
        horizontal=True,
        value_format=value_format,
        integer=table.counts
        and not value_format
        and all(isinstance(row["value"], float) and row["value"].is_integer() for row in data),
    )


def _people_in_charge(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [1], value_title=table.columns[1])


def _intake(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [1], value_title=table.columns[1])


def _transitions(indicator: Indicator, table: Table) -> Spec | None:
    levels = [str(row[0]) for row in _body(table)]
    # Columns by the level's number only ("2" for "2 · Tirocinio in cooperativa"): the rows
    # carry the names.
    numbers = [level.split(" · ")[0] for level in levels]
    data = [
        {"row": str(row[0]), "column": numbers[i - 1], "value": _number(row[i])}
        for row in _body(table)
        for i in range(1, len(levels) + 1)
        if _number(row[i]) is not None
    ]
    if not any(cell["value"] for cell in data):
        return None
    return heatmap_spec(
        data,
        description=str(indicator.title),
        row_title=gettext("From level"),
        column_title=gettext("To level"),
        value_title=gettext("Level changes"),
        row_order=levels,
        column_order=numbers,
    )


def _placements_started(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [1], value_title=table.columns[1])


def _placements_ended(indicator: Indicator, table: Table) -> Spec | None:
    outcomes = list(range(1, len(table.columns) - 1))  # without the total column
    return _bars(table, indicator, outcomes, value_title=str(indicator.unit), stacked=True)


def _employment_rate(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [3], value_title=table.columns[3], skip_empty=False)


def _hours(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [2, 3], value_title=str(indicator.unit))


def _occupancy(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(table, indicator, [2, 3], value_title=gettext("Places and placements"))


def _marketplace(indicator: Indicator, table: Table) -> Spec | None:
    return _bars(
        table,
        indicator,
        [1],
        value_title=table.columns[1],
        rows=table.rows[:2],
        value_format=",.2f",
    )


def _budget(indicator: Indicator, table: Table) -> Spec | None:
    suffix = gettext("%(title)s · revenues vs costs") % {"title": ""}
    totals = [row for row in table.rows if str(row[0]).endswith(suffix)]
    totals = sorted(totals, key=lambda row: -(_number(row[1]) or 0))[:MAX_BUDGET_CATEGORIES]
    rows = [[str(row[0])[: -len(suffix)], *row[1:]] for row in totals]
    return _bars(
        table,
        indicator,
        [1, 2, 3, 4],
        value_title="€",
        rows=rows,
        value_format=",.0f",
        category_title=gettext("Sub-project"),
    )


def _budget_subprojects(table: Table) -> int:
    suffix = gettext("%(title)s · revenues vs costs") % {"title": ""}
    return sum(1 for row in table.rows if str(row[0]).endswith(suffix))


def _subproject_indicators(indicator: Indicator, table: Table) -> Spec | None:
    rows = [row for row in table.rows if _number(row[4]) is not None][:MAX_CHART_CATEGORIES]
    return _bars(table, indicator, [4], value_title=table.columns[4], rows=rows)


SPECS: dict[str, Callable[[Indicator, Table], Spec | None]] = {
    "people_in_charge": _people_in_charge,
    "intake": _intake,
    "transitions": _transitions,
    "placements_started": _placements_started,
    "placements_ended": _placements_ended,
    "employment_rate": _employment_rate,
    "hours": _hours,
    "occupancy": _occupancy,
    "marketplace": _marketplace,
    "budget": _budget,
    "subproject_indicators": _subproject_indicators,
}


def chart_for(indicator: Indicator, table: Table) -> SafeString | None:
    """The SVG chart of an indicator's table (as computed, or suppressed), rendered once per
    data and language; None when there is nothing to draw."""
    builder = SPECS.get(indicator.key)
    spec = builder(indicator, table) if builder else None
    return chart_svg(spec) if spec else None


def people_by_month_chart(table: Table) -> SafeString | None:
    """The line chart of the people in charge at the end of each month, by level."""
    levels = table.columns[1:-1]
    data = [
        {"date": row[0].isoformat(), "series": name, "value": _number(row[i])}
        for row in table.rows
        for i, name in enumerate(levels, start=1)
        if _number(row[i]) is not None
    ]
    if not data:
        return None
    spec = line_chart_spec(
        data,
        description=gettext("People in charge at the end of each month, by level"),
        x_title=gettext("Month"),
        y_title=gettext("People"),
        series_title=gettext("Level"),
        series_order=levels,
        monthly=True,
        integer=True,
    )
    return chart_svg(spec)


def _str(text: str | Promise) -> str:
    return str(text)


def _cut(table: Table) -> tuple[Table, int]:
    hidden = max(0, len(table.rows) - MAX_TABLE_ROWS)
    return (replace(table, rows=table.rows[:MAX_TABLE_ROWS]) if hidden else table), hidden


def _build(scope: Scope, *, suppress: bool) -> list[Chart]:
    charts: list[Chart] = []
    monthly = people_in_charge_by_month(scope)
    if suppress:
        monthly = suppressed(monthly)
    charts.append(
        Chart(
            key="people_in_charge",
            title=gettext("People in charge over time"),
            definition=gettext(
                "People with an open pathway at the end of each month of the period (the last "
                "row on the last day of the period), by their level on that day."
            ),
            svg=people_by_month_chart(monthly),
            table=monthly,
        )
    )
    for indicator, table in ind.compute_all(scope):
        if indicator.key == "people_in_charge":
            continue  # its monthly series above ends with the same numbers
        if suppress:
            table = suppressed(table)
        shown, hidden = _cut(table)
        note = ""
        if hidden:
            note = gettext(
                "The table shows the first %(shown)s rows of %(total)s: choose a sub-project "
                "to see its own rows; the funder report has them all."
            ) % {"shown": len(shown.rows), "total": len(table.rows)}
        charts.append(
            Chart(
                key=indicator.key,
                title=_str(indicator.title),
                definition=_str(indicator.definition),
                svg=chart_for(indicator, table),
                table=shown,
                note=note,
                hidden_rows=hidden,
                chart_note=_chart_note(indicator, table),
            )
        )
    return charts


def _chart_note(indicator: Indicator, table: Table) -> str:
    """What a chart leaves out of its table, said under the chart."""
    if indicator.key == "budget" and _budget_subprojects(table) > MAX_BUDGET_CATEGORIES:
        return gettext(
            "The chart shows the %(count)s sub-projects with the largest planned costs."
        ) % {"count": MAX_BUDGET_CATEGORIES}
    if indicator.key == "subproject_indicators" and len(table.rows) > MAX_CHART_CATEGORIES:
        return gettext("The chart shows the first %(count)s indicators with a value.") % {
            "count": MAX_CHART_CATEGORIES
        }
    return ""


def scope_key(scope: Scope) -> str:
    parts = [
        scope.start.isoformat(),
        scope.end.isoformat(),
        scope.valley.code if scope.valley else "",
        ",".join(sorted(s.code for s in scope.subprojects)),
        str(scope.statistics_consent_only),
    ]
    return "|".join(parts)


def charts_for(scope: Scope, *, suppress: bool = False) -> list[Chart]:
    """Every chart of the dashboard for the scope. The whole list is cached under the scope,
    the language and the version of the data (one query), so a repeated view computes and
    renders nothing; any change through Ponte, and every new day, makes a new version."""
    raw = f"{scope_key(scope)}|{suppress}|{get_language()}|{dashboard_version()}"
    key = "ponte:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    charts: list[Chart] | None = cache.get(key)
    if charts is None:
        charts = _build(scope, suppress=suppress)
        cache.set(key, charts, CACHE_SECONDS)
    return charts
