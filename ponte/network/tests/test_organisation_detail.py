"""An organisation's page /rete/<code>/: who may see it, and who sees its people."""

import pytest

from ponte.core.tests.helpers import italian_html
from ponte.network.models import Role


@pytest.fixture
def hidden(make_organisation):
    return make_organisation("Cooperativa Riservata", is_public=False)


@pytest.fixture
def closed(make_organisation):
    return make_organisation("Cooperativa Chiusa", is_active=False)


def url(organisation) -> str:
    return f"/rete/{organisation.code}/"


def test_a_public_organisation_is_visible_to_anonymous_visitors(client, district, org_a):
    response = client.get(url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{org_a.name}</h1>" in html
    assert org_a.description in html
    assert org_a.vat_number in html
    assert "Cavalese" in html


@pytest.mark.parametrize("organisation", ["hidden", "closed"])
def test_a_hidden_or_deactivated_organisation_is_not_found_by_anonymous_visitors(
    client, request, organisation
):
    organisation = request.getfixturevalue(organisation)
    response = client.get(url(organisation))
    assert response.status_code == 404
    assert organisation.name not in response.content.decode()


@pytest.mark.parametrize("user", ["contact_b", "worker_a", "tutor", "nobody", "staff_user"])
@pytest.mark.parametrize("organisation", ["hidden", "closed"])
def test_a_hidden_or_deactivated_organisation_is_not_found_by_other_organisations(
    client, request, user, organisation
):
    organisation = request.getfixturevalue(organisation)
    client.force_login(request.getfixturevalue(user))
    response = client.get(url(organisation))
    assert response.status_code == 404
    assert organisation.name not in response.content.decode()


@pytest.mark.parametrize("organisation", ["hidden", "closed"])
def test_the_coordinator_sees_hidden_and_deactivated_organisations(
    client, coordinator, request, organisation
):
    organisation = request.getfixturevalue(organisation)
    client.force_login(coordinator)
    response = client.get(url(organisation))
    assert response.status_code == 200
    assert f"<h1>{organisation.name}</h1>" in response.content.decode()


def test_the_people_of_a_hidden_organisation_see_it(client, make_user, hidden):
    for username, role in [("referente.riservata", Role.MEMBER_CONTACT), ("op", Role.CASE_WORKER)]:
        client.force_login(make_user(username, hidden, role))
        response = client.get(url(hidden))
        assert response.status_code == 200
        assert f"<h1>{hidden.name}</h1>" in response.content.decode()


def test_an_unknown_code_is_not_found(client, coordinator):
    assert client.get("/rete/ZZZZZZZZ/").status_code == 404
    client.force_login(coordinator)
    assert client.get("/rete/ZZZZZZZZ/").status_code == 404


def test_an_organisation_is_not_reached_by_its_id(client, org_a):
    assert client.get(f"/rete/{org_a.pk}/").status_code == 404


def test_the_coordinator_sees_the_people_and_their_roles(client, coordinator, org_a, worker_a):
    client.force_login(coordinator)
    response = client.get(url(org_a))
    html = response.content.decode()
    assert "Marco Delvai" in html
    assert "operatore.alfa" in html
    assert worker_a.memberships.get().get_role_display() in html
    membership = worker_a.memberships.get()
    assert f'action="/rete/gestione/ruoli/{membership.code}/stato/"' in html


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "contact_b"])
def test_nobody_else_sees_the_people(client, org_a, contact_a, worker_a, request, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get(url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "operatore.alfa" not in html
    assert "referente.alfa" not in html
    assert "/rete/gestione/ruoli/" not in html
    assert italian_html("People with a role in this organisation") not in html


def test_anonymous_visitors_do_not_see_the_people(client, org_a, worker_a):
    html = client.get(url(org_a)).content.decode()
    assert "operatore.alfa" not in html
    assert "Marco Delvai" not in html


def test_the_member_contact_is_offered_to_edit_their_profile(client, contact_a, org_a, org_b):
    client.force_login(contact_a)
    edit = f'href="/rete/{org_a.code}/modifica/"'
    assert edit in client.get(url(org_a)).content.decode()
    assert f'href="/rete/{org_b.code}/modifica/"' not in client.get(url(org_b)).content.decode()


def test_a_case_worker_is_not_offered_to_edit(client, worker_a, org_a):
    client.force_login(worker_a)
    assert "/modifica/" not in client.get(url(org_a)).content.decode()


def test_the_coordinator_is_offered_every_action(client, coordinator, org_a):
    client.force_login(coordinator)
    html = client.get(url(org_a)).content.decode()
    assert f'href="/rete/{org_a.code}/modifica/"' in html
    assert f'href="/rete/{org_a.code}/ruoli/nuovo/"' in html
    assert f'action="/rete/{org_a.code}/stato/"' in html
