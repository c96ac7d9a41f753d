"""The main navigation shows each user what their role may use, and nothing else."""

import re

import pytest

from ponte.network.models import Membership, Role

MANAGE = "/rete/gestione/"
ADMIN = "/admin/"


def navigation(html: str) -> str:
    found = re.search(r'<nav[^>]*id="main-navigation".*?</nav>', html, re.S)
    assert found, "the page has the main navigation"
    return found.group(0)


def nav_links(client, url: str = "/") -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'href="([^"]+)"', navigation(response.content.decode()))


def test_anonymous_visitors_see_the_public_entries(client, db):
    links = nav_links(client)
    assert "/" in links
    assert "/rete/" in links
    assert MANAGE not in links
    assert ADMIN not in links


def test_the_coordinator_sees_the_manage_link(client, coordinator):
    client.force_login(coordinator)
    for url in ("/", "/rete/", "/area-personale/"):
        assert MANAGE in nav_links(client, url)
    assert ADMIN not in nav_links(client)


@pytest.mark.parametrize(
    "user", ["contact_a", "worker_a", "tutor", "two_roles", "nobody", "staff_user"]
)
def test_other_users_do_not_see_the_manage_link(client, request, user):
    client.force_login(request.getfixturevalue(user))
    for url in ("/", "/area-personale/"):
        html = client.get(url).content.decode()
        assert f'href="{MANAGE}"' not in html


def test_the_coordinator_sees_the_manage_link_only_while_acting_as_coordinator(
    client, make_user, coordination, org_a
):
    user = make_user("doppio", coordination, Role.COORDINATOR)
    as_coordinator = user.memberships.get()
    as_worker = Membership.objects.create(user=user, organisation=org_a, role=Role.CASE_WORKER)
    client.force_login(user)
    client.post("/account/organizzazione/", {"membership": as_coordinator.code})
    assert MANAGE in nav_links(client)
    assert client.get(MANAGE).status_code == 200
    client.post("/account/organizzazione/", {"membership": as_worker.code})
    assert MANAGE not in nav_links(client)
    assert client.get(MANAGE).status_code == 403


def test_only_staff_see_the_technical_administration(client, staff_user, coordinator):
    client.force_login(staff_user)
    assert ADMIN in nav_links(client)
    assert f'href="{ADMIN}"' in client.get("/area-personale/").content.decode()
    client.force_login(coordinator)
    assert ADMIN not in nav_links(client)
    assert f'href="{ADMIN}"' not in client.get("/area-personale/").content.decode()


def test_the_current_page_is_marked(client, coordinator):
    client.force_login(coordinator)
    nav = navigation(client.get("/rete/gestione/utenti/").content.decode())
    current = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page"', nav)
    assert current == [MANAGE]


def test_the_technical_administration_is_closed_to_everyone_else(client, staff_user, coordinator):
    client.force_login(coordinator)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    client.force_login(staff_user)
    assert client.get(ADMIN).status_code == 200
