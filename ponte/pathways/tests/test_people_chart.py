"""The chart of the scores over time on the person's page: an SVG rendered on the server from our
own Vega-Lite specification, with an accessible table of the same data next to it, and cached
per latest assessment and language."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from ponte.pathways import charts
from ponte.pathways.models import Area
from ponte.pathways.tests.people_helpers import assess


def url(person) -> str:
    return f"/percorsi/{person.code}/"


@pytest.fixture
def renders(monkeypatch):
    """Counts the SVG renderings (the real renderer still runs)."""
    calls = []
    real = charts.vlc.vegalite_to_svg

    def counting(spec, **kwargs):
        calls.append(spec)
        return real(spec, **kwargs)

    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", counting)
    return calls


def test_no_assessment_no_chart(client, worker_a, person, renders):
    client.force_login(worker_a)
    response = client.get(url(person))
    assert response.context["chart"] is None
    assert "<svg xmlns" not in response.content.decode()
    assert renders == []


def test_the_chart_and_its_table_show_the_mean_and_each_area(client, worker_a, person, renders):
    assess(person, worker_a, score=2, on=date.today() - timedelta(days=200))
    assess(person, worker_a, score=4, on=date.today() - timedelta(days=20))
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 1
    spec = renders[0]
    series = {row["series"] for row in spec["data"]["values"]}
    assert series >= {"Abitudini lavorative", "Qualità del lavoro", "Relazioni", "Adattamento"}
    assert len(series) == 5
    assert spec["mark"]["type"] == "line"
    assert '<th scope="col" class="text-end">Relazioni</th>' in html
    assert "<caption>" in html
    assert "2.00" in html or "2,00" in html
    assert "4.00" in html or "4,00" in html


def test_the_chart_is_cached_until_a_new_assessment(client, worker_a, person, renders):
    assess(person, worker_a, score=3)
    client.force_login(worker_a)
    client.get(url(person))
    client.get(url(person))
    assert len(renders) == 1
    assess(person, worker_a, score=4, on=date.today())
    client.get(url(person))
    assert len(renders) == 2


def test_each_language_has_its_own_chart(person, worker_a, renders):
    assess(person, worker_a, score=3)
    with translation.override("it"):
        italian = charts.score_chart(person)
    with translation.override("en"):
        english = charts.score_chart(person)
    assert len(renders) == 2
    assert italian is not None and english is not None


def test_text_from_the_database_is_escaped_in_the_svg(client, worker_a, person):
    Area.objects.filter(order=1).update(name="<script>alert(1)</script>")
    assess(person, worker_a, score=3)
    client.force_login(worker_a)
    html = client.get(url(person)).content.decode()
    assert "<script>alert(1)" not in html


def test_the_tutor_profile_has_no_chart(
    client, tutor, worker_a, person, make_placement, company, municipalities, renders
):
    from ponte.pathways.models import Placement
    from ponte.pathways.tests.people_helpers import company_service

    assess(person, worker_a, score=3)
    make_placement(
        person,
        service=company_service(company, municipalities),
        status=Placement.Status.ACCEPTED,
    )
    client.force_login(tutor)
    assert "<svg xmlns" not in client.get(url(person)).content.decode()
    assert renders == []
