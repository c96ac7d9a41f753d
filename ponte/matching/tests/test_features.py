"""Loading what the score reads: the right features, in a number of queries that does not grow
with the number of rows; the candidate pool and the consent filter."""

from datetime import date, timedelta

import pytest

from ponte.core.tests.helpers import CAVALESE, MOENA, PREDAZZO
from ponte.matching.features import (
    FULL_TIME_HOURS,
    OPENING,
    SERVICE,
    candidate_pool,
    opening_features,
    openings_features,
    people_features,
    person_skill_tokens,
    service_features,
    services_features,
    skill_tokens,
    waiting_days,
    with_sharing_consent,
    word_tokens,
)
from ponte.matching.tests.conftest import at_level, consent_to_companies
from ponte.openings.models import Opening
from ponte.pathways import scale, services
from ponte.pathways.demo import INTERESTS, SKILLS
from ponte.pathways.models import Consent, Level, Person, Placement, Service

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def big_service(org_a, municipalities) -> Service:
    service = Service.objects.create(
        provider=org_a,
        name="Lavanderia per gli alberghi",
        kind=Service.Kind.COOP_INTERNSHIP,
        description="Lavaggio e stiro della biancheria degli alberghi della valle.",
        places=10,
        municipality=municipalities[CAVALESE],
    )
    service.levels.set(Level.objects.filter(number__in=[1, 2, 3]))
    return service


def ended(make_placement, person: Person, on: date, **fields) -> Placement:
    fields.setdefault("planned_start", on - timedelta(days=60))
    placement = make_placement(person, status=Placement.Status.ACTIVE, **fields)
    return services.placement_transition(
        placement=placement,
        to=Placement.Status.ENDED,
        by=placement.proposed_by,
        on=on,
        outcome=Placement.Outcome.COMPLETED,
    )


# Tokens ---------------------------------------------------------------------------------------


def test_it_splits_skills_on_commas_semicolons_slashes_and_new_lines():
    assert skill_tokens("cucina, HACCP") == {"cucina", "haccp"}
    assert skill_tokens("Pulizie; stiro/lavanderia\nUso del muletto.") == {
        "pulizie",
        "stiro",
        "lavanderia",
        "uso del muletto",
    }
    assert skill_tokens("  ,, ") == frozenset()


def test_it_strips_accents_and_case_alike_everywhere():
    assert skill_tokens("Attività all'APERTO") == {"attivita all aperto"}
    assert word_tokens("Perché la RISTORAZIONE e il caffè") == {"ristorazione", "caffe"}


def test_words_leave_out_short_and_stop_words():
    assert word_tokens("Lavoro all'aperto, con gli animali; vorrebbe un bar") == {
        "aperto",
        "animali",
    }


def test_a_persons_skills_count_also_word_by_word():
    assert person_skill_tokens("Cucina di base, HACCP") == {
        "cucina di base",
        "haccp",
        "cucina",
        "base",
    }


def test_waiting_starts_from_the_later_of_opening_and_last_end():
    day = date(2026, 6, 1)
    assert waiting_days(date(2026, 1, 1), None, day) == 151
    assert waiting_days(date(2026, 1, 1), date(2026, 5, 1), day) == 31
    assert waiting_days(date(2026, 5, 22), date(2026, 5, 1), day) == 10
    assert waiting_days(None, None, day) == 0
    assert waiting_days(date(2026, 7, 1), None, day) == 0


# People ---------------------------------------------------------------------------------------


