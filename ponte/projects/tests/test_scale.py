"""The sub-projects' part of the synthetic data set (`seed_scale --subprojects N`)."""

from contextlib import redirect_stdout
from io import StringIO

import pytest
from django.core.management import call_command

from ponte.projects.models import BudgetLine, Indicator, Movement, SubProject
from ponte.projects.scale import LINES, MOVEMENTS_PER_LINE

pytestmark = pytest.mark.django_db


def test_it_adds_sub_projects_with_budgets_movements_and_indicators():
    call_command("seed_demo", stdout=StringIO())
    before = SubProject.objects.count()
    out = StringIO()
    with redirect_stdout(out):
        call_command(
            "seed_scale",
            organisations=20,
            people=0,
            openings=0,
            listings=0,
            subprojects=15,
            meetings=0,
        )
    synthetic = SubProject.objects.filter(title__startswith="Sottoprogetto sintetico")
    assert synthetic.count() == 15 == SubProject.objects.count() - before
    assert BudgetLine.objects.filter(subproject__in=synthetic).count() == 15 * len(LINES)
    movements = Movement.objects.filter(budget_line__subproject__in=synthetic)
    assert movements.count() == 15 * len(LINES) * MOVEMENTS_PER_LINE
    assert all(
        m.budget_line.subproject.starts_on <= m.on <= m.budget_line.subproject.ends_on
        for m in movements.select_related("budget_line__subproject")[:200]
    )
    assert Indicator.objects.filter(subproject__in=synthetic).count() == 15
    assert "15 synthetic sub-projects" in out.getvalue()
