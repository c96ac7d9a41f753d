"""plan_write: versions of the individual plan (services/plans.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from ponte.pathways import services
from ponte.pathways.models import Goal, Plan

TODAY = date.today()


def write(person, by, goals=(("Arrivare puntuale ogni giorno", None),), **fields) -> Plan:
    fields.setdefault("objectives", "Consolidare le abitudini lavorative.")
    return services.plan_write(person=person, by=by, goals=goals, **fields)


def test_each_plan_is_a_new_version_and_earlier_ones_are_kept(person, worker_a):
    for n in range(1, 4):
        plan = write(person, worker_a, objectives=f"Versione {n}", goals=[(f"Obiettivo {n}", None)])
        assert plan.version == n
    plans = list(person.plans.all())
    assert [p.version for p in plans] == [3, 2, 1]
    assert [p.objectives for p in plans] == ["Versione 3", "Versione 2", "Versione 1"]
    assert [list(p.goals.values_list("text", flat=True)) for p in plans] == [
        ["Obiettivo 3"],
        ["Obiettivo 2"],
        ["Obiettivo 1"],
    ]


def test_versions_are_counted_per_person(person, other_person, worker_a):
    write(person, worker_a)
    write(person, worker_a)
    assert write(other_person, worker_a).version == 1


# Six months after 31 August is the last day of February: the 29th in a leap year.
@pytest.mark.time_machine(datetime(2027, 8, 31, 10, tzinfo=UTC))
def test_the_next_review_is_six_months_ahead_by_default(person, worker_a):
    plan = write(person, worker_a)
    assert plan.next_review == date(2028, 2, 29)


def test_a_given_next_review_and_signature_are_kept(person, worker_a):
    review = TODAY + timedelta(days=90)
    plan = write(person, worker_a, next_review=review, signed_on=TODAY)
    plan.refresh_from_db()
    assert (plan.next_review, plan.signed_on, plan.written_by) == (review, TODAY, worker_a)


def test_goals_keep_their_target_dates_and_blank_ones_are_dropped(person, worker_a):
    target = TODAY + timedelta(days=60)
    plan = write(
        person,
        worker_a,
        goals=[("  Usare l'autobus da solo  ", target), ("   ", None), ("Turni di 4 ore", None)],
    )
    assert sorted(plan.goals.values_list("text", "target_date"), key=str) == sorted(
        [("Usare l'autobus da solo", target), ("Turni di 4 ore", None)], key=str
    )


@pytest.mark.parametrize("goals", [[], [("", None)], [("   ", TODAY)]])
def test_a_plan_needs_at_least_one_goal(person, worker_a, goals):
    with pytest.raises(ValidationError):
        write(person, worker_a, goals=goals)
    assert not Plan.objects.exists()
    assert not Goal.objects.exists()
