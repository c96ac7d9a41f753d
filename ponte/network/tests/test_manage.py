"""The coordinator's pages: every organisation /rete/gestione/ and every user
/rete/gestione/utenti/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE, PREDAZZO, italian_html, redirected_to_login
from ponte.network.models import Membership, Organisation, Role

MANAGE = "/rete/gestione/"
USERS = "/rete/gestione/utenti/"


@pytest.mark.parametrize("url", [MANAGE, USERS])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    assert redirected_to_login(client.get(url), url)


@pytest.mark.parametrize("url", [MANAGE, USERS])
@pytest.mark.parametrize(
    "user", ["contact_a", "worker_a", "tutor", "two_roles", "nobody", "staff_user"]
)
def test_other_roles_are_refused(client, request, url, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get(url)
    assert response.status_code == 403


def test_the_coordinator_sees_every_organisation(client, coordinator, org_a, make_organisation):
    hidden = make_organisation("Cooperativa Riservata", is_public=False)
    closed = make_organisation("Cooperativa Chiusa", is_active=False)
    client.force_login(coordinator)
    response = client.get(MANAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for organisation in (org_a, hidden, closed):
        assert f'<a href="/rete/{organisation.code}/">{organisation.name}</a>' in html
    assert 'href="/rete/gestione/nuova/"' in html
    assert f'href="{USERS}"' in html


def test_it_counts_the_active_people_of_each_organisation(
    client, coordinator, org_a, contact_a, worker_a
):
    Membership.objects.filter(user=worker_a).update(is_active=False)
    client.force_login(coordinator)
    response = client.get(MANAGE)
    counts = {o.name: o.n_members for o in response.context["page"].object_list}
    assert counts["Cooperativa sociale Alfa"] == 1
    assert counts["Cooperativa sociale Delta"] == 1  # the coordinator's own


def test_the_coordinator_sees_every_user_and_their_roles(
    client, coordinator, contact_a, two_roles, staff_user, nobody, org_a, org_b
):
    client.force_login(coordinator)
    response = client.get(USERS)
    assert response.status_code == 200
    html = response.content.decode()
    for user in (coordinator, contact_a, two_roles, staff_user, nobody):
        assert user.username in html
        assert user.email in html
    assert html.count(f'href="/rete/{org_a.code}/"') == 2  # contact_a and two_roles
    assert f'href="/rete/{org_b.code}/"' in html
    assert italian_html("Member contact") in html
    assert 'href="/rete/gestione/utenti/nuovo/"' in html


def grow(make_organisation, make_user, start: int, count: int) -> None:
    for n in range(start, start + count):
        organisation = make_organisation(
            f"Organizzazione {n:03d}",
            kind=Organisation.Kind.COMPANY,
            municipality=CAVALESE if n % 2 else PREDAZZO,
            sectors=["food", "retail"],
        )
        make_user(f"utente{n:03d}a", organisation, Role.MEMBER_CONTACT)
        make_user(f"utente{n:03d}b", organisation, Role.COMPANY_TUTOR)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [MANAGE, USERS])
def test_its_queries_do_not_grow_with_the_network(
    client, coordinator, make_organisation, make_user, url
):
    client.force_login(coordinator)
    grow(make_organisation, make_user, 0, 3)
    few = queries(client, url)
    grow(make_organisation, make_user, 3, 30)
    assert queries(client, url) == few
