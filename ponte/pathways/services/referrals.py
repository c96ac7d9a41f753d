"""Writes of referrals: a referring service refers a person; the member that runs pathways
accepts (the pathway opens) or declines."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import Organisation, User
from ponte.pathways.models import Level, LevelChange, Person, Referral


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
    to Ponte from now on, with the status "referred" and the lowest level."""
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
    person = referral.person
    person.status = Person.Status.OPEN
    person.case_manager = case_manager
    person.opened_on = day
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
    person = referral.person
    person.status = Person.Status.DECLINED
    person.save(update_fields=["status", "updated_at"])
    return referral
