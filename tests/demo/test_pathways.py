"""The pathways of the demo district (`manage.py seed_demo`, ponte/pathways/demo.py)."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import Count, Q

from ponte.core.tests.helpers import seed_demo
from ponte.network.models import User
from ponte.pathways.models import (
    Assessment,
    Attendance,
    Consent,
    DiaryNote,
    FollowUp,
    Goal,
    ItemScore,
    LevelChange,
    Person,
    Placement,
    Plan,
    Referral,
    Service,
)

MODELS = [
    Person,
    Referral,
    Consent,
    Assessment,
    ItemScore,
    LevelChange,
    Plan,
    Goal,
    Service,
    Placement,
    Attendance,
    DiaryNote,
    FollowUp,
]
TODAY = date.today()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


pytestmark = pytest.mark.django_db


def test_it_reports_what_it_added(demo):
    assert "Pathways: 6 services, 60 people" in demo


def test_running_it_again_adds_nothing(demo):
    before = counts()
    output = seed_demo()
    assert "already there" in output
    assert counts() == before


def test_about_sixty_people_with_every_level_from_0_to_5(demo):
    assert 55 <= Person.objects.count() <= 65
    levels = Counter(
        Person.objects.filter(status=Person.Status.OPEN).values_list("level__number", flat=True)
    )
    assert set(levels) == {0, 1, 2, 3, 4, 5}
    assert all(n >= 3 for n in levels.values())


def test_the_services_of_the_four_cooperatives(demo):
    providers = Counter(Service.objects.values_list("provider__name", flat=True))
    assert set(providers) == {
        "Cooperativa sociale Oltre",
        "Cooperativa sociale Le Rais",
        "Cooperativa sociale Terre Altre",
        "Cooperativa sociale Progetto 92",
    }
    laundry = Service.objects.get(name__icontains="lavanderia")
    assert (laundry.provider.name, laundry.municipality.name) == (
        "Cooperativa sociale Oltre",
        "Cavalese",
    )
    assert Service.objects.get(name__icontains="uova").provider.name.endswith("Terre Altre")
    restaurant = Service.objects.get(name__icontains="ristorante")
    assert (restaurant.provider.name, restaurant.municipality.name) == (
        "Cooperativa sociale Le Rais",
        "Cavalese",
    )
    p92 = set(Service.objects.filter(provider__name__endswith="Progetto 92").values_list("kind"))
    assert p92 == {(Service.Kind.LABORATORY,), (Service.Kind.JOB_COACHING,)}
    assert all(s.levels.exists() for s in Service.objects.all())


def test_every_service_and_every_kind_has_an_active_placement(demo):
    for service in Service.objects.all():
        assert service.placements.filter(status=Placement.Status.ACTIVE).exists(), service.name
    active_kinds = set(
        Placement.objects.filter(status=Placement.Status.ACTIVE, service__isnull=False).values_list(
            "service__kind", flat=True
        )
    )
    assert active_kinds == set(Service.objects.values_list("kind", flat=True))


def test_places_are_never_exceeded(demo):
    services = Service.objects.annotate(
        taken=Count("placements", filter=Q(placements__status__in=Placement.OCCUPYING))
    )
    for service in services:
        assert service.taken <= service.places, service.name


def test_placements_at_every_stage_and_with_every_outcome(demo):
    statuses = set(Placement.objects.values_list("status", flat=True))
    assert {"proposed", "accepted", "active", "ended"} <= statuses
    outcomes = set(Placement.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert outcomes == {"completed", "interrupted", "hired"}
    for placement in Placement.objects.filter(outcome="hired"):
        assert placement.contract_type and placement.contract_hours
        assert placement.person.level.number >= 4


def test_referrals_to_decide_and_one_declined(demo):
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert statuses["received"] >= 3
    assert statuses["declined"] == 1
    declined = Referral.objects.get(status="declined")
    assert declined.decline_reason
    referrers = set(Referral.objects.values_list("referred_by__username", flat=True))
    assert {"inviante.fiemme", "inviante.fassa"} <= referrers


def test_case_managers_are_the_demo_case_workers(demo):
    managers = set(
        Person.objects.filter(status=Person.Status.OPEN).values_list(
            "case_manager__username", flat=True
        )
    )
    assert managers == {"operatore.oltre", "operatore.lerais"}
    for person in Person.objects.filter(status=Person.Status.OPEN):
        assert person.care_team.filter(pk=person.case_manager_id).exists()


def test_consents_some_expiring_soon_and_one_withdrawn(demo):
    assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 1
    soon = Consent.objects.filter(
        expires_on__gt=TODAY, expires_on__lte=TODAY + timedelta(days=30), withdrawn_on=None
    )
    assert soon.count() >= 2
    assert (
        not Person.objects.filter(status=Person.Status.OPEN)
        .exclude(consents__purpose=Consent.Purpose.PATHWAY)
        .exists()
    )


def test_levels_follow_the_history(demo):
    for person in Person.objects.filter(status=Person.Status.OPEN).select_related("level"):
        latest = person.level_changes.order_by("-changed_on", "-id").first()
        assert latest is not None and latest.to_level_id == person.level_id, person.code
    causes = set(LevelChange.objects.values_list("cause", flat=True))
    assert {"intake", "assessment", "outcome"} <= causes


def test_assessments_match_their_levels_and_some_show_progress(demo):
    for assessment in Assessment.objects.filter(kind=Assessment.Kind.ASSESSMENT):
        assert assessment.scores.count() == 12
        if assessment.confirmed_level.number != assessment.suggested_level:
            assert assessment.confirmation_reason
    kinds = set(Assessment.objects.values_list("kind", flat=True))
    assert kinds == {"assessment", "midterm", "final"}
    progressed = (
        Person.objects.annotate(
            n=Count("assessments", filter=Q(assessments__kind=Assessment.Kind.ASSESSMENT))
        )
        .filter(n__gte=2)
        .count()
    )
    assert progressed >= 10


def test_plans_in_several_versions(demo):
    assert Plan.objects.filter(version__gte=2).exists()
    assert Goal.objects.count() >= Plan.objects.count()


def test_months_of_attendance_within_the_placements(demo):
    assert Attendance.objects.count() > 3000
    for placement in Placement.objects.filter(status__in=["active", "ended"]):
        days = placement.attendance.order_by("day").values_list("day", flat=True)
        if days:
            assert placement.actual_start <= days[0]
            assert days.last() <= (placement.actual_end or TODAY)
    assert not Attendance.objects.filter(
        placement__status__in=["proposed", "accepted", "withdrawn"]
    ).exists()


def test_follow_ups_recorded_late_and_due_in_the_coming_weeks(demo):
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    open_ = FollowUp.objects.filter(done_on__isnull=True)
    assert open_.filter(due_on__lt=TODAY).exists()
    assert open_.filter(due_on__gte=TODAY, due_on__lte=TODAY + timedelta(weeks=6)).exists()
    assert DiaryNote.objects.count() >= 100


def test_plan_reviews_overdue_and_due_in_the_coming_weeks(demo):
    # The latest version of each person's plan holds the review that counts.
    latest = dict(
        Plan.objects.order_by("person_id", "version").values_list("person_id", "next_review")
    )
    assert any(review < TODAY for review in latest.values())
    assert any(TODAY <= review <= TODAY + timedelta(weeks=6) for review in latest.values())


def test_placements_in_companies_come_only_from_openings_and_no_new_accounts(demo):
    # The pathways' own stories stay in the cooperatives' services; the openings' demo (matching)
    # adds placements in companies, always through an opening.
    in_companies = Placement.objects.filter(host__kind="company")
    assert not in_companies.filter(opening__isnull=True).exists()
    assert User.objects.count() == 12  # the network's demo accounts, with the DPO
