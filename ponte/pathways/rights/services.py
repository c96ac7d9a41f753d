"""Writes of the rights of a person: recording a request, answering it with an export, erasure by
anonymisation (docs/privacy.md, "Rights and retention"). Keyword-only, atomic, validating; a
ValidationError carries the message the user sees."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ponte.core.audit import mask_completely
from ponte.network.models import User
from ponte.pathways.models import (
    Assessment,
    Attendance,
    Consent,
    DiaryNote,
    FollowUp,
    Goal,
    ItemScore,
    LevelChange,
    Person,
    Placement,
    Plan,
    PrivacyRequest,
    Referral,
)
from ponte.pathways.rights.holders import ERASED_FIELDS, PERSON_RECORDS, company_sharing_ended
from ponte.pathways.services.people import identity_read_record

# What erasure removes, model by model: identity, contacts and every free text (the value each
# field gets). The rest — code, levels, level history, scores, placements with their dates, hours
# and outcomes, attendance, follow-up outcomes, consents' dates — stays, pseudonymous, so that no
# indicator changes. The diary is pure free text: its notes are deleted.
ERASED: dict[type[models.Model], dict[str, Any]] = {
    Person: {
        "first_name": "",
        "last_name": "",
        "birth_date": None,
        "birth_place": "",
        "fiscal_code": "",
        "email": "",
        "phone": "",
        "address": "",
        "languages": "",
        "skills": "",
        "interests": "",
    },
    Referral: {"reason": "", "decline_note": ""},
    Consent: {"document_reference": ""},
    Assessment: {"notes": "", "confirmation_reason": ""},
    LevelChange: {"note": ""},
    Plan: {"objectives": ""},
    Goal: {"text": ""},
    Placement: {"interruption_cause": "", "agreement_reference": ""},
    FollowUp: {"employer": ""},
    PrivacyRequest: {"note": ""},
}
# Records whose string form (kept by the audit trail as the object's name) is free text.
REPR_IS_TEXT = {Goal, DiaryNote}
# Every record about the person, by model, for the audit trail's purge (with those that later
# apps register, holders.PERSON_RECORDS; what erasure blanks in them, holders.ERASED_FIELDS).
AUDITED_CHILDREN: dict[type[models.Model], str] = {
    Referral: "person",
    Consent: "person",
    Assessment: "person",
    ItemScore: "assessment__person",
    LevelChange: "person",
    Plan: "person",
    Goal: "plan__person",
    Placement: "person",
    Attendance: "placement__person",
    FollowUp: "placement__person",
    DiaryNote: "person",
    PrivacyRequest: "person",
}


# Requests -------------------------------------------------------------------------------------


@transaction.atomic
def privacy_request_record(
    *, person: Person, by: User, kind: str, received_on: date, channel: str, note: str = ""
) -> PrivacyRequest:
    if kind not in PrivacyRequest.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of request.")})
    if channel not in PrivacyRequest.Channel.values:
        raise ValidationError({"channel": _("Choose how the request was received.")})
    if received_on > date.today():
        raise ValidationError({"received_on": _("A request cannot be received in the future.")})
    if person.anonymised_on is not None:
        raise ValidationError(_("The person's data have been erased already."))
    request = PrivacyRequest(
        person=person,
        kind=kind,
        received_on=received_on,
        channel=channel,
        note=note.strip(),
        recorded_by=by,
    )
    request.full_clean()
    request.save()
    return request


def pending_erasure_request(person: Person) -> PrivacyRequest | None:
    return (
        person.privacy_requests.filter(kind=PrivacyRequest.Kind.ERASURE, answered_on__isnull=True)
        .order_by("received_on", "id")
        .first()
    )


@transaction.atomic
def person_export_record(*, person: Person, by: User) -> list[PrivacyRequest]:
    """An export of the person's data has been produced for the care team: a read of identity
    and diary (audited), and the answer to the person's open access and portability requests."""
    identity_read_record(person=person)
    answered = list(
        person.privacy_requests.select_for_update().filter(
            kind__in=[PrivacyRequest.Kind.ACCESS, PrivacyRequest.Kind.PORTABILITY],
            answered_on__isnull=True,
        )
    )
    for request in answered:
        request.answered_on = date.today()
        request.answered_by = by
        request.save(update_fields=["answered_on", "answered_by", "updated_at"])
    return answered


