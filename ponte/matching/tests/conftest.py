"""Fixtures of the matching tests: an open opening of the company (Predazzo) with `tutor` as
its tutor, and people of worker_a's care team consenting to share their profile."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import PREDAZZO
from ponte.matching.models import Proposal
from ponte.network.models import User
from ponte.openings.models import Opening
from ponte.pathways import services
from ponte.pathways.models import Consent, Level, Person
from ponte.pathways.tests.conftest import (  # noqa: F401 - shared fixtures
    make_person,
    make_placement,
    make_referral,
    other_person,
    person,
    referrer,
    referring_body,
    service,
    worker_a2,
    worker_b,
)


def at_level(someone: Person, number: int) -> Person:
    Person.objects.filter(pk=someone.pk).update(level=Level.objects.get(number=number))
    someone.refresh_from_db()
    return someone


def consent_to_companies(someone: Person, by: User, **fields: object) -> Consent:
    return services.consent_record(
        person=someone,
        purpose=Consent.Purpose.COMPANIES,
        given_on=fields.pop("given_on", date.today() - timedelta(days=5)),  # type: ignore[arg-type]
        document_reference="Prot. 123/2026",
        by=by,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def make_opening(company, tutor, municipalities):
    def make(**fields: object) -> Opening:
        values: dict[str, object] = {
            "host": company,
            "kind": Opening.Kind.TIS,
            "title": "Aiuto magazziniere",
            "tasks": "Scarico merci, etichettatura, ordine del magazzino.",
            "min_level": Level.objects.get(number=2),
            "skills": "magazzino, etichettatura",
            "hours_per_week": 20,
            "days": [0, 1, 2, 3, 4],
            "municipality": municipalities[PREDAZZO],
            "places": 1,
            "starts_on": date.today(),
            "tutor": tutor,
            "status": Opening.Status.OPEN,
            "created_by": tutor,
        }
        values.update(fields)
        return Opening.objects.create(**values)

    return make


@pytest.fixture
def opening(make_opening) -> Opening:
    return make_opening()


@pytest.fixture
def candidate(person, worker_a) -> Person:  # noqa: F811 - the shared fixture
    """Mario Rossi, level 3, consenting to share his profile with companies."""
    consent_to_companies(person, worker_a)
    return at_level(person, 3)


@pytest.fixture
def proposal(opening, candidate, worker_a) -> Proposal:
    from ponte.matching import services as matching_services

    return matching_services.proposal_create(opening=opening, person=candidate, by=worker_a)
