"""Editing an organisation /rete/<code>/modifica/: the member contact edits their own profile, the
coordinator every field of every organisation, nobody else anything; bad input saves nothing."""

import pytest

from ponte.core.tests.helpers import (
    PREDAZZO,
    italian,
    italian_html,
    messages_of,
    redirected_to_login,
    valid_vat_number,
)
from ponte.network.forms import UNKNOWN_MUNICIPALITY
from ponte.network.models import Municipality, Organisation, Role, Sector
from ponte.network.tests.helpers import organisation_form_data


def url(organisation) -> str:
    return f"/rete/{organisation.code}/modifica/"


def profile_data(**changes) -> dict:
    data = {
        "address": "Via Nuova 1",
        "website": "https://alfa.example",
        "email": "info@alfa.example",
        "phone": "0462 123456",
        "description": "Ristorante e catering.",
        "sectors": [Sector.objects.get(code="catering").pk],
    }
    data.update(changes)
    return data


def snapshot(organisation) -> dict:
    organisation.refresh_from_db()
    fields = {f.name: getattr(organisation, f.name) for f in Organisation._meta.concrete_fields}
    fields.pop("updated_at")
    fields["sectors"] = sorted(organisation.sectors.values_list("code", flat=True))
    return fields


def test_anonymous_visitors_are_sent_to_sign_in(client, org_a):
    response = client.get(url(org_a))
    assert redirected_to_login(response, url(org_a))
    response = client.post(url(org_a), profile_data())
    assert redirected_to_login(response, url(org_a))
    org_a.refresh_from_db()
    assert org_a.address == ""


def test_the_member_contact_sees_only_the_profile_fields(client, contact_a, org_a):
    client.force_login(contact_a)
    response = client.get(url(org_a))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("address", "website", "email", "phone", "description", "sectors"):
        assert f'name="{name}"' in html
    for name in ("name", "kind", "vat_number", "fiscal_code", "municipality", "is_public"):
        assert f'name="{name}"' not in html


def test_the_member_contact_edits_their_own_profile(client, contact_a, org_a):
    client.force_login(contact_a)
    response = client.post(url(org_a), profile_data())
    assert response.status_code == 302
    assert response.url == f"/rete/{org_a.code}/"
    assert messages_of(response) == [("success", italian("The changes have been saved."))]
    org_a.refresh_from_db()
    assert org_a.address == "Via Nuova 1"
    assert org_a.website == "https://alfa.example"
    assert org_a.phone == "0462 123456"
    assert org_a.description == "Ristorante e catering."
    assert list(org_a.sectors.values_list("code", flat=True)) == ["catering"]


def test_the_change_is_on_the_public_page_at_once(client, contact_a, org_a):
    assert "Via Nuova 1" not in client.get(f"/rete/{org_a.code}/").content.decode()
    client.force_login(contact_a)
    client.post(url(org_a), profile_data())
    client.logout()
    assert "Via Nuova 1" in client.get(f"/rete/{org_a.code}/").content.decode()


