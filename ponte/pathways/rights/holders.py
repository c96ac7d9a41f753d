"""Records of the apps built on pathways that hold a person's data (a proposal to a company, a
case on a table's agenda, …), which the rights of the people must reach. pathways imports none of
those apps; each registers here, from its `AppConfig.ready()`, as apps add panels to
network/panels.py:

- its records about a person, with what erasure blanks in them (their audit entries are purged);
- what it does when nothing of a person may stay with a company any more (the consent to share
  the profile with companies withdrawn, or the person's erasure): matching withdraws the open
  proposals."""

from collections.abc import Callable
from typing import Any

from django.db import models

from ponte.network.models import User
from ponte.pathways.models import Person

# model → the lookup from one of its records to the person (e.g. "person").
PERSON_RECORDS: dict[type[models.Model], str] = {}
# model → the value each erased field gets.
ERASED_FIELDS: dict[type[models.Model], dict[str, Any]] = {}
# Called, inside the transaction, with person= and by= (the user acting, if any).
COMPANY_SHARING_ENDED: list[Callable[..., object]] = []


def register_person_records(
    model: type[models.Model], *, person_lookup: str, erased: dict[str, Any] | None = None
) -> None:
    """The records of `model` are about the person reached through `person_lookup`; erasure sets
    the fields of `erased` to the values given (identity and free text)."""
    PERSON_RECORDS[model] = person_lookup
    if erased:
        ERASED_FIELDS[model] = erased


def on_company_sharing_ended(callback: Callable[..., object]) -> None:
    """`callback(person=…, by=…)` runs when nothing of the person may stay with a company."""
    if callback not in COMPANY_SHARING_ENDED:
        COMPANY_SHARING_ENDED.append(callback)


def company_sharing_ended(*, person: Person, by: User | None) -> None:
    for callback in COMPANY_SHARING_ENDED:
        callback(person=person, by=by)
