"""The openings a user manages /opportunita/gestione/: a company tutor those of their
organisation, a case worker those of their organisation and those they created; every status."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import italian, redirected_to_login
from ponte.network.middleware import SESSION_KEY
from ponte.network.models import Membership, Role
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import MANAGE, company_tutor, edit, make_opening, page


def titles(response) -> list[str]:
    return [opening.title for opening in response.context["page"].object_list]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert redirected_to_login(client.get(MANAGE), MANAGE)


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "referrer", "nobody", "staff_user"])
def test_roles_that_do_not_manage_openings_are_refused(client, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(MANAGE).status_code == 403


def test_a_company_tutor_sees_every_opening_of_their_organisation_with_its_status(
    client, company, tutor, make_user, org_b, worker_a
):
    colleague = company_tutor(make_user, company, "tutor.gamma2")
    draft = make_opening(company, colleague, title="Bozza", status=Opening.Status.DRAFT)
    make_opening(company, worker_a, title="Aperta")
    make_opening(company, tutor, title="Chiusa", status=Opening.Status.CLOSED)
    make_opening(org_b, worker_a, title="Di Beta")
    client.force_login(tutor)
    response = client.get(MANAGE)
    assert response.status_code == 200
    assert titles(response) == ["Bozza", "Aperta", "Chiusa"]  # drafts first, closed last
    html = response.content.decode()
    assert "Di Beta" not in html
    assert f'href="{page(draft)}"' in html
    assert f'href="{edit(draft)}"' in html
    for status in ("Draft", "Open", "Closed"):
        assert italian(status) in html


def test_a_case_worker_sees_the_openings_of_their_organisation_and_those_they_created(
    client, worker_a, org_a, org_b, company, tutor, make_user
):
    make_opening(org_a, tutor, title="Di Alfa")
    make_opening(company, worker_a, title="Trovata in azienda", status=Opening.Status.DRAFT)
    make_opening(company, tutor, title="Del pastificio")
    make_opening(org_b, make_user("op.beta", org_b, Role.CASE_WORKER), title="Di Beta")
    client.force_login(worker_a)
    assert sorted(titles(client.get(MANAGE))) == ["Di Alfa", "Trovata in azienda"]


def test_the_list_follows_the_organisation_the_user_acts_for(
    client, two_roles, org_a, org_b, tutor
):
    make_opening(org_a, tutor, title="Di Alfa")
    client.force_login(two_roles)
    assert titles(client.get(MANAGE)) == ["Di Alfa"]
    session = client.session
    session[SESSION_KEY] = Membership.objects.get(user=two_roles, organisation=org_b).code
    session.save()
    assert client.get(MANAGE).status_code == 403  # member contact of B


def test_a_user_with_no_openings_is_told_so(client, tutor):
    client.force_login(tutor)
    assert italian("You have no openings yet.") in client.get(MANAGE).content.decode()


def test_the_number_of_queries_does_not_grow_with_the_openings(
    client, company, tutor, django_assert_num_queries
):
    for number in range(3):
        make_opening(company, tutor, title=f"Poche {number}", status=Opening.Status.DRAFT)
    client.force_login(tutor)
    client.get(MANAGE)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(MANAGE))) == 3
    for number in range(27):
        make_opening(company, tutor, title=f"Molte {number}")
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert len(titles(client.get(MANAGE))) == 30
