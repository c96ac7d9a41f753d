"""Writes of a person: the record of every read of their identity, the fields the care team
edits, the care team. Keyword-only, atomic, validating; a ValidationError carries the message the
user sees."""

from collections.abc import Iterable

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.signals import accessed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import Person


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
def care_team_add(*, person: Person, user: User) -> None:
    person.care_team.add(user)


@transaction.atomic
def care_team_remove(*, person: Person, user: User) -> None:
    if user.pk == person.case_manager_id:
        raise ValidationError(_("The case manager stays in the care team."))
    person.care_team.remove(user)
