"""The list and the detail make the same number of queries however many sub-projects, budget
lines and movements there are."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.projects import services
from ponte.projects.models import BudgetLine, Indicator, IndicatorValue, Movement
from ponte.projects.tests.conftest import END, START, make_line, make_subproject

pytestmark = pytest.mark.django_db


def fill(subproject, by, size: int) -> None:
    """size lines of each kind, each with size movements; a manual indicator with size values
    and a computed one."""
    for kind in BudgetLine.Kind.values:
        for index in range(size):
            line = make_line(subproject, f"Voce {kind} {index}", kind, "100")
            Movement.objects.bulk_create(
                Movement(
                    budget_line=line,
                    on=START + timedelta(days=day),
                    amount=Decimal("10"),
                    description="Movimento",
                    recorded_by=by,
                )
                for day in range(size)
            )
    manual = services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name="Clienti",
            dimension=Indicator.Dimension.COMMUNITIES,
            target=Decimal("10"),
            starts_on=START,
            ends_on=END,
        )
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=manual, on=START + timedelta(days=day), value=day, recorded_by=by)
        for day in range(size)
    )
    services.indicator_save(
        indicator=Indicator(
            subproject=subproject,
            name="Persone",
            dimension=Indicator.Dimension.EMPOWERMENT,
            target=Decimal("10"),
            starts_on=START,
            ends_on=END,
            source=Indicator.Source.COMPUTED,
            computation="people_placed",
        )
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_list_queries_do_not_grow_with_the_sub_projects(client, contact_b, org_a, org_b):
    client.force_login(contact_b)
    url = reverse("projects:list")
    make_subproject(org_a, title="Primo")
    small = queries(client, url)
    for index in range(15):
        make_subproject(org_b if index % 2 else org_a, title=f"Sottoprogetto {index}")
    assert queries(client, url) == small


def test_the_detail_queries_do_not_grow_with_lines_and_movements(
    client, contact_a, subproject, coordinator, django_assert_max_num_queries
):
    client.force_login(contact_a)
    url = reverse("projects:detail", args=[subproject.code])
    fill(subproject, coordinator, 2)
    small = queries(client, url)
    big = make_subproject(subproject.lead, title="Grande", services=list(subproject.services.all()))
    fill(big, coordinator, 25)
    with django_assert_max_num_queries(small):
        response = client.get(reverse("projects:detail", args=[big.code]))
    assert response.status_code == 200
    assert "Voce revenue 24" in response.content.decode()
    assert small <= 25
