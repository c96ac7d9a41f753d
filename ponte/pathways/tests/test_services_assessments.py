"""assessment_record: assessments by case workers and tutor evaluations
(services/assessments.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways import services
from ponte.pathways.models import Assessment, ItemScore, Level, LevelChange, Placement
from ponte.pathways.services.assessments import ScoreInput
from ponte.pathways.tests.service_helpers import default_items, scores_for

TODAY = date.today()


def level(number: int) -> Level:
    return Level.objects.get(number=number)


def counts() -> tuple[int, int, int]:
    return Assessment.objects.count(), ItemScore.objects.count(), LevelChange.objects.count()


def record(person, by, **fields):
    fields.setdefault("assessed_on", TODAY)
    fields.setdefault("setting", Assessment.Setting.LABORATORY)
    fields.setdefault("scores", scores_for(3))
    return services.assessment_record(person=person, by=by, **fields)


def test_the_default_instrument_has_twelve_items(db):
    assert len(default_items()) == 12


def test_it_saves_the_scores_the_mean_and_the_suggested_level(person, worker_a):
    values = [2, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3]  # mean 2.83
    assessment = record(person, worker_a, scores=scores_for(values), confirmed_level=level(3))
    assert assessment.mean_score == Decimal("2.83")
    assert assessment.suggested_level == 3
    assert assessment.confirmed_level == level(3)
    assert sorted(assessment.scores.values_list("score", flat=True)) == sorted(values)
    assert assessment.kind == Assessment.Kind.ASSESSMENT
    assert assessment.instrument.is_default


def test_it_keeps_the_icf_code_and_qualifier_of_an_item(person, worker_a):
    scores = scores_for(3)
    first = next(iter(scores))
    scores[first] = ScoreInput(score=2, icf_code="d720", icf_qualifier=2)
    assessment = record(person, worker_a, scores=scores, confirmed_level=level(3))
    row = assessment.scores.get(item_id=first)
    assert (row.score, row.icf_code, row.icf_qualifier) == (2, "d720", 2)


def test_every_item_is_required(person, worker_a):
    scores = scores_for(3)
    scores.pop(next(iter(scores)))
    before = counts()
    with pytest.raises(ValidationError):
        record(person, worker_a, scores=scores, confirmed_level=level(3))
    assert counts() == before


def test_an_item_of_another_instrument_is_refused(person, worker_a):
    scores = scores_for(3)
    scores[max(scores) + 1000] = ScoreInput(score=3)
    before = counts()
    with pytest.raises(ValidationError):
        record(person, worker_a, scores=scores, confirmed_level=level(3))
    assert counts() == before


@pytest.mark.parametrize("bad", [0, 6])
def test_a_score_outside_1_to_5_saves_nothing(person, worker_a, bad):
    values = [3] * 11 + [bad]
    before = counts()
    with pytest.raises(ValidationError):
        record(person, worker_a, scores=scores_for(values), confirmed_level=level(3))
    assert counts() == before
    person.refresh_from_db()
    assert person.level.number == 0


def test_a_bad_icf_qualifier_saves_nothing_not_even_the_assessment(person, worker_a):
    """The qualifier is checked after the assessment row is written: the transaction undoes it."""
    scores = scores_for(3)
    scores[next(iter(scores))] = ScoreInput(score=3, icf_code="d720", icf_qualifier=7)
    before = counts()
    with pytest.raises(ValidationError):
        record(person, worker_a, scores=scores, confirmed_level=level(3))
    assert counts() == before
    person.refresh_from_db()
    assert person.level.number == 0


def test_an_assessment_must_confirm_a_level(person, worker_a):
    before = counts()
    with pytest.raises(ValidationError) as error:
        record(person, worker_a, confirmed_level=None)
    assert "confirmed_level" in error.value.message_dict
    assert counts() == before


def test_a_confirmed_level_other_than_the_suggested_one_needs_a_reason(person, worker_a):
    before = counts()
    with pytest.raises(ValidationError) as error:
        record(person, worker_a, confirmed_level=level(2), confirmation_reason="  ")
    assert "confirmation_reason" in error.value.message_dict
    assert counts() == before


def test_with_a_reason_the_operator_may_confirm_another_level(person, worker_a):
    assessment = record(
        person,
        worker_a,
        confirmed_level=level(2),
        confirmation_reason="Prima esperienza di lavoro: meglio un passo alla volta.",
    )
    assert assessment.suggested_level == 3
    assert assessment.confirmed_level == level(2)
    person.refresh_from_db()
    assert person.level.number == 2


def test_confirming_the_suggested_level_needs_no_reason(person, worker_a):
    assessment = record(person, worker_a, confirmed_level=level(3))
    assert assessment.confirmation_reason == ""


def test_a_new_level_is_recorded_in_the_history_with_cause_assessment(person, worker_a):
    day = TODAY - timedelta(days=3)
    record(person, worker_a, assessed_on=day, confirmed_level=level(3))
    person.refresh_from_db()
    assert person.level.number == 3
    change = person.level_changes.get(cause=LevelChange.Cause.ASSESSMENT)
    assert (change.from_level.number, change.to_level.number) == (0, 3)
    assert change.changed_on == day
    assert change.changed_by == worker_a


def test_confirming_the_current_level_adds_no_level_change(person, worker_a):
    record(person, worker_a, confirmed_level=level(3))
    before = person.level_changes.count()
    record(person, worker_a, confirmed_level=level(3))
    assert person.level_changes.count() == before
    assert person.assessments.count() == 2


def test_a_lower_level_is_recorded_too(person, worker_a):
    record(person, worker_a, confirmed_level=level(3))
    record(person, worker_a, scores=scores_for(2), confirmed_level=level(2))
    person.refresh_from_db()
    assert person.level.number == 2
    latest = person.level_changes.first()
    assert (latest.from_level.number, latest.to_level.number) == (3, 2)


def test_a_tutor_evaluation_needs_a_placement(person, worker_a):
    before = counts()
    with pytest.raises(ValidationError):
        record(person, worker_a, kind=Assessment.Kind.MIDTERM)
    assert counts() == before


@pytest.mark.parametrize("kind", [Assessment.Kind.MIDTERM, Assessment.Kind.FINAL])
def test_a_tutor_evaluation_never_changes_the_level(person, worker_a, make_placement, kind):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    changes = person.level_changes.count()
    evaluation = record(
        person,
        worker_a,
        kind=kind,
        placement=placement,
        setting=Assessment.Setting.COOPERATIVE,
        scores=scores_for(5),
        confirmed_level=level(5),  # ignored: a tutor does not confirm levels
    )
    assert evaluation.suggested_level == 5
    assert evaluation.confirmed_level is None
    assert evaluation.placement == placement
    person.refresh_from_db()
    assert person.level.number == 0
    assert person.level_changes.count() == changes
