"""Charts rendered on the server, the one charting library of Ponte: a Vega-Lite specification
built in Python, turned into SVG by vl-convert. No JavaScript runs in the page, and the same SVG
goes into pages and PDFs.

Rendering costs some tens of milliseconds per chart, so every chart is cached: `chart_svg(spec)`
under a hash of the specification itself (which holds the data, so new data make a new key and
an unchanged chart is never rendered twice), `cached_svg(key, builder)` under a key the caller
derives from the data's version when even building the specification costs queries.

The SVG is marked safe only because it is rendered from a specification we build ourselves;
vl-convert escapes every text (names, labels) it writes into the SVG.

The spec builders take rows of plain dicts, the shape Vega-Lite reads:
- line_chart_spec: {"date": "YYYY-MM-DD", "series": name, "value": number}
- bar_chart_spec: {"category": label, "series": name, "value": number} (grouped or stacked)
- heatmap_spec: {"row": label, "column": label, "value": number}
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any

import vl_convert as vlc
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CACHE_SECONDS = 60 * 60 * 24 * 30
WIDTH = 520
HEIGHT = 260

# d3 locales of the interface languages (Ladin pages use Italian dates and numbers).
D3_LOCALES = {"it": "it-IT", "lld": "it-IT", "de": "de-DE", "en": "en-GB"}

# Colours with enough contrast on white (WCAG 3:1 for graphics), in a stable order.
PALETTE = [
    "#0066cc",  # Bootstrap Italia primary
    "#d1344c",
    "#008055",
    "#a66300",
    "#6f42c1",
    "#00798c",
    "#5c6f82",
    "#b3186c",
]


def d3_locale(language: str | None) -> str:
    return D3_LOCALES.get((language or "it").split("-")[0], "it-IT")


def render_svg(spec: dict[str, Any], *, language: str | None = None) -> SafeString:
    """The SVG of a Vega-Lite specification, with dates and numbers in the page's language."""
    locale: Any = d3_locale(language or get_language())
    svg = vlc.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
    return mark_safe(svg)  # noqa: S308 - our own specification, rendered by vl-convert


