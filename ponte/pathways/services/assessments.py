"""Writes of assessments and levels: the level a set of scores suggests, a change of level,
an assessment (or a tutor's evaluation) with its scores."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import (
    Assessment,
    Instrument,
    Item,
    ItemScore,
    Level,
    LevelChange,
    Person,
    Placement,
)

# Suggested level from the mean score (docs/domain.md, "Assessment"): m < 1.8 → 1, < 2.6 → 2,
# < 3.4 → 3, < 4.2 → 4, otherwise 5; an item scored 1 caps the suggestion at 2.
LEVEL_THRESHOLDS = (
    (Decimal("1.8"), 1),
    (Decimal("2.6"), 2),
    (Decimal("3.4"), 3),
    (Decimal("4.2"), 4),
)
CAP_WHEN_ANY_ITEM_IS_1 = 2


def suggested_level(scores: Iterable[int]) -> tuple[Decimal, int]:
    """The mean score (two decimals) and the level it suggests."""
    values = list(scores)
    if not values:
        raise ValidationError(_("Score at least one item."))
    if any(not 1 <= value <= 5 for value in values):
        raise ValidationError(_("Every score must be between 1 and 5."))
    mean = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    level = next((lvl for threshold, lvl in LEVEL_THRESHOLDS if mean < threshold), 5)
    if 1 in values:
        level = min(level, CAP_WHEN_ANY_ITEM_IS_1)
    return mean, level


def level_change(
    *,
    person: Person,
    to_level: Level,
    cause: str,
    on: date,
    by: User | None,
    note: str = "",
) -> LevelChange | None:
    """Record a change of level (nothing when the level stays the same)."""
    if person.level_id == to_level.pk:
        return None
    change = LevelChange.objects.create(
        person=person,
        from_level_id=person.level_id,
        to_level=to_level,
        cause=cause,
        changed_on=on,
        changed_by=by,
        note=note,
    )
    person.level = to_level
    person.save(update_fields=["level", "updated_at"])
    return change


@dataclass(frozen=True)
class ScoreInput:
    score: int
    icf_code: str = ""
    icf_qualifier: int | None = None


@transaction.atomic
def assessment_record(
    *,
    person: Person,
    by: User,
    assessed_on: date,
    setting: str,
    scores: Mapping[int, ScoreInput],
    instrument: Instrument | None = None,
    kind: str = Assessment.Kind.ASSESSMENT,
    placement: Placement | None = None,
    confirmed_level: Level | None = None,
    confirmation_reason: str = "",
    notes: str = "",
) -> Assessment:
    """Scores every item of the instrument (keyed by item id). A case worker's assessment
    confirms a level (with a reason when it differs from the suggestion) and records the change;
    a tutor's evaluation does not change the level."""
    instrument = instrument or Instrument.objects.get(is_default=True)
    items = list(Item.objects.filter(area__instrument=instrument))
    if {item.pk for item in items} != set(scores):
        raise ValidationError(_("Score every item of the instrument."))
    mean, suggestion = suggested_level(s.score for s in scores.values())
    if kind == Assessment.Kind.ASSESSMENT:
        if confirmed_level is None:
            raise ValidationError({"confirmed_level": _("Confirm the level.")})
        if confirmed_level.number != suggestion and not confirmation_reason.strip():
            raise ValidationError(
                {
                    "confirmation_reason": _(
                        "Explain why the confirmed level differs from the suggested one."
                    )
                }
            )
    elif placement is None:
        raise ValidationError(_("A tutor evaluation belongs to a placement."))
    assessment = Assessment(
        person=person,
        instrument=instrument,
        kind=kind,
        placement=placement,
        assessed_on=assessed_on,
        assessor=by,
        setting=setting,
        mean_score=mean,
        suggested_level=suggestion,
        confirmed_level=confirmed_level if kind == Assessment.Kind.ASSESSMENT else None,
        confirmation_reason=confirmation_reason,
        notes=notes,
    )
    assessment.full_clean()
    assessment.save()
    rows = [
        ItemScore(
            assessment=assessment,
            item_id=item_id,
            score=value.score,
            icf_code=value.icf_code,
            icf_qualifier=value.icf_qualifier,
        )
        for item_id, value in scores.items()
    ]
    # The items were checked against the instrument and the scores by suggested_level(): the
    # per-row check is only for the ICF fields, without a query per row.
    for row in rows:
        row.full_clean(
            exclude=["assessment", "item"], validate_unique=False, validate_constraints=False
        )
    ItemScore.objects.bulk_create(rows)
    if assessment.confirmed_level is not None:
        level_change(
            person=person,
            to_level=assessment.confirmed_level,
            cause=LevelChange.Cause.ASSESSMENT,
            on=assessed_on,
            by=by,
            note=confirmation_reason,
        )
    return assessment
