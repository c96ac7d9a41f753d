"""Writes of consents: recording one, withdrawing one or every one of a purpose
(docs/privacy.md, "Consents")."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ponte.network.models import User
from ponte.pathways.models import Consent, Person
from ponte.pathways.rights.holders import company_sharing_ended
from ponte.pathways.selectors.consents import has_consent


@transaction.atomic
def consent_record(
    *,
    person: Person,
    purpose: str,
    given_on: date,
    document_reference: str,
    by: User,
    expires_on: date | None = None,
) -> Consent:
    consent = Consent(
        person=person,
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
        document_reference=document_reference,
        recorded_by=by,
    )
    if expires_on is not None and expires_on <= given_on:
        raise ValidationError({"expires_on": _("The expiry must come after the date given.")})
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User, on: date | None = None) -> Consent:
    """Takes effect at once: every check of the purpose fails from this day on."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = on or date.today()
    if consent.withdrawn_on < consent.given_on:
        raise ValidationError(_("A consent cannot be withdrawn before it was given."))
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    if consent.purpose == Consent.Purpose.COMPANIES and not has_consent(
        consent.person, Consent.Purpose.COMPANIES, on=consent.withdrawn_on
    ):
        company_sharing_ended(person=consent.person, by=by)
    return consent


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
        consent_withdraw(consent=consent, by=by, on=max(day, consent.given_on))
        for consent in open_consents
    ]
    if not withdrawn:
        raise ValidationError(_("There is no consent in force for this purpose."))
    return withdrawn
