"""The sub-projects of the demo district (ponte/projects/demo.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.network.models import User
from ponte.projects import selectors
from ponte.projects.models import Indicator, SubProject

TITLES = {
    "Uova di Terre Altre": "Cooperativa sociale Terre Altre",
    "Lavanderia per gli alberghi": "Cooperativa sociale Oltre",
    "Ristorante e catering Le Rais": "Cooperativa sociale Le Rais",
}


pytestmark = pytest.mark.django_db


def test_the_three_known_sub_projects_exist_with_their_lead_partners_and_funders(demo):
    subprojects = {s.title: s for s in SubProject.objects.select_related("lead")}
    assert {title: s.lead.name for title, s in subprojects.items()} == TITLES
    for subproject in subprojects.values():
        assert subproject.partners.exists()
        assert subproject.funders.exists()
        assert subproject.services.filter(provider=subproject.lead).exists()


def test_the_budgets_have_a_year_of_expenses_and_revenues(demo):
    for subproject in SubProject.objects.all():
        budget = selectors.budget_of(subproject)
        assert budget.total_costs.actual > 0
        assert budget.total_revenues.actual > 0
        assert budget.actual_sustainability.ratio is not None
        assert selectors.movements_count(subproject) >= 12 * len(budget.costs + budget.revenues)


def test_the_indicators_show_progress_toward_their_targets(demo):
    today = timezone.localdate()
    for subproject in SubProject.objects.all():
        statuses = selectors.indicators_of(subproject, today=today)
        sources = {status.indicator.source for status in statuses}
        assert sources == {Indicator.Source.MANUAL, Indicator.Source.COMPUTED}
        placed = next(s for s in statuses if s.indicator.computation == "people_placed")
        assert placed.current and placed.current > 0, subproject.title
        hours = next(s for s in statuses if s.indicator.computation == "hours_attended")
        assert hours.current and hours.current > 0, subproject.title
        manual = [s for s in statuses if s.indicator.source == Indicator.Source.MANUAL]
        assert all(0 < s.progress < 100 for s in manual)  # type: ignore[operator]


def test_the_coordinator_sees_the_demo_pages(demo, client):
    client.force_login(User.objects.get(username="coordinatore"))
    response = client.get(reverse("projects:list"))
    assert all(title in response.content.decode() for title in TITLES)
    subproject = SubProject.objects.get(title="Uova di Terre Altre")
    response = client.get(reverse("projects:detail", args=[subproject.code]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="flex-grow-1" max="100"' in content
    assert "Allevamento e raccolta delle uova" in content
