"""Records of the apps built on pathways that hold a person's data (a case on a table's agenda,
…), which the rights of the people must reach: the erasure purges their entries in the audit
trail. pathways imports none of those apps; each registers its records here from its
`AppConfig.ready()`, as apps add panels to network/panels.py."""

from django.db import models

# model → the lookup from one of its records to the person (e.g. "person").
PERSON_RECORDS: dict[type[models.Model], str] = {}


def register_person_records(model: type[models.Model], *, person_lookup: str) -> None:
    """The records of `model` are about the person reached through `person_lookup`."""
    PERSON_RECORDS[model] = person_lookup
