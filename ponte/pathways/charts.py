"""The chart of a person's scores over time, built with the project's charting helpers
(ponte.core.charts: Vega-Lite rendered to SVG on the server, cached under a key that changes
whenever the data change)."""

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# The generic helpers live in core.charts; they are imported here under their old names
# (vlc too, so that tests can count the renderings through this module).
from ponte.core.charts import (  # noqa: F401
    CACHE_SECONDS,
    D3_LOCALES,
    VEGA_LITE_SCHEMA,
    cached_svg,
    d3_locale,
    line_chart_spec,
    render_svg,
    vlc,
)
from ponte.pathways.models import Person
from ponte.pathways.selectors.assessments import ScorePoint, score_series


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
