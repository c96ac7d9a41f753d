"""The services of the chain /percorsi/servizi/: the list with free places and filters, creating
and editing a service, and the page of one service with who is in it."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE, PREDAZZO, italian, messages_of, redirected_to_login
from ponte.pathways.models import Level, Placement, Service
from ponte.pathways.tests.placement_helpers import placement_at

LIST = "/percorsi/servizi/"
NEW = "/percorsi/servizi/nuovo/"


def page(service: Service) -> str:
    return f"/percorsi/servizi/{service.code}/"


def edit(service: Service) -> str:
    return f"/percorsi/servizi/{service.code}/modifica/"


def service_data(municipalities, **changes) -> dict:
    data = {
        "name": "Lavanderia",
        "kind": Service.Kind.LABORATORY,
        "description": "Lavaggio e stiratura per alberghi.",
        "levels": [Level.objects.get(number=1).pk, Level.objects.get(number=2).pk],
        "places": "4",
        "schedule": "Lunedì–venerdì, 8–12",
        "municipality": municipalities[PREDAZZO].pk,
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def make_service(org_a, municipalities):
    def make(name: str, *, places: int = 2, kind: str = Service.Kind.LABORATORY, **fields):
        municipality = municipalities[fields.pop("municipality", CAVALESE)]
        levels = fields.pop("levels", [1])
        service = Service.objects.create(
            provider=fields.pop("provider", org_a),
            name=name,
            kind=kind,
            places=places,
            municipality=municipality,
            **fields,
        )
        service.levels.set(Level.objects.filter(number__in=levels))
        return service

    return make


# The list -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, NEW])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    assert redirected_to_login(client.get(url), url)


def test_anonymous_visitors_are_sent_to_sign_in_from_a_service(client, service):
    assert redirected_to_login(client.get(page(service)), page(service))
    assert redirected_to_login(client.get(edit(service)), edit(service))


@pytest.mark.parametrize("user", ["contact_a", "nobody", "staff_user"])
def test_roles_that_do_not_work_with_pathways_do_not_find_the_services(
    client, request, service, user
):
    client.force_login(request.getfixturevalue(user))
    assert client.get(LIST).status_code == 404
    assert client.get(page(service)).status_code == 404


@pytest.mark.parametrize("user", ["worker_a", "worker_b", "referrer", "coordinator", "tutor"])
def test_every_role_of_the_pathways_sees_the_services_with_their_free_places(
    client, request, user, service, make_person, worker_a
):
    placement_at(make_person(first_name="Anna"), service, worker_a, Placement.Status.ACTIVE)
    placement_at(make_person(first_name="Bruno"), service, worker_a, Placement.Status.PROPOSED)
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST)
    assert response.status_code == 200
    (row,) = response.context["page"].object_list
    assert row == service
    assert (row.places, row.free_places) == (2, 1)
    html = response.content.decode()
    assert f'href="{page(service)}"' in html
    assert "Cooperativa sociale Alfa" in html
    assert italian("Occupational laboratory") in html
    assert "Cavalese" in html


def test_it_filters_by_kind_level_and_valley(client, worker_a, make_service):
    kitchen = make_service("Cucina", levels=[1])
    laundry = make_service(
        "Lavanderia", kind=Service.Kind.TRAINING, levels=[2], municipality=PREDAZZO
    )
    client.force_login(worker_a)

    def names(query: str) -> list[str]:
        return [s.name for s in client.get(LIST + query).context["page"].object_list]

    assert names("") == ["Cucina", "Lavanderia"]
    assert names(f"?kind={Service.Kind.TRAINING}") == [laundry.name]
    assert names("?level=1") == [kitchen.name]
    valley = laundry.municipality.valley.code
    assert laundry.name in names(f"?valley={valley}")
    assert names("?kind=nonsense") == ["Cucina", "Lavanderia"]


def test_the_number_of_queries_does_not_grow_with_the_services(
    client, worker_a, make_service, make_person
):
    make_service("Primo")
    client.force_login(worker_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(6):
        service = make_service(f"Servizio {number}", levels=[1, 2, 3])
        person = make_person(first_name=f"P{number}")
        placement_at(person, service, worker_a, Placement.Status.ACCEPTED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 7
    assert len(many) == len(few)


# Creating and editing -------------------------------------------------------------------------


def test_a_case_worker_creates_a_service_of_their_own_organisation(
    client, worker_a, org_a, municipalities
):
    client.force_login(worker_a)
    response = client.get(NEW)
    assert response.status_code == 200
    assert 'name="provider"' not in response.content.decode()
    response = client.post(NEW, service_data(municipalities))
    service = Service.objects.get(name="Lavanderia")
    assert response.status_code == 302
    assert response.url == page(service)
    assert messages_of(response) == [("success", italian("The service has been saved."))]
    assert service.provider == org_a
    assert service.places == 4
    assert sorted(service.levels.values_list("number", flat=True)) == [1, 2]


def test_the_coordinator_creates_a_service_for_any_member(
    client, coordinator, org_b, municipalities
):
    client.force_login(coordinator)
    assert 'name="provider"' in client.get(NEW).content.decode()
    client.post(NEW, service_data(municipalities, provider=org_b.pk))
    assert Service.objects.get(name="Lavanderia").provider == org_b


@pytest.mark.parametrize("user", ["referrer", "tutor"])
def test_other_roles_may_not_create_services(client, request, user, municipalities):
    client.force_login(request.getfixturevalue(user))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, service_data(municipalities)).status_code == 403
    assert not Service.objects.exists()


@pytest.mark.parametrize("places", ["0", "", "tre"])
def test_a_service_without_valid_places_is_not_saved(client, worker_a, municipalities, places):
    client.force_login(worker_a)
    response = client.post(NEW, service_data(municipalities, places=places))
    assert response.status_code == 200
    assert response.context["form"].errors["places"]
    assert not Service.objects.exists()


def test_a_case_worker_edits_the_services_of_their_organisation(
    client, worker_a, service, municipalities
):
    client.force_login(worker_a)
    response = client.post(edit(service), service_data(municipalities, name="Cucina", places="5"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.places) == ("Cucina", 5)
    assert service.provider.name == "Cooperativa sociale Alfa"


@pytest.mark.parametrize("user", ["worker_b", "referrer", "tutor"])
def test_others_may_see_but_not_edit_a_service(client, request, user, service, municipalities):
    client.force_login(request.getfixturevalue(user))
    assert client.get(page(service)).status_code == 200
    assert client.get(edit(service)).status_code == 403
    assert client.post(edit(service), service_data(municipalities)).status_code == 403
    service.refresh_from_db()
    assert service.name == "Laboratorio di cucina"


def test_the_coordinator_edits_any_service(client, coordinator, service, municipalities):
    client.force_login(coordinator)
    data = service_data(municipalities, provider=service.provider_id, places="9")
    assert client.post(edit(service), data).status_code == 302
    service.refresh_from_db()
    assert service.places == 9


# The page of a service ------------------------------------------------------------------------


def test_the_page_of_a_service_shows_its_facts_and_free_places(client, referrer, service):
    client.force_login(referrer)
    response = client.get(page(service))
    html = response.content.decode()
    assert "Laboratorio di cucina" in html
    assert "Lunedì–venerdì, 9–13" in html
    assert "Laboratorio protetto" in html  # level 1
    assert response.context["free_places"] == 2
    assert f'href="{edit(service)}"' not in html


def test_it_lists_who_is_in_the_service_by_code_with_names_only_for_the_care_team(
    client, service, make_person, worker_a, worker_a2, coordinator
):
    mario = make_person(first_name="Mario", last_name="Rossi")
    giulia = make_person(first_name="Giulia", last_name="Bianchi")
    proposed = make_person(first_name="Piero", last_name="Proposto")
    placement_at(mario, service, worker_a, Placement.Status.ACTIVE)
    placement_at(giulia, service, worker_a, Placement.Status.ACCEPTED)
    placement_at(proposed, service, worker_a, Placement.Status.PROPOSED)

    client.force_login(worker_a)
    html = client.get(page(service)).content.decode()
    assert mario.code in html and "Mario Rossi" in html
    assert giulia.code in html and "Giulia Bianchi" in html
    assert proposed.code not in html

    for outsider in (worker_a2, coordinator):
        client.force_login(outsider)
        response = client.get(page(service))
        html = response.content.decode()
        assert mario.code in html and giulia.code in html
        assert "Rossi" not in html and "Bianchi" not in html
        assert response.context["free_places"] == 0


def test_the_page_of_a_service_makes_the_same_queries_whoever_is_in_it(
    client, service, make_person, worker_a
):
    service.places = 20
    service.save()
    placement_at(make_person(first_name="Primo"), service, worker_a, Placement.Status.ACTIVE)
    client.force_login(worker_a)
    client.get(page(service))
    with CaptureQueriesContext(connection) as few:
        client.get(page(service))
    for number in range(6):
        person = make_person(first_name=f"Persona {number}")
        placement_at(person, service, worker_a, Placement.Status.ACCEPTED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page(service))
    assert len(response.context["placements"]) == 7
    assert len(many) == len(few)


def test_an_unknown_service_is_not_found(client, worker_a):
    client.force_login(worker_a)
    assert client.get("/percorsi/servizi/NOSUCHCODE/").status_code == 404


def test_the_names_shown_are_recorded_as_reads_of_identity(
    client, service, make_person, worker_a, coordinator
):
    mario = make_person(first_name="Mario", last_name="Rossi")
    placement_at(mario, service, worker_a, Placement.Status.ACTIVE)
    client.force_login(coordinator)
    client.get(page(service))
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    client.force_login(worker_a)
    client.get(page(service))
    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    assert [(r.object_repr, r.actor, r.additional_data) for r in reads] == [
        (mario.code, worker_a, {"people": [mario.pk]})
    ]
