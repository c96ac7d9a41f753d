"""Editing identity and profile /percorsi/<code>/modifica/: the care team only; the referrer
(who may see the person) gets 403, everyone else 404; bad input saves nothing."""

import pytest

from ponte.core.tests.helpers import CAVALESE, italian, messages_of, redirected_to_login
from ponte.pathways.models import Person, Placement
from ponte.pathways.tests.people_helpers import access_entries, company_service


def url(person) -> str:
    return f"/percorsi/{person.code}/modifica/"


@pytest.fixture
def data(municipalities):
    def make(**changes):
        values = {
            "first_name": "Mario",
            "last_name": "Rossi",
            "birth_date": "1990-05-17",
            "fiscal_code": "",
            "email": "mario@example.org",
            "phone": "333 1234567",
            "address": "Via Roma 3, Cavalese",
            "basis": Person.Basis.ADDICTION,
            "invalidity_percent": "",
            "municipality": municipalities[CAVALESE].pk,
            "languages": "italiano",
            "own_transport": "on",
            "hours_per_week": "25",
            "available_days": ["1", "2"],
            "skills": "Cucina",
            "interests": "",
        }
        values.update(changes)
        return values

    return make


def test_anonymous_visitors_are_sent_to_sign_in(client, person):
    assert redirected_to_login(client.get(url(person)), url(person))


def test_the_care_team_sees_the_current_values(client, worker_a, person):
    person.available_days = [0, 4]
    person.save()
    client.force_login(worker_a)
    response = client.get(url(person))
    assert response.status_code == 200
    assert response.context["form"].initial["available_days"] == [0, 4]
    assert 'value="Rossi"' in response.content.decode()
    assert access_entries(person, worker_a) == 1


def test_the_care_team_edits_identity_and_profile(client, worker_a, person, data):
    client.force_login(worker_a)
    response = client.post(url(person), data())
    assert response.url == f"/percorsi/{person.code}/"
    assert messages_of(response) == [("success", italian("The changes have been saved."))]
    person.refresh_from_db()
    assert person.phone == "333 1234567"
    assert person.basis == Person.Basis.ADDICTION
    assert person.hours_per_week == 25
    assert person.available_days == [1, 2]
    assert person.own_transport and not person.driving_licence


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "non-una-email"}, "email"),
        ({"invalidity_percent": "101"}, "invalidity_percent"),
        ({"basis": "nessuna"}, "basis"),
        ({"municipality": "999999"}, "municipality"),
    ],
)
def test_bad_input_saves_nothing(client, worker_a, person, data, changes, field):
    client.force_login(worker_a)
    response = client.post(url(person), data(**changes))
    assert response.status_code == 200
    assert response.context["form"].has_error(field)
    person.refresh_from_db()
    assert person.phone == ""
    assert person.basis == Person.Basis.UNCERTIFIED


def test_the_referrer_gets_403(client, referrer, person, data):
    client.force_login(referrer)
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person), data()).status_code == 403
    person.refresh_from_db()
    assert person.phone == ""


def test_a_hosting_tutor_gets_404(client, tutor, person, make_placement, company, municipalities):
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACCEPTED,
    )
    client.force_login(tutor)
    assert client.get(url(person)).status_code == 404


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "contact_a", "coordinator"])
def test_everyone_else_gets_404(client, request, person, data, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), data()).status_code == 404
    person.refresh_from_db()
    assert person.phone == ""
