"""Reads of consents: which are in force, who consents to a purpose, a person's consents by
purpose."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from ponte.pathways.models import Consent, Person


def valid_consents(on: date | None = None) -> QuerySet[Consent]:
    """Consents in force on a day: given, not expired, not withdrawn."""
    day = on or date.today()
    return Consent.objects.filter(given_on__lte=day).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=day),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
    )


def has_consent(person: Person, purpose: str, on: date | None = None) -> bool:
    """Checked wherever data leaves the care team (docs/privacy.md, "Consents"): a withdrawn or
    expired consent stops the sharing it covered at once."""
    return valid_consents(on).filter(person=person, purpose=purpose).exists()


def people_with_consent(purpose: str, on: date | None = None) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=valid_consents(on).filter(purpose=purpose).values("person_id")
    )


def consents_of(person: Person) -> list[Consent]:
    return list(person.consents.select_related("recorded_by").order_by("purpose", "-given_on"))


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    # "valid", "expired", "withdrawn" or "future".
    state: str


@dataclass(frozen=True)
class PurposeConsents:
    purpose: str
    label: str
    in_force: bool
    rows: list[ConsentRow]


def consent_state(consent: Consent, day: date) -> str:
    if consent.withdrawn_on is not None and consent.withdrawn_on <= day:
        return "withdrawn"
    if consent.expires_on is not None and consent.expires_on <= day:
        return "expired"
    if consent.given_on > day:
        return "future"
    return "valid"


def consents_by_purpose(person: Person, on: date | None = None) -> list[PurposeConsents]:
    """Every purpose of Consent.Purpose, with the person's consents for it (newest first) and
    whether one is in force today: one query."""
    day = on or date.today()
    consents = consents_of(person)
    result = []
    for purpose, label in Consent.Purpose.choices:
        rows = [
            ConsentRow(consent, consent_state(consent, day))
            for consent in consents
            if consent.purpose == purpose
        ]
        result.append(
            PurposeConsents(
                purpose=purpose,
                label=str(label),
                in_force=any(row.state == "valid" for row in rows),
                rows=rows,
            )
        )
    return result
