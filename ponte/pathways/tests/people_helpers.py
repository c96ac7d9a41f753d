"""Helpers of the person-centred page tests (test_people_*)."""

from datetime import date, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ponte.network.models import User
from ponte.pathways import services
from ponte.pathways.models import Assessment, Instrument, Item, Level, Person, Service
from ponte.pathways.services.assessments import ScoreInput


def items() -> list[Item]:
    return list(
        Item.objects.filter(area__instrument__is_default=True).order_by("area__order", "order")
    )


def assess(
    person: Person,
    by: User,
    *,
    score: int = 3,
    on: date | None = None,
    level: int | None = None,
    **fields: object,
) -> Assessment:
    """An assessment with every item scored `score`, confirming the suggested level."""
    mean, suggestion = services.suggested_level([score])
    return services.assessment_record(
        person=person,
        by=by,
        assessed_on=on or date.today() - timedelta(days=10),
        setting=Assessment.Setting.LABORATORY,
        scores={item.pk: ScoreInput(score=score) for item in items()},
        confirmed_level=Level.objects.get(number=level if level is not None else suggestion),
        confirmation_reason="" if level is None else "Scelta dell'équipe",
        **fields,
    )


def assessment_data(scores: dict[int, object] | None = None, **changes: object) -> dict:
    """What the assessment form posts: every item scored 3 unless `scores` says otherwise (None
    leaves the item out), level 3 confirmed."""
    data: dict[str, object] = {
        "assessed_on": date.today().isoformat(),
        "setting": Assessment.Setting.LABORATORY,
        "confirmed_level": Level.objects.get(number=3).pk,
        "confirmation_reason": "",
        "notes": "",
    }
    for item in items():
        value = (scores or {}).get(item.pk, 3)
        if value is not None:
            data[f"score_{item.pk}"] = value
        data[f"icf_code_{item.pk}"] = ""
        data[f"icf_qualifier_{item.pk}"] = ""
    data.update(changes)
    return data


def access_entries(person: Person, actor: User) -> int:
    """How many reads of the person the audit trail records for the actor: reads of their own
    page, and list pages whose entry names them among others (by code)."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person),
            action=LogEntry.Action.ACCESS,
            actor=actor,
        )
        .filter(Q(object_pk=str(person.pk)) | Q(object_repr__contains=person.code))
        .count()
    )


def default_instrument() -> Instrument:
    return Instrument.objects.get(is_default=True)


def company_service(company, municipalities, *, places: int = 3) -> Service:
    """A service whose host is the company, so that its tutor sees the people placed in it."""
    from ponte.core.tests.helpers import TESERO

    service = Service.objects.create(
        provider=company,
        name="Tirocinio in pastificio",
        kind=Service.Kind.COOP_INTERNSHIP,
        places=places,
        municipality=municipalities[TESERO],
    )
    service.levels.set(Level.objects.all())
    return service
