"""Helpers of the rights and retention tests: a person with a record of every kind, each holding
recognisable free text, so that a test can tell whether it was exported or erased."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from ponte.governance import services as governance_services
from ponte.governance.models import AgendaCase, Table
from ponte.matching.models import Proposal
from ponte.network.models import User
from ponte.openings.models import Opening
from ponte.pathways import services
from ponte.pathways.models import Consent, FollowUp, Person, Placement, PrivacyRequest
from ponte.pathways.tests.people_helpers import assess

# Free texts written into the person's records: none may survive an erasure.
SECRETS = {
    "diary": "Ha raccontato della sorella Elvira",
    "assessment": "Fatica con la matematica",
    "plan": "Tornare a lavorare in cucina",
    "goal": "Imparare il turno serale",
    "consent": "Prot. SEGRETO-991",
    "placement": "Trasloco a Bolzano",
    "agreement": "Conv. SEGRETA-12",
    "employer": "Albergo Miramonti",
    "proposal": "Persona molto puntuale",
    "request": "Chiesta allo sportello da Elvira",
    "skills": "cucina valdostana",
}


def rich_person(
    make_person, make_placement, worker_a: User, coordinator: User, opening_host
) -> Person:
    """A person in every table that points to Person, with free text everywhere."""
    person = make_person(
        first_name="Ermenegildo",
        last_name="Zanolli",
        fiscal_code="",
        email="ermenegildo@example.org",
        phone="333 1234567",
        address="Via dei Boschi 7",
        skills=SECRETS["skills"],
    )
    start = date.today() - timedelta(days=200)
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.STATISTICS,
        given_on=start,
        document_reference=SECRETS["consent"],
        by=worker_a,
    )
    services.consent_record(
        person=person,
        purpose=Consent.Purpose.TABLE,
        given_on=start,
        document_reference=SECRETS["consent"],
        by=worker_a,
    )
    assess(person, worker_a, on=start, notes=SECRETS["assessment"])
    services.plan_write(
        person=person,
        by=worker_a,
        objectives=SECRETS["plan"],
        goals=[(SECRETS["goal"], None)],
        next_review=date.today() + timedelta(days=60),
    )
    services.diary_write(person=person, by=worker_a, text=SECRETS["diary"])
    placement = make_placement(
        person,
        status=Placement.Status.ACTIVE,
        planned_start=start,
        planned_end=start + timedelta(days=90),
        agreement_reference=SECRETS["agreement"],
    )
    services.attendance_record(
        placement=placement,
        by=worker_a,
        days={start + timedelta(days=i): services.DayInput(hours=Decimal("4")) for i in (0, 1, 2)},
    )
    placement = services.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=worker_a,
        on=start + timedelta(days=90),
        outcome=Placement.Outcome.INTERRUPTED,
        interruption_cause=SECRETS["placement"],
        interrupted_by=Placement.Side.PERSON,
    )
    follow_up = FollowUp.objects.filter(placement=placement, months=1).first()
    assert follow_up is not None
    services.follow_up_record(
        follow_up=follow_up,
        by=worker_a,
        done_on=follow_up.due_on,
        employed=True,
        employer=SECRETS["employer"],
    )
    opening = Opening.objects.create(
        host=opening_host,
        kind=Opening.Kind.TIS,
        title="Aiuto cuoco",
        tasks="Preparazione",
        min_level=person.level,
        hours_per_week=20,
        municipality=person.municipality,
        places=1,
        starts_on=date.today(),
        status=Opening.Status.OPEN,
        created_by=worker_a,
    )
    Proposal.objects.create(
        opening=opening, person=person, proposed_by=worker_a, note=SECRETS["proposal"]
    )
    table = governance_services.table_create(name="Tavolo Tecnico", kind=Table.Kind.TECHNICAL)
    meeting = governance_services.meeting_schedule(
        table=table,
        starts_at=timezone.make_aware(datetime.combine(date.today(), datetime.min.time())),
        by=coordinator,
        place="Sala consiliare",
    )
    item = governance_services.agenda_item_add(meeting=meeting, title="Casi nuovi")
    AgendaCase.objects.create(agenda_item=item, person=person, added_by=worker_a)
    PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.ACCESS,
        received_on=date.today(),
        channel=PrivacyRequest.Channel.IN_PERSON,
        note=SECRETS["request"],
        recorded_by=worker_a,
    )
    person.refresh_from_db()
    return person
