"""The pathways' part of the large synthetic data set (`manage.py seed_scale`), on a small scale."""

from collections import Counter
from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.test import override_settings

from ponte.network.models import User
from ponte.pathways.models import (
    Assessment,
    Attendance,
    ItemScore,
    LevelChange,
    Person,
    Placement,
    Service,
)
from ponte.pathways.scale import unique_codes

PEOPLE = 300
ATTENDANCE = 6000


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at the end; each test runs in a
    savepoint inside it."""
    out = StringIO()
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        call_command("seed_demo", stdout=StringIO())
        # Not stdout=…: seed_scale hands its options, stdout included, on to each app's seed().
        with redirect_stdout(out):
            call_command(
                "seed_scale",
                organisations=60,
                people=PEOPLE,
                attendance=ATTENDANCE,
                listings=0,
                subprojects=0,
                meetings=0,
            )
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def synthetic() -> QuerySet[Person]:
    return Person.objects.exclude(email__endswith=".example")


def test_it_adds_the_people_asked_for(scaled):
    assert f"Pathways: {PEOPLE} synthetic people" in scaled
    assert synthetic().count() == PEOPLE
    assert len(set(Person.objects.values_list("code", flat=True))) == Person.objects.count()


def test_about_the_attendance_rows_asked_for_within_the_placements(scaled):
    rows = Attendance.objects.filter(placement__person__in=synthetic()).count()
    assert ATTENDANCE * 0.9 <= rows <= ATTENDANCE
    outside = Attendance.objects.filter(
        Q(day__lt=F("placement__actual_start")) | Q(day__gt=F("placement__actual_end"))
    )
    assert not outside.exists()
    assert not Attendance.objects.filter(
        placement__status__in=["proposed", "accepted", "withdrawn"]
    ).exists()


def test_places_are_never_exceeded(scaled):
    over = Service.objects.annotate(
        taken=Count("placements", filter=Q(placements__status__in=Placement.OCCUPYING))
    ).filter(taken__gt=F("places"))
    assert not over.exists()


def test_every_level_and_status_is_there(scaled):
    people = synthetic()
    assert set(people.filter(status="open").values_list("level__number", flat=True)) == set(
        range(6)
    )
    assert set(people.values_list("status", flat=True)) == {
        "open",
        "referred",
        "declined",
        "closed",
    }
    assert set(Placement.objects.values_list("status", flat=True)) >= {
        "proposed",
        "accepted",
        "active",
        "ended",
    }


def test_each_level_is_the_last_of_the_history(scaled):
    last = (
        LevelChange.objects.filter(person=OuterRef("pk"))
        .order_by("-changed_on", "-id")
        .values("to_level")[:1]
    )
    taken_in = synthetic().filter(opened_on__isnull=False)
    assert taken_in.exists()
    assert not taken_in.annotate(last=Subquery(last)).exclude(last=F("level")).exists()
    assert not taken_in.exclude(level_changes__cause=LevelChange.Cause.INTAKE).exists()


def test_assessments_have_twelve_scores_and_their_level_rule(scaled):
    assessments = Assessment.objects.filter(person__in=synthetic())
    assert assessments.exists()
    assert set(
        ItemScore.objects.filter(assessment__in=assessments)
        .values("assessment")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    ) == {12}
    for assessment in assessments.select_related("confirmed_level"):
        if assessment.confirmed_level.number != assessment.suggested_level:
            assert assessment.confirmation_reason


def test_the_bench_case_worker_has_a_realistic_caseload(scaled):
    oltre = User.objects.get(username="operatore.oltre")
    theirs = synthetic().filter(case_manager=oltre)
    assert theirs.count() == 40
    assert set(theirs.values_list("organisation__name", flat=True)) == {"Cooperativa sociale Oltre"}
    assert all(p.care_team.filter(pk=oltre.pk).exists() for p in theirs)
    workers = Counter(synthetic().values_list("case_manager__username", flat=True))
    assert sum(1 for name in workers if name and name.startswith("sintetico.operatore.")) >= 5


def test_unique_codes_draws_again_on_a_collision():
    draws = iter(["FF-AAAA", "FF-BBBB", "FF-AAAA", "FF-CCCC", "FF-DDDD"])
    assert unique_codes(3, lambda: next(draws), taken=["FF-BBBB"]) == [
        "FF-AAAA",
        "FF-CCCC",
        "FF-DDDD",
    ]