def cached_svg(
    key: str, spec_builder: Callable[[], dict[str, Any]], *, language: str | None = None
) -> SafeString:
    """render_svg(spec_builder()) cached under key and language; spec_builder is called only
    when the chart is not in the cache."""
    language = language or get_language() or "it"
    full_key = f"ponte:chart:{key}:{language}"
    svg: str | None = cache.get(full_key)
    if svg is None:
        svg = str(render_svg(spec_builder(), language=language))
        cache.set(full_key, svg, CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - see render_svg


def spec_key(spec: dict[str, Any]) -> str:
    """A short hash of a specification (data included): equal charts, equal keys."""
    raw = json.dumps(spec, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def chart_svg(spec: dict[str, Any], *, language: str | None = None) -> SafeString:
    """The SVG of spec, rendered once per specification and language."""
    return cached_svg(f"spec:{spec_key(spec)}", lambda: spec, language=language)


def _base(description: str, rows: Sequence[dict[str, Any]], height: int = HEIGHT) -> dict:
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": WIDTH,
        "height": height,
        "data": {"values": list(rows)},
        "config": {"range": {"category": PALETTE}, "font": "Titillium Web, sans-serif"},
    }


def _legend(series_title: str, series_order: Sequence[str]) -> dict[str, Any]:
    return {
        "field": "series",
        "type": "nominal",
        "title": series_title or None,
        "sort": list(series_order) or None,
        "legend": {"orient": "bottom", "columns": 3, "labelLimit": 240},
    }


def _integer_axis(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Whole-number ticks (small counts would otherwise get 0.5 steps)."""
    axis: dict[str, Any] = {"tickMinStep": 1, "format": ",d"}
    values = [row["value"] for row in rows if isinstance(row.get("value"), int | float)]
    top = max(values, default=0)
    if 0 <= top <= 10:
        axis["values"] = list(range(0, int(top) + 1))
    return axis


def line_chart_spec(
    rows: Sequence[dict[str, Any]],
    *,
    description: str,
    x_title: str,
    y_title: str,
    y_domain: tuple[float, float] | None = None,
    series_title: str = "",
    series_order: Sequence[str] = (),
    date_format: str = "%b %Y",
    monthly: bool = False,
    integer: bool = False,
) -> dict[str, Any]:
    """A line chart of rows {"date": "YYYY-MM-DD", "series": name, "value": number}. Rows that
    carry "mainSeries" draw every other series dashed. `monthly`: one point per month (any day
    of the month stands for it); `integer`: counts, with whole-number ticks."""
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": y_title}
    if y_domain:
        y["scale"] = {"domain": list(y_domain)}
        y["axis"] = {"tickMinStep": 1}
    if integer:
        y["axis"] = _integer_axis(rows)
    x: dict[str, Any] = {
        "field": "date",
        "type": "temporal",
        "title": x_title,
        "scale": {"type": "utc"},
        "axis": {"format": date_format, "labelOverlap": True, "tickCount": "month"},
    }
    if monthly:
        x["timeUnit"] = "utcyearmonth"
    encoding: dict[str, Any] = {
        "x": x,
        "y": y,
        "color": _legend(series_title, series_order),
    }
    if any("mainSeries" in row for row in rows):
        encoding["strokeDash"] = {
            "condition": {"test": "datum.series !== datum.mainSeries", "value": [4, 3]},
            "value": [1, 0],
        }
    return {
        **_base(description, rows),
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
    }


def bar_chart_spec(
    rows: Sequence[dict[str, Any]],
    *,
    description: str,
    category_title: str,
    value_title: str,
    series_title: str = "",
    series_order: Sequence[str] = (),
    category_order: Sequence[str] = (),
    stacked: bool = False,
    horizontal: bool = False,
    value_format: str = "",
    integer: bool = False,
) -> dict[str, Any]:
    """Bars of rows {"category": label, "series": name, "value": number}: one bar per series
    side by side in each category (grouped), or piled up (stacked). Horizontal bars suit long
    category labels; `integer`: counts, with whole-number ticks; a single series has no
    legend (the value axis names it)."""
    category: dict[str, Any] = {
        "field": "category",
        "type": "nominal",
        "title": category_title,
        "sort": list(category_order) or None,
        "axis": {"labelLimit": 220, "labelAngle": 0} if horizontal else {"labelLimit": 140},
    }
    if horizontal:
        # Long labels leave no room for a vertical title: the labels say what they are.
        category["title"] = None
    value: dict[str, Any] = {
        "field": "value",
        "type": "quantitative",
        "title": value_title,
        "stack": "zero" if stacked else None,
    }
    if integer:
        value["axis"] = _integer_axis(rows)
    elif value_format:
        value["axis"] = {"format": value_format}
    series = {s for s in (row.get("series") for row in rows) if s is not None}
    encoding: dict[str, Any] = {"color": _legend(series_title, series_order)}
    if len(series) <= 1:
        encoding["color"]["legend"] = None
    tooltip_format = {"format": value_format} if value_format else {}
    encoding["tooltip"] = [
        {"field": "category", "type": "nominal", "title": category_title},
        {"field": "series", "type": "nominal", "title": series_title or value_title},
        {"field": "value", "type": "quantitative", "title": value_title, **tooltip_format},
    ]
    offset_channel = "yOffset" if horizontal else "xOffset"
    if not stacked and len(series) > 1:
        encoding[offset_channel] = {"field": "series", "sort": list(series_order) or None}
    if horizontal:
        encoding["y"], encoding["x"] = category, value
        categories = {row.get("category") for row in rows}
        height = max(120, min(900, 22 * len(categories) * (1 if stacked else max(1, len(series)))))
    else:
        encoding["x"], encoding["y"] = category, value
        height = HEIGHT
    return {**_base(description, rows, height), "mark": {"type": "bar"}, "encoding": encoding}


def heatmap_spec(
    rows: Sequence[dict[str, Any]],
    *,
    description: str,
    row_title: str,
    column_title: str,
    value_title: str,
    row_order: Sequence[str] = (),
    column_order: Sequence[str] = (),
) -> dict[str, Any]:
    """A matrix of rows {"row": label, "column": label, "value": number}, each cell coloured by
    its value and labelled with it (e.g. transitions from one level to another)."""
    values = [row["value"] for row in rows if isinstance(row.get("value"), (int, float))]
    middle = (max(values) / 2) if values else 0
    x = {
        "field": "column",
        "type": "nominal",
        "title": column_title,
        "sort": list(column_order) or None,
        "axis": {"labelAngle": 0, "labelLimit": 120, "orient": "top"},
    }
    y = {
        "field": "row",
        "type": "nominal",
        "title": row_title,
        "sort": list(row_order) or None,
        "axis": {"labelLimit": 160},
    }
    size = max(len(row_order), len({row["row"] for row in rows}), 1)
    return {
        **_base(description, rows, height=min(400, 40 * size)),
        "encoding": {"x": x, "y": y},
        "layer": [
            {
                "mark": {"type": "rect"},
                "encoding": {
                    "color": {
                        "field": "value",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": {"scheme": "blues"},
                        # Every cell prints its value: no colour legend needed.
                        "legend": None,
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": "value", "type": "quantitative"},
                    "color": {
                        "condition": {"test": f"datum.value > {middle}", "value": "#ffffff"},
                        "value": "#1a1a1a",
                    },
                },
            },
        ],
    }
