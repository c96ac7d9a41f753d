"""Retention per record class (settings.PONTE_RETENTION, in years): what is past it, and applying
it — people are anonymised (rights.services.person_anonymise, so the indicators do not change),
diary notes and reads in the audit trail are deleted. A record is past retention the day after
the anniversary: closed on 1 March 2016 with 10 years, it is kept until 1 March 2026 included."""

from dataclasses import dataclass
from datetime import date, datetime, time

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from ponte.pathways.models import DiaryNote, Person
from ponte.pathways.rights.services import person_anonymise

ANONYMISED_CLASSES = ("closed_pathways", "declined_referrals")
DELETED_CLASSES = ("diary", "access_log")


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff(record_class: str, today: date) -> date:
    """Records dated before this day are past retention."""
    return years_before(today, settings.PONTE_RETENTION[record_class])


def expired_people(record_class: str, today: date) -> QuerySet[Person]:
    limit = cutoff(record_class, today)
    people = Person.objects.filter(anonymised_on__isnull=True)
    if record_class == "closed_pathways":
        return people.filter(status=Person.Status.CLOSED, closed_on__lt=limit)
    if record_class == "declined_referrals":
        return (
            people.filter(status=Person.Status.DECLINED)
            .alias(decided=Max("referrals__decided_on"))
            .filter(decided__lt=limit)
        )
    raise ValueError(record_class)


def expired_diary(today: date) -> QuerySet[DiaryNote]:
    return DiaryNote.objects.filter(written_on__lt=cutoff("diary", today))


def expired_reads(today: date) -> QuerySet[LogEntry]:
    start_of_cutoff = timezone.make_aware(datetime.combine(cutoff("access_log", today), time.min))
    reads: QuerySet[LogEntry] = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, timestamp__lt=start_of_cutoff
    )
    return reads


@dataclass
class Expired:
    record_class: str
    years: int
    cutoff: date
    count: int
    codes: list[str]  # the people concerned, by pseudonymous code (none for the audit trail)


def expired(today: date | None = None) -> list[Expired]:
    """What is past retention, per class."""
    today = today or date.today()
    found = []
    for record_class in ANONYMISED_CLASSES:
        codes = list(expired_people(record_class, today).values_list("code", flat=True))
        found.append(_expired(record_class, today, len(codes), codes))
    notes = expired_diary(today)
    codes = sorted(set(notes.values_list("person__code", flat=True)))
    found.append(_expired("diary", today, notes.count(), codes))
    found.append(_expired("access_log", today, expired_reads(today).count(), []))
    return found


def _expired(record_class: str, today: date, count: int, codes: list[str]) -> Expired:
    return Expired(
        record_class,
        settings.PONTE_RETENTION[record_class],
        cutoff(record_class, today),
        count,
        codes,
    )


@transaction.atomic
def retention_apply(*, today: date | None = None) -> dict[str, int]:
    """Anonymise and delete what is past retention; how many records per class. Idempotent."""
    today = today or date.today()
    done: dict[str, int] = {}
    for record_class in ANONYMISED_CLASSES:
        people = list(expired_people(record_class, today))
        for person in people:
            person_anonymise(person=person, by=None, reason=f"retention:{record_class}")
        done[record_class] = len(people)
    done["diary"] = _delete(expired_diary(today))
    done["access_log"] = _delete(expired_reads(today))
    return done


def _delete(queryset: QuerySet) -> int:
    deleted, _by_model = queryset.delete()
    return deleted
