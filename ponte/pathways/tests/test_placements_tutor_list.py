"""The placements a tutor follows /percorsi/inserimenti/: those they tutor or their company
hosts, from the moment they are accepted, with this month's attendance register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import redirected_to_login
from ponte.network.models import Organisation, Role
from ponte.pathways.models import Placement
from ponte.pathways.tests.placement_helpers import TODAY, company_service, placement_at

URL = "/percorsi/inserimenti/"
Status = Placement.Status


@pytest.fixture
def hosted(company, municipalities):
    return company_service(company, municipalities, places=20)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(URL), URL)


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "referrer", "nobody"])
def test_roles_without_placements_to_follow_do_not_find_the_page(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 404


def test_a_company_tutor_sees_the_placements_their_company_hosts(
    client, tutor, hosted, make_person, worker_a, service
):
    visible = {
        status: placement_at(make_person(first_name=status), hosted, worker_a, status)
        for status in (Status.ACCEPTED, Status.ACTIVE, Status.ENDED)
    }
    hidden = [
        placement_at(make_person(first_name="Proposto"), hosted, worker_a, Status.PROPOSED),
        placement_at(make_person(first_name="Ritirato"), hosted, worker_a, Status.WITHDRAWN),
        placement_at(make_person(first_name="Altrove"), service, worker_a, Status.ACTIVE),
    ]
    client.force_login(tutor)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(response.context["placements"]) == set(visible.values())
    html = response.content.decode()
    for placement in hidden:
        assert placement.code not in html
    active = visible[Status.ACTIVE]
    register = f"/percorsi/inserimenti/{active.code}/presenze/{TODAY.year}/{TODAY.month}/"
    assert f'href="{register}"' in html
    assert f'href="/percorsi/inserimenti/{active.code}/"' in html
    assert "Rossi" not in html  # codes only on the list


def test_a_case_worker_sees_the_placements_they_tutor(
    client, make_user, org_a, service, make_person, worker_a
):
    coop_tutor = make_user("tutor.alfa", org_a, Role.CASE_WORKER)
    mine = placement_at(make_person(), service, worker_a, Status.ACTIVE, tutor=coop_tutor)
    placement_at(make_person(first_name="Altro"), service, worker_a, Status.ACTIVE)
    client.force_login(coop_tutor)
    assert list(client.get(URL).context["placements"]) == [mine]


def test_a_tutor_of_another_company_sees_none_of_them(
    client, make_organisation, make_user, hosted, person, worker_a
):
    placement_at(person, hosted, worker_a, Status.ACTIVE)
    other = make_organisation("Segheria Omega", kind=Organisation.Kind.COMPANY)
    other_tutor = make_user("tutor.omega", other, Role.COMPANY_TUTOR)
    client.force_login(other_tutor)
    assert list(client.get(URL).context["placements"]) == []


def test_the_number_of_queries_does_not_grow_with_the_placements(
    client, tutor, hosted, make_person, worker_a
):
    placement_at(make_person(first_name="Primo"), hosted, worker_a, Status.ACTIVE)
    client.force_login(tutor)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(6):
        placement_at(make_person(first_name=f"P{number}"), hosted, worker_a, Status.ACTIVE)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["placements"]) == 7
    assert len(many) == len(few)
