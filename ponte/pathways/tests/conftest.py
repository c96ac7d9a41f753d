"""Shared fixtures of the pathways tests: a referring public body, people at known stages, a
service of organisation A (social cooperative, Cavalese) and placements in it."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import CAVALESE, PREDAZZO
from ponte.network.models import Organisation, Role, User
from ponte.pathways import services
from ponte.pathways.models import Level, Person, Placement, Referral, Service


@pytest.fixture
def referring_body(make_organisation) -> Organisation:
    return make_organisation(
        "Comunità di Valle", kind=Organisation.Kind.PUBLIC_BODY, municipality=CAVALESE
    )


@pytest.fixture
def referrer(make_user, referring_body) -> User:
    return make_user("inviante.valle", referring_body, Role.REFERRER, first_name="Chiara")


@pytest.fixture
def worker_a2(make_user, org_a) -> User:
    """Another case worker of A, not in the care team of the fixtures' people."""
    return make_user("operatore.alfa2", org_a, Role.CASE_WORKER, first_name="Luca")


@pytest.fixture
def worker_b(make_user, org_b) -> User:
    return make_user("operatore.beta", org_b, Role.CASE_WORKER, first_name="Sara")


@pytest.fixture
def make_referral(referrer, referring_body, org_a, municipalities):
    """make_referral(first_name=..., **person fields): a person referred to A, not yet decided."""

    def make(first_name: str = "Mario", last_name: str = "Rossi", **fields) -> Referral:
        person_fields = {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": date(1990, 5, 17),
            "basis": Person.Basis.UNCERTIFIED,
            "municipality": municipalities[fields.pop("municipality", CAVALESE)],
            "hours_per_week": 20,
            **fields,
        }
        return services.referral_create(
            by=referrer,
            from_organisation=referring_body,
            to_organisation=org_a,
            service_kind=Referral.ServiceKind.SOCIAL_SERVICE,
            reason="Disoccupato da due anni, chiede un percorso graduale.",
            person_fields=person_fields,
        )

    return make


@pytest.fixture
def make_person(make_referral, worker_a):
    """make_person(...): a person with an open pathway, worker_a as case manager."""

    def make(**fields) -> Person:
        referral = make_referral(**fields)
        return services.referral_accept(referral=referral, by=worker_a, case_manager=worker_a)

    return make


@pytest.fixture
def person(make_person) -> Person:
    return make_person(first_name="Mario", last_name="Rossi")


@pytest.fixture
def other_person(make_person) -> Person:
    return make_person(first_name="Giulia", last_name="Bianchi", municipality=PREDAZZO)


@pytest.fixture
def service(org_a, municipalities) -> Service:
    service = Service.objects.create(
        provider=org_a,
        name="Laboratorio di cucina",
        kind=Service.Kind.LABORATORY,
        places=2,
        schedule="Lunedì–venerdì, 9–13",
        municipality=municipalities[CAVALESE],
    )
    service.levels.set(Level.objects.filter(number__in=[1, 2]))
    return service


@pytest.fixture
def make_placement(service, worker_a, org_a):
    def make(person: Person, *, status: str = Placement.Status.PROPOSED, **fields) -> Placement:
        start = fields.pop("planned_start", date.today() - timedelta(days=30))
        placement = services.placement_propose(
            person=person,
            service=fields.pop("service", service),
            by=worker_a,
            planned_start=start,
            planned_end=fields.pop("planned_end", start + timedelta(days=120)),
            hours_per_week=fields.pop("hours_per_week", 15),
            promoter=org_a,
            **fields,
        )
        path = [Placement.Status.ACCEPTED, Placement.Status.ACTIVE]
        for step in path[: path.index(status) + 1] if status in path else []:
            placement = services.placement_transition(
                placement=placement, to=step, by=worker_a, on=start
            )
        return placement

    return make
