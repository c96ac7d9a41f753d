"""Roles: adding one /rete/<code>/ruoli/nuovo/ and turning one off or on
/rete/gestione/ruoli/<code>/stato/ (coordinator only)."""

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.models import Membership, Role


def add_url(organisation) -> str:
    return f"/rete/{organisation.code}/ruoli/nuovo/"


def toggle_url(membership) -> str:
    return f"/rete/gestione/ruoli/{membership.code}/stato/"


# Adding a role -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_to_add_a_role(client, org_a, nobody):
    url = add_url(org_a)
    assert redirected_to_login(client.get(url), url)
    response = client.post(url, {"user": nobody.pk, "role": Role.CASE_WORKER})
    assert redirected_to_login(response, url)
    assert not nobody.memberships.exists()


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "contact_b", "nobody", "staff_user"])
def test_other_roles_cannot_add_a_role(client, org_a, nobody, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(add_url(org_a)).status_code == 403
    response = client.post(add_url(org_a), {"user": nobody.pk, "role": Role.CASE_WORKER})
    assert response.status_code == 403
    assert not nobody.memberships.exists()


def test_the_coordinator_gets_the_users_without_a_role_there(
    client, coordinator, org_a, contact_a, nobody
):
    client.force_login(coordinator)
    response = client.get(add_url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{nobody.pk}">' in html
    assert f'<option value="{contact_a.pk}">' not in html


def test_the_coordinator_adds_a_role(client, coordinator, org_a, nobody):
    client.force_login(coordinator)
    response = client.post(add_url(org_a), {"user": nobody.pk, "role": Role.CASE_WORKER})
    assert response.status_code == 302
    assert response.url == f"/rete/{org_a.code}/"
    assert messages_of(response) == [("success", italian("The role has been added."))]
    membership = nobody.memberships.get()
    assert membership.organisation == org_a
    assert membership.role == Role.CASE_WORKER
    assert membership.is_active

    client.force_login(nobody)
    assert client.get("/area-personale/").wsgi_request.membership == membership


def test_a_second_role_in_the_same_organisation_is_refused(client, coordinator, org_a, contact_a):
    client.force_login(coordinator)
    response = client.post(add_url(org_a), {"user": contact_a.pk, "role": Role.CASE_WORKER})
    assert response.status_code == 200
    message = italian("This user already has a role in this organisation.")
    assert message in str(response.context["form"].errors)
    assert italian_html("This user already has a role in this organisation.") in (
        response.content.decode()
    )
    membership = contact_a.memberships.get()
    assert membership.role == Role.MEMBER_CONTACT


def test_an_inactive_role_still_counts_as_the_role_there(client, coordinator, org_a, worker_a):
    Membership.objects.filter(user=worker_a).update(is_active=False)
    client.force_login(coordinator)
    response = client.post(add_url(org_a), {"user": worker_a.pk, "role": Role.MEMBER_CONTACT})
    assert response.status_code == 200
    assert worker_a.memberships.count() == 1


def test_a_user_may_get_a_role_in_another_organisation(client, coordinator, org_b, contact_a):
    client.force_login(coordinator)
    response = client.post(add_url(org_b), {"user": contact_a.pk, "role": Role.CASE_WORKER})
    assert response.status_code == 302
    assert contact_a.memberships.count() == 2


@pytest.mark.parametrize("data", [{"role": "superuser"}, {"role": ""}, {"user": "999999"}])
def test_invalid_input_adds_nothing(client, coordinator, org_a, nobody, data):
    client.force_login(coordinator)
    response = client.post(add_url(org_a), {"user": nobody.pk, "role": Role.CASE_WORKER, **data})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Membership.objects.filter(organisation=org_a, user=nobody).exists()


def test_adding_a_role_to_an_unknown_organisation_is_not_found(client, coordinator, nobody):
    client.force_login(coordinator)
    response = client.post("/rete/ZZZZZZZZ/ruoli/nuovo/", {"user": nobody.pk, "role": "referrer"})
    assert response.status_code == 404


# Turning a role off and on -------------------------------------------------------------------


@pytest.fixture
def membership(worker_a) -> Membership:
    return worker_a.memberships.get()


def test_it_answers_only_to_post(client, coordinator, membership):
    client.force_login(coordinator)
    assert client.get(toggle_url(membership)).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in_to_change_a_role(client, membership):
    response = client.post(toggle_url(membership), {"active": "0"})
    assert redirected_to_login(response, toggle_url(membership))
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "contact_b", "nobody", "staff_user"])
def test_other_roles_cannot_change_a_role(client, membership, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.post(toggle_url(membership), {"active": "0"}).status_code == 403
    membership.refresh_from_db()
    assert membership.is_active


def test_the_coordinator_turns_a_role_off_and_on(client, coordinator, worker_a, membership, org_a):
    client.force_login(coordinator)
    response = client.post(toggle_url(membership), {"active": "0"})
    assert response.status_code == 302
    assert response.url == f"/rete/{org_a.code}/"
    assert messages_of(response) == [("success", italian("The role has been updated."))]
    membership.refresh_from_db()
    assert not membership.is_active

    client.force_login(worker_a)
    response = client.get("/area-personale/")
    assert response.wsgi_request.membership is None

    client.force_login(coordinator)
    client.post(toggle_url(membership), {"active": "1"})
    membership.refresh_from_db()
    assert membership.is_active
    client.force_login(worker_a)
    assert client.get("/area-personale/").wsgi_request.membership == membership


def test_an_unknown_role_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.post("/rete/gestione/ruoli/ZZZZZZZZ/stato/", {"active": "0"}).status_code == 404


def test_the_coordinator_cannot_deactivate_their_own_role(client, coordinator):
    own = coordinator.memberships.get()
    client.force_login(coordinator)
    response = client.post(toggle_url(own), {"active": "0"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.is_active
    assert client.get("/rete/gestione/").status_code == 200
