"""Every change to people, consents and placements leaves an entry in the audit trail
(django-auditlog, registered in apps.py; docs/privacy.md, "Audit trail")."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from ponte.pathways import services
from ponte.pathways.models import Consent, Person, Placement

TODAY = date.today()


def entries(instance) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_pk=str(instance.pk),
        ).order_by("timestamp", "pk")
    )


def test_creating_and_changing_a_person_is_audited(make_referral, worker_a):
    referral = make_referral()
    person = referral.person
    assert [e.action for e in entries(person)] == [LogEntry.Action.CREATE]
    services.referral_accept(referral=referral, by=worker_a, case_manager=worker_a)
    changes = [e.changes_dict for e in entries(person) if e.action == LogEntry.Action.UPDATE]
    assert any("status" in c and c["status"][1] == Person.Status.OPEN for c in changes)
    assert entries(referral)[-1].changes_dict["status"][1] == "accepted"


def test_a_change_of_identity_is_audited_without_keeping_the_name(person):
    person.last_name = "Delladio"
    person.save()
    last = entries(person)[-1]
    assert last.action == LogEntry.Action.UPDATE
    assert "last_name" in last.changes_dict
    assert last.object_repr == person.code
    trail = str(
        list(
            LogEntry.objects.values_list(
                "changes", "changes_text", "object_repr", "additional_data"
            )
        )
    )
    assert "Rossi" not in trail
    assert "Delladio" not in trail
    assert "1990-05-17" not in trail


def test_an_interruption_cause_is_audited_but_masked(make_placement, person, worker_a):
    placement = make_placement(person, status=Placement.Status.ACTIVE)
    services.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=worker_a,
        outcome="interrupted",
        interruption_cause="Ricovero in reparto psichiatrico",
        interrupted_by="person",
    )
    last = entries(placement)[-1]
    assert "interruption_cause" in last.changes_dict
    assert "Ricovero" not in str(last.changes)


def test_adding_to_the_care_team_is_audited(person, worker_a2):
    before = len(entries(person))
    services.care_team_add(person=person, user=worker_a2)
    assert len(entries(person)) == before + 1
    assert "care_team" in entries(person)[-1].changes_dict


def test_recording_and_withdrawing_a_consent_are_audited(person, worker_a):
    consent = services.consent_record(
        person=person,
        purpose=Consent.Purpose.TABLE,
        given_on=TODAY - timedelta(days=10),
        document_reference="Prot. 12",
        by=worker_a,
    )
    services.consent_withdraw(consent=consent, by=worker_a)
    log = entries(consent)
    assert [e.action for e in log] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert log[-1].changes_dict["withdrawn_on"][1] == str(TODAY)


def test_every_step_of_a_placement_is_audited(make_placement, person, worker_a):
    placement = make_placement(person)
    services.placement_transition(placement=placement, to=Placement.Status.ACCEPTED, by=worker_a)
    services.placement_transition(placement=placement, to=Placement.Status.ACTIVE, by=worker_a)
    services.placement_transition(
        placement=placement, to=Placement.Status.ENDED, by=worker_a, outcome="completed"
    )
    log = entries(placement)
    assert log[0].action == LogEntry.Action.CREATE
    statuses = [e.changes_dict["status"][1] for e in log[1:] if "status" in e.changes_dict]
    assert statuses == ["accepted", "active", "ended"]
