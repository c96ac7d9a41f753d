"""Deactivating and reactivating an organisation /rete/<code>/stato/ (POST, coordinator only)."""

import pytest

from ponte.core.tests.helpers import italian, italian_html, messages_of, redirected_to_login
from ponte.network.tests.helpers import organisation_links

NO_ROLE = "Your account has no active role in any organisation yet: ask the district coordinator."


def url(organisation) -> str:
    return f"/rete/{organisation.code}/stato/"


def deactivate(client, organisation):
    return client.post(url(organisation), {"active": "0"})


def test_it_answers_only_to_post(client, coordinator, org_a):
    client.force_login(coordinator)
    assert client.get(url(org_a)).status_code == 405
    org_a.refresh_from_db()
    assert org_a.is_active


def test_anonymous_visitors_are_sent_to_sign_in(client, org_a):
    assert redirected_to_login(deactivate(client, org_a), url(org_a))
    org_a.refresh_from_db()
    assert org_a.is_active


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "contact_b", "nobody", "staff_user"])
def test_other_roles_are_refused(client, org_a, request, user):
    client.force_login(request.getfixturevalue(user))
    assert deactivate(client, org_a).status_code == 403
    org_a.refresh_from_db()
    assert org_a.is_active


def test_the_coordinator_deactivates_an_organisation(client, coordinator, org_a):
    client.force_login(coordinator)
    response = deactivate(client, org_a)
    assert response.status_code == 302
    assert response.url == f"/rete/{org_a.code}/"
    assert messages_of(response) == [
        (
            "success",
            italian(
                "The organisation has been deactivated: it no longer appears in the directory."
            ),
        )
    ]
    org_a.refresh_from_db()
    assert not org_a.is_active
    # Kept with its history, and still reachable by the coordinator.
    assert client.get(f"/rete/{org_a.code}/").status_code == 200


def test_a_deactivated_organisation_leaves_the_directory_and_its_page(client, coordinator, org_a):
    # Visited once, so that the public pages are in the cache.
    assert "Cooperativa sociale Alfa" in organisation_links(client.get("/rete/"))
    assert client.get(f"/rete/{org_a.code}/").status_code == 200
    assert "Cooperativa sociale Alfa" in client.get("/").content.decode()

    client.force_login(coordinator)
    deactivate(client, org_a)
    client.logout()

    assert "Cooperativa sociale Alfa" not in organisation_links(client.get("/rete/"))
    assert client.get(f"/rete/{org_a.code}/").status_code == 404
    assert "Cooperativa sociale Alfa" not in client.get("/").content.decode()


def test_its_people_no_longer_act_for_it(client, coordinator, contact_a, org_a):
    client.force_login(contact_a)
    response = client.get("/area-personale/")
    assert response.wsgi_request.membership.organisation == org_a

    client.force_login(coordinator)
    deactivate(client, org_a)

    client.force_login(contact_a)
    response = client.get("/area-personale/")
    assert response.wsgi_request.membership is None
    assert response.wsgi_request.memberships == []
    html = response.content.decode()
    assert italian_html(NO_ROLE) in html
    assert "Cooperativa sociale Alfa" not in html
    # Nor may they edit its profile any more.
    assert client.get(f"/rete/{org_a.code}/modifica/").status_code == 404


def test_a_user_with_another_role_acts_for_the_other_organisation(
    client, coordinator, two_roles, org_a, org_b
):
    client.force_login(coordinator)
    deactivate(client, org_a)
    client.force_login(two_roles)
    response = client.get("/area-personale/")
    assert response.wsgi_request.membership.organisation == org_b
    assert [m.organisation for m in response.wsgi_request.memberships] == [org_b]


def test_the_coordinator_reactivates_an_organisation(client, coordinator, contact_a, org_a):
    client.force_login(coordinator)
    deactivate(client, org_a)
    response = client.post(url(org_a), {"active": "1"})
    assert response.status_code == 302
    assert messages_of(response)[-1] == ("success", italian("The organisation is active again."))
    org_a.refresh_from_db()
    assert org_a.is_active
    client.logout()
    assert "Cooperativa sociale Alfa" in organisation_links(client.get("/rete/"))
    client.force_login(contact_a)
    assert client.get("/area-personale/").wsgi_request.membership.organisation == org_a


def test_an_unknown_code_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.post("/rete/ZZZZZZZZ/stato/", {"active": "0"}).status_code == 404


def test_the_coordinator_cannot_deactivate_the_organisation_they_act_for(
    client, coordinator, coordination
):
    client.force_login(coordinator)
    response = deactivate(client, coordination)
    assert response.status_code == 302
    coordination.refresh_from_db()
    assert coordination.is_active
    assert messages_of(response) == [
        ("error", italian("You cannot deactivate the organisation you are acting for."))
    ]