def test_it_loads_a_persons_features(make_person, make_placement, big_service, municipalities):
    person = make_person(
        municipality=PREDAZZO,
        skills="Cucina di base, HACCP",
        interests="Ristorazione, turismo",
        own_transport=True,
        driving_licence=True,
        hours_per_week=24,
        available_days=[0, 2, 4],
    )
    person = at_level(person, 3)
    Person.objects.filter(pk=person.pk).update(opened_on=TODAY - timedelta(days=400))
    ended(make_placement, person, TODAY - timedelta(days=40), service=big_service)
    make_placement(person, status=Placement.Status.ACCEPTED, hours_per_week=10)
    make_placement(person, status=Placement.Status.PROPOSED, hours_per_week=8)

    [features] = people_features(Person.objects.filter(pk=person.pk))

    predazzo = municipalities[PREDAZZO]
    assert features.pk == person.pk
    assert features.code == person.code
    assert features.level == 3
    assert features.skills == {"cucina di base", "cucina", "base", "haccp"}
    assert features.interests == {"ristorazione", "turismo"}
    assert (features.latitude, features.longitude) == (
        float(predazzo.latitude),
        float(predazzo.longitude),
    )
    assert features.municipality_name == "Predazzo"
    assert features.valley_id == predazzo.valley_id
    assert features.own_transport and features.driving_licence
    assert features.hours_per_week == 24
    assert features.days == {0, 2, 4}
    assert features.waiting_days == 40
    assert features.occupied_hours == 10


def test_waiting_counts_from_the_pathway_without_ended_placements(person):
    Person.objects.filter(pk=person.pk).update(opened_on=TODAY - timedelta(days=90))
    [features] = people_features(Person.objects.filter(pk=person.pk))
    assert features.waiting_days == 90
    assert features.occupied_hours == 0


def test_it_loads_people_in_one_query_however_many(
    make_person, make_placement, big_service, django_assert_num_queries
):
    people = [make_person(first_name=f"Persona {i}", municipality=MOENA) for i in range(6)]
    for person in people[:3]:
        make_placement(person, status=Placement.Status.ACTIVE, service=big_service)
        ended(make_placement, person, TODAY - timedelta(days=3), service=big_service)
    with django_assert_num_queries(1):
        loaded = people_features(Person.objects.all())
    assert {f.pk for f in loaded} == {p.pk for p in people}
    with django_assert_num_queries(1):
        people_features(Person.objects.filter(pk=people[0].pk))


# Places ---------------------------------------------------------------------------------------


def test_it_loads_an_openings_features(make_opening, municipalities):
    opening = make_opening(
        title="Aiuto cuoco",
        tasks="Preparazione dei pasti per il ristorante dell'albergo.",
        skills="Cucina, HACCP",
        min_level=Level.objects.get(number=2),
        hours_per_week=20,
        days=[0, 1, 2],
        municipality=municipalities[CAVALESE],
    )
    place = opening_features(opening)
    assert place.kind == OPENING
    assert (place.pk, place.code, place.title) == (opening.pk, opening.code, "Aiuto cuoco")
    assert place.min_level == 2
    assert place.levels == {2, 3, 4, 5}
    assert place.skills == {"cucina", "haccp"}
    assert {"aiuto", "cuoco", "preparazione", "pasti", "ristorante", "cucina"} <= place.words
    assert place.municipality_name == "Cavalese"
    assert place.hours_per_week == 20
    assert place.days == {0, 1, 2}


def test_a_person_and_an_opening_of_one_municipality_are_zero_km_apart(
    make_person, make_opening, big_service, municipalities
):
    [person] = people_features(Person.objects.filter(pk=make_person(municipality=CAVALESE).pk))
    opening = opening_features(make_opening(municipality=municipalities[CAVALESE]))
    service = service_features(big_service)
    assert (person.latitude, person.longitude) == (opening.latitude, opening.longitude)
    assert (person.latitude, person.longitude) == (service.latitude, service.longitude)


def test_it_loads_openings_in_one_query(make_opening, django_assert_num_queries):
    for i in range(4):
        make_opening(title=f"Opportunità {i}")
    with django_assert_num_queries(1):
        places = openings_features(Opening.objects.all())
    assert len(places) == 4


def test_it_loads_a_services_features(big_service, django_assert_num_queries):
    with django_assert_num_queries(1):
        place = service_features(big_service)
    assert place.kind == SERVICE
    assert place.title == "Lavanderia per gli alberghi"
    assert place.levels == {1, 2, 3}
    assert place.min_level == 1
    assert place.skills == frozenset()
    assert {"lavanderia", "alberghi", "lavaggio", "stiro", "biancheria"} <= place.words
    assert place.hours_per_week is None
    assert place.days == frozenset()


