"""Reads of referrals, and the people a referral may be a duplicate of."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace, Trim, Upper

from ponte.pathways.models import Person, Referral


def referrals_awaiting_decision(organisation_id: int) -> QuerySet[Referral]:
    """Referrals received by an organisation that nobody has accepted or declined yet."""
    return (
        Referral.objects.filter(
            status=Referral.Status.RECEIVED, person__organisation_id=organisation_id
        )
        .select_related("person", "from_organisation")
        .order_by("referred_on", "id")
    )


def fiscal_code_key(value: str) -> str:
    """A fiscal code as compared: without spaces, in capitals."""
    return "".join(value.split()).upper()


@dataclass(frozen=True)
class PossibleDuplicate:
    person: Person
    # True: the same fiscal code; False: the same name and birth date (one of the two records
    # has no fiscal code).
    same_fiscal_code: bool


def is_new_record(referral: Referral) -> bool:
    """Whether the referral's person is a record the referral alone created: never opened,
    with no other referral. Only such a record may be removed when the referral is attached to
    an existing one (a record with a history of its own is not merged here)."""
    person = referral.person
    return (
        person.status == Person.Status.REFERRED
        and person.opened_on is None
        and person.case_manager_id is None
        and person.anonymised_on is None
        and not person.referrals.exclude(pk=referral.pk).exists()
    )


def possible_duplicates(referral: Referral) -> list[PossibleDuplicate]:
    """The people the receiving organisation already knows who may be the person referred: the
    same fiscal code (compared without spaces, in capitals) or, when one of the two has none,
    the same first and last name (whatever the case) and birth date. Only among the receiving
    organisation's own people, never anonymised ones, and only while the referral is waiting
    and its record is new (is_new_record)."""
    if referral.status != Referral.Status.RECEIVED or not is_new_record(referral):
        return []
    referred = referral.person
    fiscal_code = fiscal_code_key(referred.fiscal_code)
    same_name = (
        Q(
            first_name_key__iexact=referred.first_name.strip(),
            last_name_key__iexact=referred.last_name.strip(),
            birth_date=referred.birth_date,
        )
        if referred.birth_date and referred.first_name.strip() and referred.last_name.strip()
        else None
    )
    if fiscal_code:
        match = Q(fiscal_code_key=fiscal_code)
        if same_name is not None:
            match |= same_name & Q(fiscal_code_key="")
    elif same_name is not None:
        match = same_name
    else:
        return []
    people = (
        Person.objects.filter(organisation_id=referred.organisation_id, anonymised_on__isnull=True)
        .exclude(pk=referred.pk)
        .annotate(
            fiscal_code_key=Upper(Replace(F("fiscal_code"), Value(" "), Value(""))),
            first_name_key=Trim("first_name"),
            last_name_key=Trim("last_name"),
        )
        .filter(match)
        .select_related("case_manager", "level")
        .order_by("created_at", "pk")
    )
    return [
        PossibleDuplicate(
            person,
            same_fiscal_code=bool(fiscal_code)
            and fiscal_code_key(person.fiscal_code) == fiscal_code,
        )
        for person in people
    ]
