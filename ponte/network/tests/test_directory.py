"""The public directory /rete/: filters, pagination, the map, and a fixed number of queries.

The list and the map may come from the cache, so the tests read the HTML, not the context."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ponte.core.tests.helpers import CAVALESE, MOENA, PREDAZZO, TESERO
from ponte.network.models import Organisation, Sector
from ponte.network.selectors import DIRECTORY_PAGE_SIZE
from ponte.network.tests.helpers import map_counts, organisation_links

URL = "/rete/"
ALL_LISTED = [
    "Cooperativa sociale Alfa",
    "Cooperativa sociale Beta",
    "Famiglia Cooperativa di Moena",
    "Pastificio Gamma",
]


@pytest.fixture
def network(district, org_a, org_b, company, make_organisation):
    return {
        "a": org_a,  # social coop B, Cavalese (Fiemme)
        "b": org_b,  # social coop A, Predazzo (Fiemme)
        "company": company,  # company, Tesero (Fiemme)
        "fassa": make_organisation(
            "Famiglia Cooperativa di Moena",
            kind=Organisation.Kind.COMPANY,
            municipality=MOENA,
            description="Negozi di alimentari in Val di Fassa.",
        ),
        "hidden": make_organisation("Cooperativa Riservata", is_public=False),
        "closed": make_organisation("Cooperativa Chiusa", is_active=False),
    }


def listed(client, query=None) -> list[str]:
    response = client.get(URL, query or {})
    assert response.status_code == 200
    return organisation_links(response)


def test_it_is_open_to_anonymous_visitors(client, network):
    response = client.get(URL)
    assert response.status_code == 200
    assert organisation_links(response) == ALL_LISTED


def test_it_lists_only_public_active_organisations(client, network):
    response = client.get(URL)
    html = response.content.decode()
    assert f'href="/rete/{network["a"].code}/"' in html
    for key in ("hidden", "closed"):
        assert network[key].name not in html
        assert network[key].code not in html


@pytest.mark.parametrize("user", ["contact_a", "worker_a", "coordinator", "staff_user"])
def test_signed_in_users_see_the_same_list(client, network, request, user):
    client.force_login(request.getfixturevalue(user))
    names = listed(client)
    assert set(ALL_LISTED) <= set(names)
    assert "Cooperativa Riservata" not in names
    assert "Cooperativa Chiusa" not in names


def test_anonymous_and_signed_in_visitors_do_not_share_a_page(client, network, contact_a):
    anonymous = client.get(URL).content.decode()
    assert "Anna Gilmozzi" not in anonymous
    client.force_login(contact_a)
    signed_in = client.get(URL).content.decode()
    assert "Anna Gilmozzi" in signed_in
    client.logout()
    assert "Anna Gilmozzi" not in client.get(URL).content.decode()


def test_it_shows_the_kind_municipality_and_sectors_of_each_organisation(client, network):
    html = client.get(URL).content.decode()
    assert str(Sector.objects.get(code="catering")) in html
    assert network["a"].get_kind_display() in html
    assert "Predazzo" in html


def test_it_filters_by_kind(client, network):
    assert listed(client, {"kind": "company"}) == [
        "Famiglia Cooperativa di Moena",
        "Pastificio Gamma",
    ]
    assert listed(client, {"kind": "bank"}) == []


def test_it_filters_by_valley(client, network):
    assert listed(client, {"valley": "fassa"}) == ["Famiglia Cooperativa di Moena"]
    assert listed(client, {"valley": "fiemme"}) == [
        "Cooperativa sociale Alfa",
        "Cooperativa sociale Beta",
        "Pastificio Gamma",
    ]


def test_it_filters_by_municipality(client, network):
    assert listed(client, {"comune": PREDAZZO}) == ["Cooperativa sociale Beta"]
    assert listed(client, {"comune": TESERO}) == ["Pastificio Gamma"]


def test_it_searches_by_name(client, network):
    assert listed(client, {"q": "beta"}) == ["Cooperativa sociale Beta"]
    assert listed(client, {"q": "  Pastificio  "}) == ["Pastificio Gamma"]
    assert listed(client, {"q": "Riservata"}) == []
    assert listed(client, {"q": "Chiusa"}) == []


def test_it_combines_filters(client, network):
    assert listed(client, {"kind": "company", "valley": "fiemme"}) == ["Pastificio Gamma"]


def test_the_form_keeps_the_chosen_filters(client, network):
    html = client.get(URL, {"kind": "company", "valley": "fassa"}).content.decode()
    assert '<option value="company" selected>' in html
    assert '<option value="fassa" selected>' in html


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "bogus"},
        {"valley": "valsugana"},
        {"comune": "999999"},
        {"comune": "<script>alert(1)</script>"},
        {"page": "abc"},
        {"page": "-1"},
        {"q": "x" * 500},
        {"kind": ["company", "bank"]},
    ],
)
def test_an_invalid_filter_value_does_not_break_the_page(client, network, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_invalid_filter_value_is_ignored(client, network):
    assert listed(client, {"kind": "bogus"}) == ALL_LISTED
    assert listed(client, {"kind": "bogus", "valley": "fassa"}) == ["Famiglia Cooperativa di Moena"]


@pytest.fixture
def thirty(district, db):
    """30 public organisations, named so that their order is known."""
    Organisation.objects.bulk_create(
        Organisation(name=f"Organizzazione {n:02d}", kind=Organisation.Kind.COMPANY)
        for n in range(30)
    )


def test_it_shows_a_page_of_organisations_at_a_time(client, thirty):
    assert DIRECTORY_PAGE_SIZE == 24
    first = client.get(URL)
    assert organisation_links(first) == [f"Organizzazione {n:02d}" for n in range(24)]
    assert 'href="?page=2"' in first.content.decode()

    second = client.get(URL, {"page": 2})
    assert organisation_links(second) == [f"Organizzazione {n:02d}" for n in range(24, 30)]
    assert 'href="?page=1"' in second.content.decode()


def test_a_page_beyond_the_last_shows_the_last(client, thirty):
    assert listed(client, {"page": 99}) == [f"Organizzazione {n:02d}" for n in range(24, 30)]


def test_the_pages_keep_the_filters(client, thirty):
    html = client.get(URL, {"kind": "company"}).content.decode()
    assert 'href="?kind=company&amp;page=2"' in html


def test_the_map_shows_every_municipality_and_the_counts(client, network, municipalities):
    response = client.get(URL)
    assert map_counts(response) == {CAVALESE: 1, PREDAZZO: 1, TESERO: 1, MOENA: 1}

    svg = re.search(r'<svg class="ponte-map".*?</svg>', response.content.decode(), re.S)
    assert svg, "the map is drawn as an inline SVG"
    svg = svg.group(0)
    assert svg.count("<circle") == len(municipalities) == 15
    assert "Cavalese" in svg and "Moena" in svg
    assert f'<a href="?comune={CAVALESE}"' in svg
    assert re.search(r'<text class="count"[^>]*>1</text>', svg)


def test_the_map_counts_what_the_filters_select(client, network, make_organisation):
    make_organisation("Seconda a Cavalese", kind=Organisation.Kind.COMPANY, municipality=CAVALESE)
    assert map_counts(client.get(URL))[CAVALESE] == 2
    assert map_counts(client.get(URL, {"kind": "company"})) == {
        CAVALESE: 1,
        TESERO: 1,
        MOENA: 1,
    }
    # Choosing a municipality keeps the others on the map, to move to a neighbouring one.
    assert map_counts(client.get(URL, {"comune": PREDAZZO}))[CAVALESE] == 2


def test_the_map_never_counts_hidden_organisations(client, network):
    # The hidden and the closed organisations are in Cavalese too.
    assert map_counts(client.get(URL))[CAVALESE] == 1


def add_organisations(make_organisation, count: int) -> None:
    sectors = list(Sector.objects.all()[:3])
    kinds = [Organisation.Kind.COMPANY, Organisation.Kind.SOCIAL_COOP_B, Organisation.Kind.BANK]
    places = [CAVALESE, PREDAZZO, TESERO, MOENA]
    existing = Organisation.objects.count()
    for n in range(existing, existing + count):
        organisation = make_organisation(
            f"Organizzazione {n:03d}", kind=kinds[n % 3], municipality=places[n % 4]
        )
        organisation.sectors.set(sectors)


def count_queries(client, *args) -> int:
    """Queries of a request that renders everything (nothing served from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(*args)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_its_queries_do_not_grow_with_the_organisations(
    client, district, make_organisation, contact_a, signed_in
):
    if signed_in:
        client.force_login(contact_a)
    filters = {"valley": "fiemme", "q": "Organizzazione"}
    add_organisations(make_organisation, 5)
    few = count_queries(client, URL)
    few_filtered = count_queries(client, URL, filters)

    add_organisations(make_organisation, 55)
    assert count_queries(client, URL) == few
    assert count_queries(client, URL, filters) == few_filtered
    assert count_queries(client, URL, {"page": 2}) == few
    assert len(organisation_links(client.get(URL, {"page": 3}))) == 61 - 48


@pytest.fixture
def funder(make_organisation):
    return make_organisation(
        "Fondazione Zeta",
        kind=Organisation.Kind.FOUNDATION,
        relation=Organisation.Relation.FUNDER,
        municipality=None,
    )


def test_it_shows_members_by_default_and_funders_on_request(client, network, funder):
    assert listed(client) == ALL_LISTED
    assert listed(client, {"relation": "funder"}) == ["Fondazione Zeta"]
    assert listed(client, {"relation": "all"}) == sorted([*ALL_LISTED, "Fondazione Zeta"])


def test_funders_are_marked_as_such(client, network, funder):
    html = client.get(URL, {"relation": "all"}).content.decode()
    assert "Finanziatore" in html


def test_the_seeded_demo_directory_lists_the_ten_members(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    assert len(listed(client)) == 10