# Erasure ---------------------------------------------------------------------------------------


@transaction.atomic
def person_erase(*, privacy_request: PrivacyRequest, by: User) -> Person:
    """The coordinator's erasure of a person, on the person's recorded request (art. 17)."""
    person = Person.objects.select_for_update().get(pk=privacy_request.person_id)
    if privacy_request.kind != PrivacyRequest.Kind.ERASURE:
        raise ValidationError(_("Only a request of erasure can be answered by an erasure."))
    if privacy_request.answered_on is not None:
        raise ValidationError(_("This request has been answered already."))
    if person.anonymised_on is not None:
        raise ValidationError(_("The person's data have been erased already."))
    # Nothing of the person stays with a company: open proposals are withdrawn (tutors are told
    # by code), as when the consent to share the profile is withdrawn.
    company_sharing_ended(person=person, by=by)
    person_anonymise(
        person=person, by=by, reason="erasure_request", privacy_request=privacy_request
    )
    PrivacyRequest.objects.filter(pk=privacy_request.pk).update(
        answered_on=date.today(), answered_by=by
    )
    person.refresh_from_db()
    return person


@transaction.atomic
def person_anonymise(
    *,
    person: Person,
    by: User | None,
    reason: str,
    privacy_request: PrivacyRequest | None = None,
) -> Person:
    """Remove identity and free text, keep the pseudonymous facts (ERASED), delete the diary,
    purge the erased values from the audit trail and record the erasure in it. Idempotent: a
    person anonymised already is left as is. The updates bypass the audit signals on purpose:
    they would copy the old values into the trail."""
    if Person.objects.filter(pk=person.pk, anonymised_on__isnull=False).exists():
        return person
    today = date.today()
    owned = _owned_ids(person)
    DiaryNote.objects.filter(person=person).delete()
    for model, values in {**ERASED, **ERASED_FIELDS}.items():
        if model is Person:
            Person.objects.filter(pk=person.pk).update(**values, anonymised_on=today)
        else:
            lookup = {**AUDITED_CHILDREN, **PERSON_RECORDS}[model]
            model._default_manager.filter(**{lookup: person}).update(**values)
    _purge_trail(owned)
    _record_erasure(person=person, by=by, reason=reason, privacy_request=privacy_request)
    person.refresh_from_db()
    return person


def _owned_ids(person: Person) -> dict[type[models.Model], list[str]]:
    owned: dict[type[models.Model], list[str]] = {Person: [str(person.pk)]}
    for model, lookup in {**AUDITED_CHILDREN, **PERSON_RECORDS}.items():
        owned[model] = [
            str(pk)
            for pk in model._default_manager.filter(**{lookup: person}).values_list("pk", flat=True)
        ]
    return owned


def _masked(changes: Any, fields: Iterable[str]) -> Any:
    if not isinstance(changes, dict):
        return changes
    masked = dict(changes)
    for name in fields:
        if name in masked and isinstance(masked[name], list):
            masked[name] = [mask_completely(str(value)) for value in masked[name]]
    return masked


def _purge_trail(owned: dict[type[models.Model], list[str]]) -> None:
    """The change history keeps which field changed, when and by whom; the values of the erased
    fields (masked at write time for most, not for all) are masked in every past entry."""
    for model, pks in owned.items():
        if not pks:
            continue
        fields = set({**ERASED, **ERASED_FIELDS}.get(model, {}))
        if model is DiaryNote:
            fields |= {"text"}
        entries = list(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_pk__in=pks
            )
        )
        for entry in entries:
            entry.changes = _masked(entry.changes, fields)
            entry.changes_text = ""
            entry.serialized_data = None
            if model in REPR_IS_TEXT:
                entry.object_repr = mask_completely(entry.object_repr)
        LogEntry.objects.bulk_update(
            entries, ["changes", "changes_text", "serialized_data", "object_repr"], batch_size=500
        )


def _record_erasure(
    *, person: Person, by: User | None, reason: str, privacy_request: PrivacyRequest | None
) -> None:
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=person.code,
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_on": ["None", date.today().isoformat()]},
        actor=by,
        actor_email=by.email if by else None,
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
        cid=get_cid(),
        additional_data={
            "erasure": reason,
            "request": privacy_request.code if privacy_request else None,
        },
    )
