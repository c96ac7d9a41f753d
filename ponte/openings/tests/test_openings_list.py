"""The public list of openings /opportunita/: open openings only, no personal data, filters,
pages of 25, cached for anonymous visitors, a number of queries that does not grow with the
openings."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE, MOENA, PREDAZZO, italian
from ponte.network.models import Role
from ponte.openings import services as opening_services
from ponte.openings.models import Opening
from ponte.openings.tests.opening_helpers import LIST, NEW, make_opening, page


def titles(response) -> list[str]:
    return [opening.title for opening in response.context["page"].object_list]


def test_anonymous_visitors_see_the_open_openings_with_their_facts(client, company, tutor):
    opening = make_opening(
        company, tutor, title="Aiuto pastaio", tutor=tutor, skills="HACCP, impasto"
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Aiuto pastaio"]
    html = response.content.decode()
    assert f'href="{page(opening)}"' in html
    assert f'href="/rete/{company.code}/"' in html
    assert "Pastificio Gamma" in html
    assert italian("Social-inclusion internship (TIS)") in html
    assert "Tesero" in html
    assert "Tirocinio in azienda" in html  # the name of level 3
    assert "HACCP, impasto" in html
    assert opening.starts_on.strftime("%d/%m/%Y") in html


def test_the_list_shows_only_open_openings(client, company, tutor):
    make_opening(company, tutor, title="Aperta")
    make_opening(company, tutor, title="Bozza", status=Opening.Status.DRAFT)
    make_opening(company, tutor, title="Chiusa", status=Opening.Status.CLOSED)
    response = client.get(LIST)
    assert titles(response) == ["Aperta"]
    html = response.content.decode()
    assert "Bozza" not in html and "Chiusa" not in html


def test_the_list_shows_no_personal_data(client, company, tutor, make_user):
    make_opening(company, tutor, tutor=tutor)
    for user in (None, tutor):
        if user:
            client.force_login(user)
        html = client.get(LIST).content.decode()
        for personal in ("Dellantonio", "Paolo", tutor.email, tutor.username):
            assert personal not in html.split("<main", 1)[1], personal


def test_a_host_not_shown_in_the_directory_is_named_without_a_link(
    client, make_organisation, tutor
):
    hidden = make_organisation("Falegnameria Riservata", is_public=False)
    make_opening(hidden, tutor)
    html = client.get(LIST).content.decode()
    assert "Falegnameria Riservata" in html
    assert f'href="/rete/{hidden.code}/"' not in html


def test_it_filters_by_kind_valley_municipality_and_text(client, company, tutor, municipalities):
    make_opening(company, tutor, title="Cuoco", municipality=CAVALESE, kind=Opening.Kind.PERMANENT)
    make_opening(company, tutor, title="Cameriere", municipality=MOENA, skills="lingua tedesca")
    make_opening(
        company, tutor, title="Magazziniere", municipality=PREDAZZO, tasks="Usa il muletto"
    )
    fassa = municipalities[MOENA].valley.code

    def found(query: str) -> list[str]:
        return sorted(titles(client.get(LIST + query)))

    assert found("") == ["Cameriere", "Cuoco", "Magazziniere"]
    assert found(f"?kind={Opening.Kind.PERMANENT}") == ["Cuoco"]
    assert found(f"?valley={fassa}") == ["Cameriere"]
    assert found(f"?municipality={PREDAZZO}") == ["Magazziniere"]
    assert found("?q=cuoco") == ["Cuoco"]
    assert found("?q=TEDESCA") == ["Cameriere"]
    assert found("?q=muletto") == ["Magazziniere"]
    assert found("?q=nessuno") == []
    assert 'id="id_q_helptext"' in client.get(LIST).content.decode()
    assert found("?kind=nonsense&municipality=000000") == ["Cameriere", "Cuoco", "Magazziniere"]


def test_a_filter_with_no_result_says_so(client, company, tutor):
    make_opening(company, tutor)
    html = client.get(LIST + "?q=astronauta").content.decode()
    assert italian("No open opening matches these filters.") in html


def test_the_list_has_pages_of_25(client, company, tutor):
    for number in range(27):
        make_opening(company, tutor, title=f"Opportunità {number:02d}")
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(LIST + "?q=Opportunit&page=2")
    assert len(second.context["page"].object_list) == 2
    assert 'href="?q=Opportunit&amp;page=1"' in second.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_openings(
    client, company, tutor, django_assert_num_queries, signed_in
):
    if signed_in:
        client.force_login(tutor)
    for number in range(3):
        make_opening(company, tutor, title=f"Poche {number}")
    cache.clear()
    client.get(LIST)  # warms what is cached per process (the district, the navigation)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert len(titles(client.get(LIST))) == 3
    for number in range(27):
        make_opening(company, tutor, title=f"Molte {number}")
    cache.clear()
    with django_assert_num_queries(len(few)):
        response = client.get(LIST)
    assert len(titles(response)) == 25


def test_anonymous_visitors_get_a_cached_page_until_an_opening_changes(
    client, company, tutor, django_assert_max_num_queries
):
    opening = make_opening(company, tutor, title="Prima versione")
    client.get(LIST)
    with django_assert_max_num_queries(1):  # the version only
        assert "Prima versione" in client.get(LIST).content.decode()
    opening.title = "Seconda versione"
    opening.save()
    assert "Seconda versione" in client.get(LIST).content.decode()
    draft = make_opening(company, tutor, title="Nuova", status=Opening.Status.DRAFT)
    assert "Nuova" not in client.get(LIST).content.decode()
    opening_services.opening_transition(opening=draft, to=Opening.Status.OPEN, by=tutor)
    assert "Nuova" in client.get(LIST).content.decode()


@pytest.mark.parametrize("role", [Role.COMPANY_TUTOR, Role.CASE_WORKER])
def test_who_manages_openings_finds_the_way_to_create_one(client, make_user, company, role):
    client.force_login(make_user("gestore", company, role))
    assert f'href="{NEW}"' in client.get(LIST).content.decode()


@pytest.mark.parametrize("user", ["contact_a", "coordinator", "nobody"])
def test_other_users_see_the_list_without_the_way_to_create_one(client, request, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST)
    assert response.status_code == 200
    assert f'href="{NEW}"' not in response.content.decode()


def test_the_openings_of_a_deactivated_host_are_not_listed(client, company, tutor, municipalities):
    make_opening(company, tutor, title="Posto fantasma")
    assert "Posto fantasma" in client.get(LIST).content.decode()
    company.is_active = False
    company.save()
    assert "Posto fantasma" not in client.get("/opportunita/").content.decode()
