"""Retention per record class (settings.PONTE_RETENTION) and `manage.py retention`: what is past
retention is listed by code, and with --apply anonymised or deleted, once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from ponte.pathways.models import DiaryNote, Person, Placement, Referral
from ponte.pathways.rights.retention import cutoff, expired, retention_apply, years_before

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
RETENTION = {"closed_pathways": 10, "declined_referrals": 2, "diary": 5, "access_log": 2}


@pytest.fixture(autouse=True)
def _retention():
    with override_settings(PONTE_RETENTION=RETENTION):
        yield


def run(*args: str) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def close(person: Person, on: date) -> Person:
    Person.objects.filter(pk=person.pk).update(status=Person.Status.CLOSED, closed_on=on)
    person.refresh_from_db()
    return person


def by_class(today: date = TODAY) -> dict[str, tuple[int, list[str]]]:
    return {found.record_class: (found.count, found.codes) for found in expired(today)}


def test_a_year_before_a_29_february_is_the_28th():
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)
    assert years_before(date(2026, 3, 2), 10) == date(2016, 3, 2)
    assert cutoff("diary", TODAY) == date(2021, 3, 2)


def test_a_closed_pathway_is_kept_until_the_anniversary_included(make_person):
    on_the_day = close(make_person(first_name="Anniversario"), date(2016, 3, 2))
    day_before = close(make_person(first_name="Scaduto"), date(2016, 3, 1))
    open_person = make_person(first_name="Aperto")
    found = by_class()
    assert found["closed_pathways"] == (1, [day_before.code])
    assert on_the_day.code not in run("--today", TODAY.isoformat())
    assert open_person.code not in run("--today", TODAY.isoformat())


def test_apply_anonymises_the_expired_people_once(make_person, make_placement):
    expired_person = make_person(first_name="Scaduto", last_name="Vecchi")
    placement = make_placement(expired_person, status=Placement.Status.ACTIVE)
    close(expired_person, date(2015, 6, 30))
    kept = close(make_person(first_name="Recente"), date(2020, 1, 1))
    output = run("--today", TODAY.isoformat(), "--apply")
    assert expired_person.code in output
    assert "Vecchi" not in output
    expired_person.refresh_from_db()
    kept.refresh_from_db()
    assert expired_person.anonymised_on == date.today()
    assert expired_person.last_name == ""
    assert kept.first_name == "Recente" and kept.anonymised_on is None
    assert Placement.objects.get(pk=placement.pk).hours_per_week == placement.hours_per_week
    # Idempotent: nothing is left to do, nothing changes.
    entries = LogEntry.objects.count()
    assert by_class()["closed_pathways"] == (0, [])
    assert retention_apply(today=TODAY)["closed_pathways"] == 0
    assert LogEntry.objects.count() == entries


def test_a_declined_referral_is_anonymised_two_years_after_the_decision(make_referral, worker_a):
    from ponte.pathways import services

    def declined(name: str, on: date) -> Person:
        referral = make_referral(first_name=name)
        services.referral_decline(
            referral=referral, by=worker_a, reason=Referral.DeclineReason.NO_PLACES, note=""
        )
        Referral.objects.filter(pk=referral.pk).update(decided_on=on)
        return Person.objects.get(pk=referral.person_id)

    old = declined("Vecchio", date(2024, 3, 1))
    edge = declined("Bordo", date(2024, 3, 2))
    assert by_class()["declined_referrals"] == (1, [old.code])
    retention_apply(today=TODAY)
    old.refresh_from_db()
    edge.refresh_from_db()
    assert old.anonymised_on is not None and old.first_name == ""
    assert edge.anonymised_on is None and edge.first_name == "Bordo"


def test_diary_notes_are_deleted_five_years_after_they_were_written(person, worker_a):
    old = DiaryNote.objects.create(
        person=person, author=worker_a, written_on=date(2021, 3, 1), text="vecchia"
    )
    edge = DiaryNote.objects.create(
        person=person, author=worker_a, written_on=date(2021, 3, 2), text="al limite"
    )
    assert by_class()["diary"] == (1, [person.code])
    assert retention_apply(today=TODAY)["diary"] == 1
    assert list(DiaryNote.objects.values_list("pk", flat=True)) == [edge.pk]
    assert not DiaryNote.objects.filter(pk=old.pk).exists()
    # The person stays as they are: only their old notes go.
    person.refresh_from_db()
    assert person.anonymised_on is None


def test_reads_in_the_audit_trail_are_deleted_after_two_years_changes_are_kept(person, worker_a):
    content_type = ContentType.objects.get_for_model(Person)

    def entry(action: int, day: date) -> LogEntry:
        log = LogEntry.objects.create(
            content_type=content_type,
            object_pk=str(person.pk),
            object_repr=person.code,
            action=action,
            actor=worker_a,
        )
        moment = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 12))
        LogEntry.objects.filter(pk=log.pk).update(timestamp=moment)
        return log

    old_read = entry(LogEntry.Action.ACCESS, date(2024, 3, 1))
    edge_read = entry(LogEntry.Action.ACCESS, date(2024, 3, 2))
    old_change = entry(LogEntry.Action.UPDATE, date(2020, 1, 1))
    assert by_class()["access_log"][0] == 1
    retention_apply(today=TODAY)
    assert not LogEntry.objects.filter(pk=old_read.pk).exists()
    assert LogEntry.objects.filter(pk__in=[edge_read.pk, old_change.pk]).count() == 2


def test_the_list_changes_nothing(make_person, person, worker_a):
    close(make_person(first_name="Scaduto"), date(2010, 1, 1))
    DiaryNote.objects.create(person=person, author=worker_a, written_on=date(2001, 1, 1), text="x")
    output = run("--today", TODAY.isoformat())
    assert "closed pathways (people anonymised), 10 years, before 2016-03-02: 1" in output
    assert "diary notes (deleted), 5 years, before 2021-03-02: 1" in output
    assert not Person.objects.filter(anonymised_on__isnull=False).exists()
    assert DiaryNote.objects.count() == 1


def test_the_periods_come_from_the_settings(make_person):
    someone = close(make_person(first_name="Breve"), TODAY - timedelta(days=400))
    assert by_class()["closed_pathways"][0] == 0
    with override_settings(PONTE_RETENTION={**RETENTION, "closed_pathways": 1}):
        assert by_class()["closed_pathways"] == (1, [someone.code])


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        run("--today", "2026-13-01")
