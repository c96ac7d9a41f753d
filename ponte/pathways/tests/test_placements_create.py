"""Proposing a placement /percorsi/<person code>/inserimenti/nuovo/: the care team only; bad
input gives a clear message and saves nothing."""

from datetime import timedelta

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.models import Role
from ponte.pathways.models import Placement
from ponte.pathways.tests.placement_helpers import TODAY, placement_at


def url(person) -> str:
    return f"/percorsi/{person.code}/inserimenti/nuovo/"


def data(service, **changes) -> dict:
    values = {
        "service": service.pk,
        "planned_start": (TODAY + timedelta(days=7)).isoformat(),
        "planned_end": (TODAY + timedelta(days=97)).isoformat(),
        "hours_per_week": "20",
        "tutor": "",
        "agreement_reference": "Conv. 12/2025",
    }
    values.update(changes)
    return values


@pytest.fixture
def coop_tutor(make_user, org_a):
    return make_user("tutor.alfa", org_a, Role.CASE_WORKER, first_name="Elena", last_name="Tutor")


def test_anonymous_visitors_are_sent_to_sign_in(client, person, service):
    assert redirected_to_login(client.get(url(person)), url(person))
    assert redirected_to_login(client.post(url(person), data(service)), url(person))
    assert not Placement.objects.exists()


def test_the_form_offers_active_services_with_their_free_places(
    client, worker_a, person, other_person, service
):
    placement_at(other_person, service, worker_a, Placement.Status.ACTIVE)
    client.force_login(worker_a)
    response = client.get(url(person))
    assert response.status_code == 200
    label = italian("%(service)s · %(provider)s · free places: %(free)s of %(places)s") % {
        "service": "Laboratorio di cucina",
        "provider": "Cooperativa sociale Alfa",
        "free": 1,
        "places": 2,
    }
    assert label in response.content.decode()


def test_the_care_team_proposes_a_placement(client, worker_a, person, service, coop_tutor, org_a):
    client.force_login(worker_a)
    response = client.post(url(person), data(service, tutor=coop_tutor.pk))
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response.url == f"/percorsi/inserimenti/{placement.code}/"
    assert messages_of(response) == [("success", italian("The placement has been proposed."))]
    assert placement.person == person
    assert placement.status == Placement.Status.PROPOSED
    assert placement.service == service
    assert placement.host == org_a
    assert placement.promoter == person.organisation
    assert placement.tutor == coop_tutor
    assert placement.hours_per_week == 20
    assert placement.agreement_reference == "Conv. 12/2025"
    assert placement.proposed_by == worker_a


def test_a_placement_ending_before_it_starts_is_not_saved(client, worker_a, person, service):
    client.force_login(worker_a)
    response = client.post(
        url(person),
        data(service, planned_end=(TODAY - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 200
    assert italian_html("The placement cannot end before it starts.") in response.content.decode()
    assert not Placement.objects.exists()


def test_a_tutor_from_another_organisation_is_refused(client, worker_a, person, service, tutor):
    client.force_login(worker_a)
    response = client.post(url(person), data(service, tutor=tutor.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["tutor"]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("hours", ["0", "41", ""])
def test_hours_per_week_out_of_range_are_refused(client, worker_a, person, service, hours):
    client.force_login(worker_a)
    response = client.post(url(person), data(service, hours_per_week=hours))
    assert response.context["form"].errors["hours_per_week"]
    assert not Placement.objects.exists()


def test_an_inactive_service_cannot_be_chosen(client, worker_a, person, service):
    service.is_active = False
    service.save()
    client.force_login(worker_a)
    response = client.post(url(person), data(service))
    assert response.context["form"].errors["service"]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("user", ["worker_a2", "worker_b", "tutor", "coordinator", "contact_a"])
def test_people_outside_the_care_team_do_not_find_the_person(
    client, request, user, person, service
):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), data(service)).status_code == 404
    assert not Placement.objects.exists()


def test_the_referrer_sees_the_person_but_may_not_place_them(client, referrer, person, service):
    client.force_login(referrer)
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person), data(service)).status_code == 403
    assert not Placement.objects.exists()
