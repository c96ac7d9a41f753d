"""Charts rendered on the server: a Vega-Lite specification built here, turned into SVG by
vl-convert (no JavaScript in the page, and the same SVG goes into PDFs). Rendering costs some tens
of milliseconds, so each chart is cached under a key that changes whenever its data changes.

The SVG is marked safe only because it is rendered from a specification we build ourselves;
vl-convert escapes every text (area names, labels) it writes into the SVG."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import vl_convert as vlc
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ponte.pathways.models import Person
from ponte.pathways.selectors import ScorePoint, score_series

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CACHE_SECONDS = 60 * 60 * 24 * 30

# d3 locales of the interface languages (Ladin pages use Italian dates and numbers).
D3_LOCALES = {"it": "it-IT", "lld": "it-IT", "de": "de-DE", "en": "en-GB"}


def d3_locale(language: str | None) -> str:
    return D3_LOCALES.get((language or "it").split("-")[0], "it-IT")


def render_svg(spec: dict[str, Any], *, language: str | None = None) -> SafeString:
    """The SVG of a Vega-Lite specification, with dates and numbers in the page's language."""
    locale: Any = d3_locale(language or get_language())
    svg = vlc.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
    return mark_safe(svg)  # noqa: S308 - our own specification, rendered by vl-convert


def cached_svg(key: str, spec_builder: Any, *, language: str | None = None) -> SafeString:
    """render_svg(spec_builder()) cached under key and language; spec_builder is called only
    when the chart is not in the cache."""
    language = language or get_language() or "it"
    full_key = f"ponte:chart:{key}:{language}"
    svg = cache.get(full_key)
    if svg is None:
        svg = str(render_svg(spec_builder(), language=language))
        cache.set(full_key, svg, CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - see render_svg


def line_chart_spec(
    rows: Sequence[dict[str, Any]],
    *,
    description: str,
    x_title: str,
    y_title: str,
    y_domain: tuple[float, float] | None = None,
    series_title: str = "",
    series_order: Sequence[str] = (),
) -> dict[str, Any]:
    """A line chart of rows {"date": "YYYY-MM-DD", "series": name, "value": number}."""
    y: dict[str, Any] = {"field": "value", "type": "quantitative", "title": y_title}
    if y_domain:
        y["scale"] = {"domain": list(y_domain)}
        y["axis"] = {"tickMinStep": 1}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "width": 520,
        "height": 260,
        "data": {"values": list(rows)},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "date",
                "type": "temporal",
                "title": x_title,
                "scale": {"type": "utc"},
                "axis": {"format": "%b %Y", "labelOverlap": True, "tickCount": "month"},
            },
            "y": y,
            "color": {
                "field": "series",
                "type": "nominal",
                "title": series_title or None,
                "sort": list(series_order) or None,
                "legend": {"orient": "bottom", "columns": 3, "labelLimit": 240},
            },
            "strokeDash": {
                "condition": {"test": "datum.series !== datum.mainSeries", "value": [4, 3]},
                "value": [1, 0],
            },
        },
    }


@dataclass(frozen=True)
class ScoreChart:
    svg: SafeString
    # For the accessible table next to the chart.
    areas: list[str]
    points: list[ScorePoint]


def score_chart(person: Person) -> ScoreChart | None:
    """The mean score and each area's mean over time, for the assessments and the tutor
    evaluations of a person (same instrument, so comparable). None with no assessment."""
    areas, points = score_series(person)
    if not points:
        return None
    mean_label = _("Mean score")

    def spec() -> dict[str, Any]:
        rows: list[dict[str, Any]] = []
        for point in points:
            day = point.day.isoformat()
            rows.append({"date": day, "series": mean_label, "value": float(point.mean)})
            rows += [
                {"date": day, "series": area, "value": float(value)}
                for area, value in point.areas.items()
            ]
        for row in rows:
            row["mainSeries"] = mean_label
        return line_chart_spec(
            rows,
            description=_("Scores of the assessments over time, from 1 to 5"),
            x_title=_("Date"),
            y_title=_("Score (1–5)"),
            y_domain=(1, 5),
            series_order=[mean_label, *areas],
        )

    # The latest assessment's id changes with every new assessment or evaluation.
    key = f"scores:{person.pk}:{max(p.assessment_id for p in points)}:{len(points)}"
    return ScoreChart(svg=cached_svg(key, spec), areas=areas, points=points)