def test_it_loads_services_in_one_query_with_their_levels(
    big_service, service, django_assert_num_queries
):
    with django_assert_num_queries(1):
        places = services_features(Service.objects.order_by("name"))
    assert [(p.title, p.levels) for p in places] == [
        ("Laboratorio di cucina", {1, 2}),
        ("Lavanderia per gli alberghi", {1, 2, 3}),
    ]


# Candidate pool and consent -------------------------------------------------------------------


def test_the_pool_has_only_open_pathways(person, make_referral):
    referred = make_referral(first_name="Ancora", last_name="Segnalato").person
    assert referred.status == Person.Status.REFERRED
    assert set(candidate_pool()) == {person}
    Person.objects.filter(pk=person.pk).update(status=Person.Status.CLOSED)
    assert not candidate_pool().exists()


def test_the_pool_leaves_out_people_placed_full_time(make_person, make_placement, big_service):
    full = make_person(first_name="Tempo", last_name="Pieno")
    half = make_person(first_name="Part", last_name="Time")
    hours = FULL_TIME_HOURS // 2
    make_placement(full, status=Placement.Status.ACTIVE, hours_per_week=hours)
    make_placement(full, status=Placement.Status.ACCEPTED, hours_per_week=FULL_TIME_HOURS - hours)
    make_placement(half, status=Placement.Status.ACTIVE, hours_per_week=hours, service=big_service)
    # Proposed and ended placements take no hours.
    make_placement(half, status=Placement.Status.PROPOSED, hours_per_week=20, service=big_service)
    ended(make_placement, half, TODAY, hours_per_week=30, service=big_service)
    assert set(candidate_pool()) == {half}
    assert set(candidate_pool(Person.objects.filter(pk=full.pk))) == set()


def test_sharing_needs_a_consent_in_force(make_person, worker_a):
    valid = make_person(first_name="Valido")
    without = make_person(first_name="Senza")
    withdrawn = make_person(first_name="Ritirato")
    expired = make_person(first_name="Scaduto")
    other_purpose = make_person(first_name="Altro")
    consent_to_companies(valid, worker_a, expires_on=TODAY + timedelta(days=30))
    services.consent_withdraw(
        consent=consent_to_companies(withdrawn, worker_a), by=worker_a, on=TODAY
    )
    consent_to_companies(
        expired,
        worker_a,
        given_on=TODAY - timedelta(days=400),
        expires_on=TODAY - timedelta(days=1),
    )
    services.consent_record(
        person=other_purpose,
        purpose=Consent.Purpose.TABLE,
        given_on=TODAY,
        document_reference="Prot. 1",
        by=worker_a,
    )
    people = Person.objects.all()
    assert set(with_sharing_consent(people)) == {valid}
    assert set(with_sharing_consent(people, on=TODAY - timedelta(days=2))) == {
        valid,
        withdrawn,
        expired,
    }
    assert without not in with_sharing_consent(candidate_pool())


# The synthetic data set of the benchmark ------------------------------------------------------


def test_the_synthetic_openings_ask_for_what_the_synthetic_people_have(org_a, worker_a):
    assert scale._openings(30, creators=[worker_a.pk]) == 30
    places = openings_features(Opening.objects.all())
    assert {p.min_level for p in places} <= {1, 2, 3, 4}
    assert Opening.objects.exclude(status=Opening.Status.OPEN).count() == 0
    assert set(Opening.objects.values_list("places", flat=True)) <= {1, 2, 3}
    people_skills = frozenset().union(*(person_skill_tokens(text) for text in SKILLS))
    people_interests = frozenset().union(*(word_tokens(text) for text in INTERESTS))
    for place in places:
        assert place.skills and place.skills <= people_skills
        assert place.words & people_interests
