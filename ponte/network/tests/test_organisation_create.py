"""Creating an organisation /rete/gestione/nuova/: the coordinator only."""

import re

import pytest

from ponte.core.codes import ALPHABET
from ponte.core.tests.helpers import (
    SAN_GIOVANNI,
    italian,
    messages_of,
    redirected_to_login,
    valid_vat_number,
)
from ponte.network.models import Organisation, Sector
from ponte.network.tests.helpers import organisation_form_data

URL = "/rete/gestione/nuova/"


@pytest.fixture
def new_organisation(municipalities) -> dict:
    return organisation_form_data(
        name="Cooperativa sociale Nuova",
        kind=Organisation.Kind.SOCIAL_COOP_B,
        vat_number=valid_vat_number(77),
        municipality=municipalities[SAN_GIOVANNI].pk,
        description="Una nuova cooperativa.",
        sectors=[Sector.objects.get(code="agriculture").pk, Sector.objects.get(code="food").pk],
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, new_organisation):
    assert redirected_to_login(client.get(URL), URL)
    assert redirected_to_login(client.post(URL, new_organisation), URL)
    assert not Organisation.objects.filter(name="Cooperativa sociale Nuova").exists()


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "tutor", "nobody", "staff_user"])
def test_other_roles_are_refused(client, new_organisation, request, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403
    assert client.post(URL, new_organisation).status_code == 403
    assert not Organisation.objects.filter(name="Cooperativa sociale Nuova").exists()


def test_the_coordinator_gets_an_empty_form(client, coordinator):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("name", "kind", "vat_number", "municipality", "sectors"):
        assert f'name="{name}"' in html


def test_the_coordinator_creates_an_organisation(client, coordinator, new_organisation):
    client.force_login(coordinator)
    response = client.post(URL, new_organisation)
    organisation = Organisation.objects.get(name="Cooperativa sociale Nuova")
    assert response.status_code == 302
    assert response.url == f"/rete/{organisation.code}/"
    assert re.fullmatch(f"[{ALPHABET}]{{8}}", organisation.code)
    assert organisation.code != str(organisation.pk)
    assert messages_of(response) == [("success", italian("The organisation has been created."))]
    assert organisation.kind == Organisation.Kind.SOCIAL_COOP_B
    assert organisation.vat_number == valid_vat_number(77)
    assert organisation.municipality.istat_code == SAN_GIOVANNI
    assert organisation.is_public and organisation.is_active
    assert sorted(organisation.sectors.values_list("code", flat=True)) == ["agriculture", "food"]

    page = client.get(response.url)
    assert page.status_code == 200
    assert "<h1>Cooperativa sociale Nuova</h1>" in page.content.decode()


def test_the_new_organisation_appears_in_the_directory(client, coordinator, new_organisation):
    assert "Cooperativa sociale Nuova" not in client.get("/rete/").content.decode()
    client.force_login(coordinator)
    client.post(URL, new_organisation)
    client.logout()
    assert "Cooperativa sociale Nuova" in client.get("/rete/").content.decode()


def test_two_organisations_get_different_codes(client, coordinator, new_organisation):
    client.force_login(coordinator)
    client.post(URL, new_organisation)
    client.post(URL, {**new_organisation, "name": "Altra", "vat_number": ""})
    codes = set(Organisation.objects.values_list("code", flat=True))
    assert len(codes) == Organisation.objects.count()


def test_an_invalid_vat_number_creates_nothing(client, coordinator, new_organisation):
    client.force_login(coordinator)
    before = Organisation.objects.count()
    response = client.post(URL, {**new_organisation, "vat_number": "12345678901"})
    assert response.status_code == 200
    assert response.context["form"].has_error("vat_number", code="invalid_vat_number")
    assert Organisation.objects.count() == before
    # What was typed is still there, to correct it.
    assert 'value="Cooperativa sociale Nuova"' in response.content.decode()


def test_a_vat_number_already_used_creates_nothing(client, coordinator, org_a, new_organisation):
    client.force_login(coordinator)
    before = Organisation.objects.count()
    response = client.post(URL, {**new_organisation, "vat_number": f"IT{org_a.vat_number}"})
    assert response.status_code == 200
    assert response.context["form"].has_error("vat_number", code="unique")
    assert Organisation.objects.count() == before


def test_a_name_and_a_kind_are_required(client, coordinator):
    client.force_login(coordinator)
    before = Organisation.objects.count()
    response = client.post(URL, organisation_form_data(name="", kind=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("name", code="required")
    assert form.has_error("kind", code="required")
    assert Organisation.objects.count() == before


def test_an_organisation_outside_the_district_has_no_municipality(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        URL,
        organisation_form_data(
            name="Fondazione di Trento",
            kind=Organisation.Kind.FOUNDATION,
            relation=Organisation.Relation.FUNDER,
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Fondazione di Trento")
    assert organisation.municipality is None
    assert organisation.vat_number == ""
