"""Editing an opening /opportunita/<code>/modifica/: its managers only; 403 for who may see it
but not change it, 404 for who may not know it exists."""

import pytest

from ponte.core.tests.helpers import italian, messages_of, redirected_to_login
from ponte.network.models import Role
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import (
    company_tutor,
    edit,
    make_opening,
    opening_data,
    page,
)


@pytest.fixture
def opening(company, tutor) -> Opening:
    return make_opening(company, tutor, title="Aiuto pastaio")


def test_anonymous_visitors_are_sent_to_sign_in(client, opening):
    assert redirected_to_login(client.get(edit(opening)), edit(opening))
    assert redirected_to_login(client.post(edit(opening), opening_data()), edit(opening))


def test_a_tutor_of_the_host_edits_the_opening(client, opening, make_user, company, tutor):
    colleague = company_tutor(make_user, company, "tutor.gamma2")
    client.force_login(colleague)
    response = client.get(edit(opening))
    assert response.status_code == 200
    assert response.context["form"]["title"].value() == "Aiuto pastaio"
    response = client.post(edit(opening), opening_data(title="Pastaio", places="4"))
    assert response.status_code == 302
    assert response.url == page(opening)
    assert messages_of(response) == [("success", italian("The opening has been saved."))]
    opening.refresh_from_db()
    assert (opening.title, opening.places, opening.host) == ("Pastaio", 4, company)
    assert opening.created_by == tutor
    assert opening.status == Opening.Status.OPEN  # editing does not change the status


def test_the_form_shows_the_days_already_chosen(client, opening, tutor):
    client.force_login(tutor)
    html = client.get(edit(opening)).content.decode()
    for day in range(7):
        checked = day in (0, 2, 4)  # Monday, Wednesday, Friday
        tag = f'<input type="checkbox" name="days" value="{day}" id="id_days_{day}"'
        assert (tag + " checked>" in html) is checked, day


def test_a_case_worker_edits_an_opening_they_created_for_a_company(
    client, company, worker_a, tutor
):
    opening = make_opening(company, worker_a, status=Opening.Status.DRAFT)
    client.force_login(worker_a)
    response = client.get(edit(opening))
    assert response.context["form"]["host"].value() == company.pk
    data = opening_data(host=company.pk, tutor=tutor.pk, title="Trovata")
    assert client.post(edit(opening), data).status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.tutor) == ("Trovata", tutor)


def test_another_organisation_s_tutor_may_see_an_open_opening_but_not_edit_it(
    client, opening, make_user, org_b
):
    client.force_login(company_tutor(make_user, org_b, "tutor.beta"))
    assert client.get(page(opening)).status_code == 200
    assert client.get(edit(opening)).status_code == 403
    assert client.post(edit(opening), opening_data(title="Rubata")).status_code == 403
    opening.refresh_from_db()
    assert opening.title == "Aiuto pastaio"


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "worker_a"])
def test_other_roles_may_not_edit_an_open_opening(client, request, user, opening):
    client.force_login(request.getfixturevalue(user))
    assert client.get(edit(opening)).status_code == 403


def test_who_may_not_know_a_draft_gets_not_found(client, company, tutor, make_user, org_b):
    draft = make_opening(company, tutor, status=Opening.Status.DRAFT)
    for user in (
        company_tutor(make_user, org_b, "tutor.beta"),
        make_user("op.beta", org_b, Role.CASE_WORKER),
        make_user("ref.beta", org_b, Role.MEMBER_CONTACT),
    ):
        client.force_login(user)
        assert client.get(edit(draft)).status_code == 404


def test_bad_input_changes_nothing(client, opening, tutor):
    client.force_login(tutor)
    response = client.post(edit(opening), opening_data(title="Nuovo titolo", places="0"))
    assert response.status_code == 200
    assert response.context["form"].errors["places"] == [
        italian("An opening has at least 1 place.")
    ]
    assert "Aiuto pastaio" in response.content.decode()  # the heading keeps the saved title
    opening.refresh_from_db()
    assert (opening.title, opening.places) == ("Aiuto pastaio", 2)
