"""The timeline /percorsi/<code>/cronologia/: referral, consents, assessments, plan versions,
placements with attendance totals, tutor evaluations, level changes, follow-ups and (for the care
team) diary notes, newest first and filterable by kind. A fixed number of queries, whatever the
number of events."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import redirected_to_login
from ponte.pathways import services
from ponte.pathways.models import Assessment, Attendance, Consent, Placement
from ponte.pathways.selectors.timelines import EventKind
from ponte.pathways.services.assessments import ScoreInput
from ponte.pathways.services.attendance import DayInput
from ponte.pathways.tests.people_helpers import access_entries, assess, company_service, items

TODAY = date.today()


def url(person) -> str:
    return f"/percorsi/{person.code}/cronologia/"


def add_history(person, worker_a, make_placement, service, n: int) -> None:
    """n assessments, n placements (each ended, with attendance of n days), n diary notes."""
    service.places = 100
    service.save()
    for i in range(n):
        assess(person, worker_a, score=3 + i % 2, on=TODAY - timedelta(days=400 - i))
        start = TODAY - timedelta(days=300 - 5 * i)
        placement = make_placement(
            person,
            status=Placement.Status.ACTIVE,
            planned_start=start,
            planned_end=start + timedelta(days=60),
        )
        services.attendance_record(
            placement=placement,
            by=worker_a,
            days={
                start + timedelta(days=d): DayInput(hours=Decimal("4"))
                if d % 3
                else DayInput(hours=Decimal("0"), absence=Attendance.Absence.ILLNESS)
                for d in range(n)
            },
        )
        services.placement_transition(
            placement=placement,
            to=Placement.Status.ENDED,
            by=worker_a,
            on=start + timedelta(days=30),
            outcome=Placement.Outcome.COMPLETED,
        )
        services.diary_write(person=person, by=worker_a, text=f"Nota {i}")


@pytest.fixture
def story(person, worker_a, make_placement, service):
    """A person with one of each kind of event."""
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.PATHWAY,
        given_on=TODAY - timedelta(days=60),
        document_reference="P-1",
        by=worker_a,
    )
    assess(person, worker_a, score=2, on=TODAY - timedelta(days=50))
    services.plan_write(
        person=person,
        by=worker_a,
        objectives="",
        goals=[("Puntualità", None)],
        signed_on=TODAY - timedelta(days=40),
    )
    start = TODAY - timedelta(days=120)
    placement = make_placement(
        person, status=Placement.Status.ACTIVE, planned_start=start, planned_end=TODAY
    )
    services.attendance_record(
        placement=placement,
        by=worker_a,
        days={
            start: DayInput(hours=Decimal("4.5")),
            start + timedelta(days=1): DayInput(hours=Decimal("3")),
            start + timedelta(days=2): DayInput(
                hours=Decimal("0"), absence=Attendance.Absence.ILLNESS
            ),
        },
    )
    services.assessment_record(
        person=person,
        by=worker_a,
        assessed_on=start + timedelta(days=20),
        setting=Assessment.Setting.COOPERATIVE,
        scores={item.pk: ScoreInput(score=4) for item in items()},
        kind=Assessment.Kind.MIDTERM,
        placement=placement,
    )
    services.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=start + timedelta(days=60),
        outcome=Placement.Outcome.HIRED,
        contract_type=Placement.Contract.FIXED_TERM,
        contract_hours=20,
    )
    services.diary_write(person=person, by=worker_a, text="Nota riservata dell'équipe")
    return person


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(url(person)), url(person))


def test_the_care_team_sees_every_kind_of_event_newest_first(client, worker_a, story):
    client.force_login(worker_a)
    response = client.get(url(story))
    assert response.status_code == 200
    events = response.context["events"]
    assert {e.kind for e in events} == set(EventKind.values)
    days = [e.day for e in events]
    assert days == sorted(days, reverse=True)
    html = response.content.decode()
    assert "Nota riservata" in html
    attendance = next(e for e in events if "7,50" in e.detail or "7.50" in e.detail)
    assert "1" in attendance.detail  # one day absent
    follow_ups = [e for e in events if e.kind == EventKind.FOLLOW_UP]
    assert follow_ups  # the 1-month follow-up is due


def test_reading_the_diary_in_the_timeline_is_recorded(client, worker_a, story):
    client.force_login(worker_a)
    client.get(url(story))
    assert access_entries(story, worker_a) == 1


def test_the_timeline_is_filtered_by_kind(client, worker_a, story):
    client.force_login(worker_a)
    response = client.get(url(story), {"kind": ["assessment", "level"]})
    assert {e.kind for e in response.context["events"]} == {"assessment", "level"}
    assert "Nota riservata" not in response.content.decode()
    assert access_entries(story, worker_a) == 0


def test_an_invalid_filter_shows_everything(client, worker_a, story):
    client.force_login(worker_a)
    response = client.get(url(story), {"kind": "nonsense"})
    assert len({e.kind for e in response.context["events"]}) == len(EventKind.values)


def test_the_referrer_sees_no_diary(client, referrer, story):
    client.force_login(referrer)
    response = client.get(url(story))
    assert response.status_code == 200
    assert EventKind.DIARY not in {e.kind for e in response.context["events"]}
    assert "Nota riservata" not in response.content.decode()
    response = client.get(url(story), {"kind": "diary"})
    assert "Nota riservata" not in response.content.decode()


def test_a_hosting_tutor_gets_404(client, tutor, person, make_placement, company, municipalities):
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACTIVE,
    )
    client.force_login(tutor)
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator"])
def test_everyone_else_gets_404(client, request, person, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize("role", ["worker_a", "referrer"])
def test_the_number_of_queries_does_not_grow_with_the_events(
    client, request, make_person, worker_a, make_placement, service, role
):
    few = make_person(first_name="Poche")
    many = make_person(first_name="Molte")
    add_history(few, worker_a, make_placement, service, 2)
    add_history(many, worker_a, make_placement, service, 20)
    client.force_login(request.getfixturevalue(role))
    client.get(url(few))
    with CaptureQueriesContext(connection) as for_few:
        response = client.get(url(few))
    n_few = len(response.context["events"])
    with CaptureQueriesContext(connection) as for_many:
        response = client.get(url(many))
    assert len(response.context["events"]) > 5 * n_few
    assert len(for_many.captured_queries) == len(for_few.captured_queries)
