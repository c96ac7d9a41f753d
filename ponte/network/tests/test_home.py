"""The public home page: the district, its members by kind, its valleys and its funders."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ponte.network.models import Organisation, Valley
from ponte.network.selectors import HOME_NAMES_PER_KIND
from ponte.network.tests.helpers import organisation_links


@pytest.fixture
def network(district, org_a, org_b, company, make_organisation):
    """Three public members (two cooperatives, a company), a funder, and two members nobody
    outside may see: one not public, one deactivated."""
    return {
        "funder": make_organisation(
            "Fondazione Epsilon",
            kind=Organisation.Kind.FOUNDATION,
            relation=Organisation.Relation.FUNDER,
            municipality=None,
        ),
        "hidden": make_organisation("Cooperativa Riservata", is_public=False),
        "closed": make_organisation("Cooperativa Chiusa", is_active=False),
    }


def kind_label(kind: str) -> str:
    with translation.override("it"):
        return str(Organisation.Kind(kind).label)


def test_it_is_open_to_anonymous_visitors(client, district):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["user"].is_anonymous
    assert district.name in response.content.decode()


def test_it_works_before_the_district_is_set_up(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["members_by_kind"] == []


def test_it_lists_public_active_members_grouped_by_kind(client, network, org_a, org_b, company):
    response = client.get("/")
    groups = {
        group["kind"]: group["organisations"] for group in response.context["members_by_kind"]
    }
    assert groups == {
        Organisation.Kind.SOCIAL_COOP_A: [org_b],
        Organisation.Kind.SOCIAL_COOP_B: [org_a],
        Organisation.Kind.COMPANY: [company],
    }
    assert response.context["member_count"] == 3
    html = response.content.decode()
    for organisation in (org_a, org_b, company):
        assert f'href="/rete/{organisation.code}/"' in html
        assert organisation.name in html
    for kind in groups:
        assert f'<h3 class="card-title h5">{kind_label(kind)} ' in html


def test_it_lists_the_funders_apart_from_the_members(client, network):
    response = client.get("/")
    funder = network["funder"]
    assert list(response.context["funders"]) == [funder]
    assert all(
        funder not in group["organisations"] for group in response.context["members_by_kind"]
    )
    assert f'<li><a href="/rete/{funder.code}/">{funder.name}</a></li>' in response.content.decode()


def test_it_hides_organisations_not_public_or_deactivated(client, network):
    response = client.get("/")
    html = response.content.decode()
    for organisation in (network["hidden"], network["closed"]):
        assert organisation.name not in html
        assert organisation.code not in html


def test_it_shows_the_valleys_with_their_municipalities(client, network):
    response = client.get("/")
    html = response.content.decode()
    assert [valley.name for valley in response.context["valleys"]] == ["Fassa", "Fiemme"]
    for valley in Valley.objects.prefetch_related("municipalities"):
        names = ", ".join(m.name for m in valley.municipalities.all())
        assert names in html
    assert "Cavalese" in html and "Canazei" in html


def test_it_shows_ladin_names_to_ladin_readers(client, settings, network):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lld"
    response = client.get("/")
    assert '<html lang="lld">' in response.content.decode()
    assert "Sèn Jan (San Giovanni di Fassa)" in response.content.decode()


def test_a_kind_with_many_members_shows_a_few_and_links_to_the_rest(
    client, network, make_organisation
):
    for n in range(HOME_NAMES_PER_KIND + 4):
        make_organisation(f"Impresa {n:02d}", kind=Organisation.Kind.COMPANY)
    response = client.get("/")
    links = organisation_links(response)
    companies = [name for name in links if name.startswith("Impresa ")]
    # Pastificio Gamma is a company too, after the "Impresa" ones in alphabetical order.
    assert companies == [f"Impresa {n:02d}" for n in range(HOME_NAMES_PER_KIND)]
    assert "Pastificio Gamma" not in links
    assert 'href="/rete/?kind=company"' in response.content.decode()
    assert "Cooperativa sociale Alfa" in links


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_its_queries_do_not_grow_with_the_members(
    client, network, make_organisation, contact_a, signed_in
):
    if signed_in:
        client.force_login(contact_a)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(30):
        make_organisation(f"Cooperativa {n:02d}", sectors=["food"])
    assert queries() == few