def test_the_member_contact_cannot_change_other_fields_by_posting_them(
    client, contact_a, org_a, municipalities
):
    client.force_login(contact_a)
    response = client.post(
        url(org_a),
        profile_data(
            name="Nome Cambiato",
            kind=Organisation.Kind.BANK,
            relation=Organisation.Relation.FUNDER,
            vat_number=valid_vat_number(99),
            fiscal_code="RSSMRA80A01H501U",
            municipality=municipalities[PREDAZZO].pk,
            is_public="",
            is_active="",
            employees=1000,
            code="AAAAAAAA",
        ),
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.address == "Via Nuova 1"  # the profile is saved...
    assert org_a.name == "Cooperativa sociale Alfa"  # ...and nothing else.
    assert org_a.kind == Organisation.Kind.SOCIAL_COOP_B
    assert org_a.relation == Organisation.Relation.MEMBER
    assert org_a.vat_number == valid_vat_number(1)
    assert org_a.fiscal_code == ""
    assert org_a.municipality.name == "Cavalese"
    assert org_a.is_public and org_a.is_active
    assert org_a.employees is None
    assert org_a.code != "AAAAAAAA"


def test_a_member_contact_of_another_public_organisation_is_refused(client, contact_b, org_a):
    before = snapshot(org_a)
    client.force_login(contact_b)
    assert client.get(url(org_a)).status_code == 403
    assert client.post(url(org_a), profile_data()).status_code == 403
    assert snapshot(org_a) == before


def test_a_member_contact_of_another_organisation_does_not_learn_a_hidden_one_exists(
    client, contact_b, make_organisation
):
    hidden = make_organisation("Cooperativa Riservata", is_public=False)
    client.force_login(contact_b)
    assert client.get(url(hidden)).status_code == 404
    assert client.post(url(hidden), profile_data()).status_code == 404
    hidden.refresh_from_db()
    assert hidden.address == ""


def test_the_member_contact_of_a_hidden_organisation_edits_it(client, make_user, make_organisation):
    hidden = make_organisation("Cooperativa Riservata", is_public=False)
    client.force_login(make_user("referente.riservata", hidden, Role.MEMBER_CONTACT))
    assert client.post(url(hidden), profile_data()).status_code == 302
    hidden.refresh_from_db()
    assert hidden.address == "Via Nuova 1"


@pytest.mark.parametrize("user", ["worker_a", "tutor", "nobody", "staff_user"])
def test_other_roles_cannot_edit_a_public_organisation(client, org_a, request, user):
    before = snapshot(org_a)
    client.force_login(request.getfixturevalue(user))
    assert client.get(url(org_a)).status_code == 403
    assert client.post(url(org_a), profile_data()).status_code == 403
    assert snapshot(org_a) == before


def test_a_case_worker_of_the_same_organisation_cannot_edit_it(client, worker_a, org_a):
    client.force_login(worker_a)
    response = client.post(url(org_a), profile_data())
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.address == ""


def test_a_member_contact_acting_in_another_role_cannot_edit(client, two_roles, org_b):
    """two_roles is the member contact of B, but acts as a case worker of A until switching."""
    client.force_login(two_roles)
    assert client.get(url(org_b)).status_code == 403
    membership = two_roles.memberships.get(organisation=org_b)
    client.post("/account/organizzazione/", {"membership": membership.code})
    assert client.get(url(org_b)).status_code == 200


def test_the_coordinator_sees_every_field(client, coordinator, org_a):
    client.force_login(coordinator)
    html = client.get(url(org_a)).content.decode()
    for name in ("name", "kind", "relation", "vat_number", "fiscal_code", "municipality"):
        assert f'name="{name}"' in html
    assert f'value="{org_a.vat_number}"' in html


def test_the_coordinator_edits_every_field(client, coordinator, org_a, municipalities):
    client.force_login(coordinator)
    predazzo = municipalities[PREDAZZO]
    data = organisation_form_data(
        org_a,
        name="Cooperativa sociale Alfa Nuova",
        kind=Organisation.Kind.SOCIAL_COOP_AB,
        relation=Organisation.Relation.PARTNER,
        vat_number=f"IT {valid_vat_number(50)}",
        fiscal_code=valid_vat_number(50),
        municipality=predazzo.pk,
        member_since="2024-05-01",
        employees="25",
        is_public=None,
        sectors=[Sector.objects.get(code="laundry").pk, Sector.objects.get(code="training").pk],
    )
    response = client.post(url(org_a), data)
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.name == "Cooperativa sociale Alfa Nuova"
    assert org_a.kind == Organisation.Kind.SOCIAL_COOP_AB
    assert org_a.relation == Organisation.Relation.PARTNER
    assert org_a.vat_number == valid_vat_number(50)
    assert org_a.fiscal_code == valid_vat_number(50)
    assert org_a.municipality == predazzo
    assert org_a.member_since.isoformat() == "2024-05-01"
    assert org_a.employees == 25
    assert not org_a.is_public
    assert sorted(org_a.sectors.values_list("code", flat=True)) == ["laundry", "training"]


def test_saving_the_form_unchanged_changes_nothing(client, coordinator, org_a):
    before = snapshot(org_a)
    client.force_login(coordinator)
    assert client.post(url(org_a), organisation_form_data(org_a)).status_code == 302
    assert snapshot(org_a) == before


def test_an_invalid_vat_number_is_explained_and_nothing_is_saved(client, coordinator, org_a):
    before = snapshot(org_a)
    client.force_login(coordinator)
    response = client.post(
        url(org_a), organisation_form_data(org_a, name="Altro nome", vat_number="12345678901")
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("vat_number", code="invalid_vat_number")
    html = response.content.decode()
    assert "12345678901" in html
    assert italian_html("Please correct the errors below: nothing has been saved yet.") in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_vat_number_error"' in html
    assert snapshot(org_a) == before


def test_an_unknown_municipality_is_explained_and_nothing_is_saved(client, coordinator, org_a):
    before = snapshot(org_a)
    client.force_login(coordinator)
    unknown = Municipality.objects.order_by("-pk").first().pk + 1000
    response = client.post(
        url(org_a), organisation_form_data(org_a, name="Altro nome", municipality=unknown)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == [italian(UNKNOWN_MUNICIPALITY)]
    assert italian_html(UNKNOWN_MUNICIPALITY) in response.content.decode()
    assert snapshot(org_a) == before


def test_a_vat_number_of_another_organisation_is_refused(client, coordinator, org_a, org_b):
    before = snapshot(org_a)
    client.force_login(coordinator)
    response = client.post(url(org_a), organisation_form_data(org_a, vat_number=org_b.vat_number))
    assert response.status_code == 200
    assert response.context["form"].has_error("vat_number", code="unique")
    assert snapshot(org_a) == before


def test_a_member_contact_gets_a_clear_message_for_an_invalid_website(client, contact_a, org_a):
    client.force_login(contact_a)
    response = client.post(url(org_a), profile_data(website="non è un indirizzo", address="X"))
    assert response.status_code == 200
    assert response.context["form"].has_error("website")
    org_a.refresh_from_db()
    assert org_a.address == ""
    assert org_a.website == ""


def test_an_unknown_code_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/rete/ZZZZZZZZ/modifica/").status_code == 404
