"""Changes to sub-projects, budgets and indicators leave a trail in the audit log."""

import pytest
from auditlog.models import LogEntry

from ponte.projects.tests.conftest import add_movement

pytestmark = pytest.mark.django_db


def test_sub_projects_lines_and_movements_are_audited(subproject, cost_line, coordinator):
    movement = add_movement(cost_line, "10", coordinator)
    for instance in (subproject, cost_line, movement):
        assert LogEntry.objects.get_for_object(instance).exists(), instance
