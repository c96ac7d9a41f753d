"""Writes of referrals: a referring service refers a person; the member that runs pathways
accepts (the pathway opens) or declines, or, when the person was already known to it, attaches
the referral to the existing record."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import Organisation, User
from ponte.pathways.models import Level, LevelChange, Person, Referral
from ponte.pathways.selectors.referrals import is_new_record, possible_duplicates


@transaction.atomic
def referral_create(
    *,
    by: User,
    from_organisation: Organisation,
    to_organisation: Organisation,
    service_kind: str,
    reason: str,
    referred_on: date | None = None,
    person_fields: Mapping[str, Any],
) -> Referral:
    """A referring service refers a person to a member that runs pathways; the person is known
    to Ponte from now on, with the status "referred" and the lowest level.

    Always a new record, whether or not the receiving organisation already knows the person:
    the referrer gets the same answer either way and learns nothing. The case workers deciding
    the referral see the possible duplicates and may attach it (referral_attach)."""
    person = Person(
        **person_fields,
        organisation=to_organisation,
        level=Level.objects.order_by("number").first(),
        status=Person.Status.REFERRED,
    )
    person.full_clean()
    person.save()
    referral = Referral(
        person=person,
        from_organisation=from_organisation,
        service_kind=service_kind,
        referred_by=by,
        referred_on=referred_on or date.today(),
        reason=reason,
    )
    referral.full_clean()
    referral.save()
    return referral


def _lock_referral(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().select_related("person").get(pk=referral.pk)
    if locked.status != Referral.Status.RECEIVED:
        raise ValidationError(_("This referral has already been decided."))
    return locked


def _decide_the_others(
    referral: Referral,
    *,
    status: str,
    by: User,
    on: date,
    reason: str = "",
) -> None:
    """A decision is about the person: the other referrals of the same person still waiting
    (attached to the record by referral_attach) are decided with it, the same way; a note
    written for one referring service is not copied to the others."""
    others = Referral.objects.select_for_update().filter(
        person_id=referral.person_id, status=Referral.Status.RECEIVED
    )
    for other in others.exclude(pk=referral.pk):
        other.status = status
        other.decided_by = by
        other.decided_on = on
        other.decline_reason = reason
        other.save()


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, case_manager: User, on: date | None = None
) -> Person:
    """Accepting opens the pathway: the person gets a case manager and a care team."""
    referral = _lock_referral(referral)
    day = on or date.today()
    referral.status = Referral.Status.ACCEPTED
    referral.decided_by = by
    referral.decided_on = day
    referral.save()
    _decide_the_others(referral, status=Referral.Status.ACCEPTED, by=by, on=day)
    person = referral.person
    person.status = Person.Status.OPEN
    person.case_manager = case_manager
    person.opened_on = day
    person.closed_on = None
    person.save()
    person.care_team.add(case_manager)
    LevelChange.objects.create(
        person=person,
        from_level=None,
        to_level_id=person.level_id,
        cause=LevelChange.Cause.INTAKE,
        changed_on=day,
        changed_by=by,
    )
    return person


@transaction.atomic
def referral_decline(
    *, referral: Referral, by: User, reason: str, note: str = "", on: date | None = None
) -> Referral:
    referral = _lock_referral(referral)
    if reason not in Referral.DeclineReason.values:
        raise ValidationError(_("Choose a reason for declining."))
    referral.status = Referral.Status.DECLINED
    referral.decline_reason = reason
    referral.decline_note = note
    referral.decided_by = by
    referral.decided_on = on or date.today()
    referral.save()
    _decide_the_others(
        referral,
        status=Referral.Status.DECLINED,
        by=by,
        on=referral.decided_on,
        reason=reason,
    )
    person = referral.person
    person.status = Person.Status.DECLINED
    person.save(update_fields=["status", "updated_at"])
    return referral


@transaction.atomic
def referral_attach(
    *, referral: Referral, to: Person, by: User, on: date | None = None
) -> Referral:
    """The case worker deciding a referral recognises a person the receiving organisation
    already knows (selectors.possible_duplicates): the referral now belongs to the existing
    record, and the record the referral had created is deleted, so that no second copy of the
    person's data remains. What follows depends on the existing record:

    - a pathway open: the referral is accepted into it, nothing else changes;
    - a referral waiting: the two wait together and are decided together;
    - a pathway closed or a referral declined: the person is referred again, and the referral
      waits for a decision as any other.

    Who attached and when are kept on the referral, with the code of the record removed; the
    audit trail records the attachment under both codes."""
    referral = _lock_referral(referral)
    day = on or date.today()
    duplicate = referral.person
    existing = Person.objects.select_for_update().filter(pk=to.pk).first()
    if existing is None or existing.organisation_id != duplicate.organisation_id:
        raise ValidationError(_("Choose one of the possible duplicates shown."))
    if not is_new_record(referral):
        raise ValidationError(
            _("This referral's record has a history of its own: it cannot be removed.")
        )
    if existing.pk not in {match.person.pk for match in possible_duplicates(referral)}:
        raise ValidationError(_("Choose one of the possible duplicates shown."))
    referral.person = existing
    referral.attached_by = by
    referral.attached_on = day
    referral.removed_duplicate_code = duplicate.code
    if existing.status == Person.Status.OPEN:
        referral.status = Referral.Status.ACCEPTED
        referral.decided_by = by
        referral.decided_on = day
    elif existing.status in (Person.Status.CLOSED, Person.Status.DECLINED):
        existing.status = Person.Status.REFERRED
        existing.save(update_fields=["status", "updated_at"])
    referral.full_clean()
    referral.save()
    _record_attachment(referral=referral, existing=existing, duplicate_code=duplicate.code, by=by)
    duplicate.delete()
    return referral


def _record_attachment(
    *, referral: Referral, existing: Person, duplicate_code: str, by: User
) -> None:
    """One entry of the audit trail, found by either code: who attached which referral, when,
    and which record was removed (auditlog also records the referral's change and the
    deletion, with identity masked)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(existing.pk),
        object_id=existing.pk,
        object_repr=f"{existing.code} ← {duplicate_code}",
        action=LogEntry.Action.UPDATE,
        changes={"referrals": [duplicate_code, referral.code]},
        actor=by,
        actor_email=by.email,
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
        cid=get_cid(),
        additional_data={
            "referral_attached": referral.code,
            "duplicate_removed": duplicate_code,
        },
    )
