"""Writes of the person-centred pages that services.py does not offer (yet): same conventions —
keyword-only, atomic, validating; a ValidationError carries the message the user sees."""

from collections.abc import Iterable
from datetime import date

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways import services
from ponte.pathways.models import Consent, Person


def identity_read_record(*, person: Person) -> None:
    """docs/privacy.md, "Audit trail": every read of a person's identity or diary is recorded
    (who, when, whom). The actor and address come from AuditlogMiddleware."""
    accessed.send(sender=Person, instance=person)


def identity_reads_record(*, people: Iterable[Person], by: User) -> None:
    """The same for a list page that shows several people's names: ONE entry naming them all
    by code (its record field lists the codes, so the trail finds it by any of them), instead of
    a row per person: a list page is read often and this write is on its hot path."""
    people = list(people)
    if not people:
        return
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk="",
        object_id=None,
        object_repr=", ".join(person.code for person in people),
        action=LogEntry.Action.ACCESS,
        actor=by,
        actor_email=by.email,
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
        cid=get_cid(),
        additional_data={"people": [person.pk for person in people]},
    )


@transaction.atomic
def person_update(*, person: Person) -> Person:
    """Save the identity and profile fields edited by the care team."""
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def consents_withdraw(
    *, person: Person, purpose: str, by: User, on: date | None = None
) -> list[Consent]:
    """Withdraw every consent of a person for a purpose that is in force or still to come: from
    this day on, every check of the purpose fails (has_consent)."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown purpose."))
    day = on or date.today()
    open_consents = (
        Consent.objects.select_for_update()
        .filter(person=person, purpose=purpose, withdrawn_on__isnull=True)
        .exclude(expires_on__lte=day)
    )
    withdrawn = [
        services.consent_withdraw(consent=consent, by=by, on=max(day, consent.given_on))
        for consent in open_consents
    ]
    if not withdrawn:
        raise ValidationError(_("There is no consent in force for this purpose."))
    return withdrawn
