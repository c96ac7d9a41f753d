"""Reads of assessments: a person's assessments and scores, the functional profile shown
outside the care team, the series of the chart."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg

from ponte.pathways.models import Assessment, ItemScore, Person


def assessments_of(person: Person) -> list[Assessment]:
    return list(
        person.assessments.select_related(
            "confirmed_level", "assessor", "placement__service", "placement__opening"
        )
    )


def assessment_with_scores(assessment: Assessment) -> list[ItemScore]:
    return list(assessment.scores.select_related("item__area"))


def latest_assessment(person: Person) -> Assessment | None:
    """The latest assessment of work functioning (not a tutor's evaluation)."""
    return (
        person.assessments.filter(kind=Assessment.Kind.ASSESSMENT)
        .select_related("confirmed_level")
        .order_by("-assessed_on", "-id")
        .first()
    )


def functional_profile(person: Person) -> dict[str, Any]:
    """What is shown of a person outside the care team (docs/privacy.md, "Terms": a company
    tutor, the Tavolo Tecnico): level, the items of the latest assessment, skills, availability
    and municipality; never names, basis of disadvantage or diary."""
    assessment = latest_assessment(person)
    return {
        "person": person,
        "assessment": assessment,
        "scores": assessment_with_scores(assessment) if assessment else [],
    }


@dataclass(frozen=True)
class ScorePoint:
    """One assessment or evaluation on the chart: its mean and the mean of each area."""

    assessment_id: int
    code: str
    day: date
    kind: str
    mean: Decimal
    areas: dict[str, Decimal]


def score_series(person: Person) -> tuple[list[str], list[ScorePoint]]:
    """The area names (in the instrument's order) and the points of every assessment and tutor
    evaluation of a person, oldest first: one query."""
    rows = (
        ItemScore.objects.filter(assessment__person=person)
        .values(
            "assessment_id",
            "assessment__code",
            "assessment__assessed_on",
            "assessment__kind",
            "assessment__mean_score",
            "item__area__order",
            "item__area__name",
        )
        .annotate(area_mean=Avg("score"))
        .order_by("assessment__assessed_on", "assessment_id", "item__area__order")
    )
    areas: list[str] = []
    points: dict[int, ScorePoint] = {}
    for row in rows:
        area = row["item__area__name"]
        if area not in areas:
            areas.append(area)
        point = points.get(row["assessment_id"])
        if point is None:
            point = points[row["assessment_id"]] = ScorePoint(
                assessment_id=row["assessment_id"],
                code=row["assessment__code"],
                day=row["assessment__assessed_on"],
                kind=row["assessment__kind"],
                mean=row["assessment__mean_score"],
                areas={},
            )
        point.areas[area] = Decimal(str(row["area_mean"])).quantize(Decimal("0.01"))
    return areas, list(points.values())
